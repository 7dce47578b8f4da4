#include "surrogate/replicas.hpp"

#include <mpi.h>

#include <climits>

#include "core/error.hpp"
#include "solve/hypre_pcg.hpp"

namespace condnet::surrogate {

Replicas replicas_of_this_job() {
  if (!solve::launched_by_mpi()) return {};
  Replicas replicas{solve::mpi_rank(), solve::mpi_size()};
  MPI_Comm node = MPI_COMM_NULL;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, replicas.rank, MPI_INFO_NULL, &node);
  MPI_Comm_rank(node, &replicas.local_rank);
  MPI_Comm_size(node, &replicas.local_size);
  MPI_Comm_free(&node);
  return replicas;
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

std::string broadcast_from_leader(const Replicas& replicas, std::string text) {
  if (replicas.size == 1) return text;
  CONDNET_ASSERT(text.size() <= static_cast<std::size_t>(INT_MAX));
  int length = static_cast<int>(text.size());
  MPI_Bcast(&length, 1, MPI_INT, 0, MPI_COMM_WORLD);
  text.resize(static_cast<std::size_t>(length));
  MPI_Bcast(text.data(), length, MPI_CHAR, 0, MPI_COMM_WORLD);
  return text;
}

bool any_replica(const Replicas& replicas, bool flag) {
  if (replicas.size == 1) return flag;
  return solve::sum_over_ranks(flag ? 1.0 : 0.0) > 0;
}

}  // namespace condnet::surrogate
