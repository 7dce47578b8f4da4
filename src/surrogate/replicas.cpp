#include "surrogate/replicas.hpp"

#include <mpi.h>

#include <climits>

#include "core/error.hpp"
#include "solve/hypre_pcg.hpp"

namespace condnet::surrogate {

Replicas replicas_of_this_job() {
  if (!solve::launched_by_mpi()) return {};
  return {solve::mpi_rank(), solve::mpi_size()};
}

void sum_over_replicas(const Replicas& replicas, std::span<float> values) {
  if (replicas.size == 1) return;
  CONDNET_ASSERT(values.size() <= static_cast<std::size_t>(INT_MAX));
  MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_FLOAT, MPI_SUM,
                MPI_COMM_WORLD);
}

double mean_over_replicas(const Replicas& replicas, double value) {
  if (replicas.size == 1) return value;
  return solve::sum_over_ranks(value) / replicas.size;
}

void mean_over_replicas(const Replicas& replicas, std::span<double> values) {
  if (replicas.size == 1) return;
  CONDNET_ASSERT(values.size() <= static_cast<std::size_t>(INT_MAX));
  MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()), MPI_DOUBLE, MPI_SUM,
                MPI_COMM_WORLD);
  for (double& value : values) value /= replicas.size;
}

bool any_replica(const Replicas& replicas, bool flag) {
  if (replicas.size == 1) return flag;
  return solve::sum_over_ranks(flag ? 1.0 : 0.0) > 0;
}

}  // namespace condnet::surrogate
