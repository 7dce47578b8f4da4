#include "train/replicas.hpp"

#include <mpi.h>

#include <algorithm>
#include <vector>

#include "core/error.hpp"
#include "core/mpi.hpp"
#include "core/mpi_check.hpp"

namespace condnet::train {

namespace {

class MpiGradientReducer final : public GradientReducer {
 public:
  void begin_step() override {
    CONDNET_ASSERT(outstanding() == 0 && "finish() the previous step's sums");
    requests_.clear();
  }

  void reduce(std::span<float> values) override { mpi::sum_in_place(values); }

  int reduce_async(std::span<float> values) override {
    MPI_Request request = MPI_REQUEST_NULL;
    CONDNET_MPI_CHECK(MPI_Iallreduce(MPI_IN_PLACE, values.data(), mpi::count_of(values.size()),
                                     MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD, &request));
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
  if (!mpi::launched_by_mpi()) return {};
  const auto node = mpi::node_ranks();
  return {mpi::rank(), mpi::size(), node.rank, node.size};
}

std::unique_ptr<GradientReducer> gradient_reducer(const Replicas& replicas) {
  CONDNET_ASSERT(replicas.size > 1);
  return std::make_unique<MpiGradientReducer>();
}

void sum_over_replicas(const Replicas& replicas, std::span<float> values) {
  if (replicas.size > 1) mpi::sum_in_place(values);
}

double mean_over_replicas(const Replicas& replicas, double value) {
  if (replicas.size == 1) return value;
  return mpi::sum(value) / replicas.size;
}

void mean_over_replicas(const Replicas& replicas, std::span<double> values) {
  if (replicas.size == 1) return;
  mpi::sum_in_place(values);
  for (double& value : values) value /= replicas.size;
}

std::string broadcast_from_leader(const Replicas& replicas, std::string text) {
  if (replicas.size == 1) return text;
  return mpi::broadcast_from_rank0(std::move(text));
}

bool any_replica(const Replicas& replicas, bool flag) {
  if (replicas.size == 1) return flag;
  return mpi::sum(flag ? 1.0 : 0.0) > 0;
}

}  // namespace condnet::train
