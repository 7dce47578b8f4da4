#include "surrogate/replicas.hpp"

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <vector>

#include "core/error.hpp"
#include "core/mpi_check.hpp"
#include "solve/hypre_pcg.hpp"

namespace condnet::surrogate {

namespace {

int mpi_count(std::span<float> values) {
  CONDNET_ASSERT(values.size() <= static_cast<std::size_t>(INT_MAX));
  return static_cast<int>(values.size());
}

// In place, the sum over MPI_COMM_WORLD.
void sum_in_place(std::span<float> values) {
  CONDNET_MPI_CHECK(MPI_Allreduce(MPI_IN_PLACE, values.data(), mpi_count(values), MPI_FLOAT,
                                  MPI_SUM, MPI_COMM_WORLD));
}

class MpiGradientReducer final : public train::GradientReducer {
 public:
  void begin_step() override {
    CONDNET_ASSERT(outstanding() == 0 && "finish() the previous step's sums");
    requests_.clear();
  }

  void reduce(std::span<float> values) override { sum_in_place(values); }

  int reduce_async(std::span<float> values) override {
    MPI_Request request = MPI_REQUEST_NULL;
    CONDNET_MPI_CHECK(MPI_Iallreduce(MPI_IN_PLACE, values.data(), mpi_count(values), MPI_FLOAT,
                                     MPI_SUM, MPI_COMM_WORLD, &request));
    requests_.push_back(request);
    return static_cast<int>(requests_.size()) - 1;
  }

  std::vector<int> poll() override {
    if (outstanding() == 0) return {};
    std::vector<int> done(requests_.size());
    int count = 0;
    CONDNET_MPI_CHECK(MPI_Testsome(static_cast<int>(requests_.size()), requests_.data(), &count,
                                   done.data(), MPI_STATUSES_IGNORE));
    done.resize(count == MPI_UNDEFINED ? 0 : static_cast<std::size_t>(count));
    return done;
  }

  std::vector<int> finish() override {
    std::vector<int> waited;
    for (std::size_t r = 0; r < requests_.size(); ++r)
      if (requests_[r] != MPI_REQUEST_NULL) waited.push_back(static_cast<int>(r));
    CONDNET_MPI_CHECK(
        MPI_Waitall(static_cast<int>(requests_.size()), requests_.data(), MPI_STATUSES_IGNORE));
    return waited;
  }

 private:
  std::size_t outstanding() const {
    return static_cast<std::size_t>(std::count_if(
        requests_.begin(), requests_.end(), [](MPI_Request r) { return r != MPI_REQUEST_NULL; }));
  }

  std::vector<MPI_Request> requests_;  // per handle; MPI_REQUEST_NULL once complete
};

}  // namespace

Replicas replicas_of_this_job() {
  if (!solve::launched_by_mpi()) return {};
  Replicas replicas{solve::mpi_rank(), solve::mpi_size()};
  MPI_Comm node = MPI_COMM_NULL;
  CONDNET_MPI_CHECK(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, replicas.rank,
                                        MPI_INFO_NULL, &node));
  CONDNET_MPI_CHECK(MPI_Comm_rank(node, &replicas.local_rank));
  CONDNET_MPI_CHECK(MPI_Comm_size(node, &replicas.local_size));
  CONDNET_MPI_CHECK(MPI_Comm_free(&node));
  return replicas;
}

std::unique_ptr<train::GradientReducer> gradient_reducer(const Replicas& replicas) {
  CONDNET_ASSERT(replicas.size > 1);
  return std::make_unique<MpiGradientReducer>();
}

void sum_over_replicas(const Replicas& replicas, std::span<float> values) {
  if (replicas.size > 1) sum_in_place(values);
}

double mean_over_replicas(const Replicas& replicas, double value) {
  if (replicas.size == 1) return value;
  return solve::sum_over_ranks(value) / replicas.size;
}

void mean_over_replicas(const Replicas& replicas, std::span<double> values) {
  if (replicas.size == 1) return;
  CONDNET_ASSERT(values.size() <= static_cast<std::size_t>(INT_MAX));
  CONDNET_MPI_CHECK(MPI_Allreduce(MPI_IN_PLACE, values.data(), static_cast<int>(values.size()),
                                  MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD));
  for (double& value : values) value /= replicas.size;
}

std::string broadcast_from_leader(const Replicas& replicas, std::string text) {
  if (replicas.size == 1) return text;
  CONDNET_ASSERT(text.size() <= static_cast<std::size_t>(INT_MAX));
  int length = static_cast<int>(text.size());
  CONDNET_MPI_CHECK(MPI_Bcast(&length, 1, MPI_INT, 0, MPI_COMM_WORLD));
  text.resize(static_cast<std::size_t>(length));
  CONDNET_MPI_CHECK(MPI_Bcast(text.data(), length, MPI_CHAR, 0, MPI_COMM_WORLD));
  return text;
}

bool any_replica(const Replicas& replicas, bool flag) {
  if (replicas.size == 1) return flag;
  return solve::sum_over_ranks(flag ? 1.0 : 0.0) > 0;
}

}  // namespace condnet::surrogate
