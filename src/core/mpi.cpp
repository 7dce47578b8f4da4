#include "core/mpi.hpp"

#include <mpi.h>
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#endif

#include <climits>
#include <cstdlib>

#include "core/error.hpp"
#include "core/mpi_check.hpp"

namespace condnet::mpi {

namespace {

// Open MPI's own allocations at start-up and shut-down (PMIx, plugins it unloads) are not
// condnet's to free: sanitizer builds do not track them.
#if defined(__SANITIZE_ADDRESS__)
using NotOurLeaks = __lsan::ScopedDisabler;
#else
struct NotOurLeaks {};
#endif

}  // namespace

int count_of(std::size_t values) {
  CONDNET_ASSERT(values <= static_cast<std::size_t>(INT_MAX));
  return static_cast<int>(values);
}

bool launched_by_mpi() {
  for (const char* variable : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK", "SLURM_NTASKS"})
    if (std::getenv(variable) != nullptr) return true;
  return false;
}

void start() {
  static const bool started = [] {
    int initialised = 0;
    CONDNET_MPI_CHECK(MPI_Initialized(&initialised));
    if (initialised) return true;
    {
      [[maybe_unused]] const NotOurLeaks not_ours;
      // FUNNELED: the process has other threads (pipeline stage workers, OpenMP), but only
      // the thread that started MPI calls it, also while the others compute.
      int provided = 0;
      CONDNET_MPI_CHECK(MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided));
    }
    std::atexit([] {
      [[maybe_unused]] const NotOurLeaks not_ours;
      int finalised = 0;
      MPI_Finalized(&finalised);
      if (!finalised) MPI_Finalize();
    });
    return true;
  }();
  (void)started;
}

int rank() {
  start();
  int rank = 0;
  CONDNET_MPI_CHECK(MPI_Comm_rank(MPI_COMM_WORLD, &rank));
  return rank;
}

int size() {
  start();
  int size = 1;
  CONDNET_MPI_CHECK(MPI_Comm_size(MPI_COMM_WORLD, &size));
  return size;
}

NodeRanks node_ranks() {
  start();
  MPI_Comm node = MPI_COMM_NULL;
  CONDNET_MPI_CHECK(
      MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node));
  NodeRanks out;
  CONDNET_MPI_CHECK(MPI_Comm_rank(node, &out.rank));
  CONDNET_MPI_CHECK(MPI_Comm_size(node, &out.size));
  CONDNET_MPI_CHECK(MPI_Comm_free(&node));
  return out;
}

double sum(double value) {
  double total = 0.0;
  CONDNET_MPI_CHECK(MPI_Allreduce(&value, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD));
  return total;
}

double max(double value) {
  double largest = 0.0;
  CONDNET_MPI_CHECK(MPI_Allreduce(&value, &largest, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD));
  return largest;
}

void sum_in_place(std::span<float> values) {
  CONDNET_MPI_CHECK(MPI_Allreduce(MPI_IN_PLACE, values.data(), count_of(values.size()), MPI_FLOAT,
                                  MPI_SUM, MPI_COMM_WORLD));
}

void sum_in_place(std::span<double> values) {
  CONDNET_MPI_CHECK(MPI_Allreduce(MPI_IN_PLACE, values.data(), count_of(values.size()), MPI_DOUBLE,
                                  MPI_SUM, MPI_COMM_WORLD));
}

std::vector<double> gather(std::span<const double> local, std::int64_t total) {
  const int ranks = size();
  const int count = count_of(local.size());
  std::vector<int> counts(static_cast<std::size_t>(ranks));
  CONDNET_MPI_CHECK(MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD));
  std::vector<int> offsets(static_cast<std::size_t>(ranks), 0);
  for (int r = 1; r < ranks; ++r) offsets[r] = offsets[r - 1] + counts[r - 1];
  CONDNET_ASSERT(offsets[ranks - 1] + counts[ranks - 1] == total);
  std::vector<double> all(static_cast<std::size_t>(total));
  CONDNET_MPI_CHECK(MPI_Allgatherv(local.data(), count, MPI_DOUBLE, all.data(), counts.data(),
                                   offsets.data(), MPI_DOUBLE, MPI_COMM_WORLD));
  return all;
}

std::string broadcast_from_rank0(std::string text) {
  std::uint64_t length = text.size();
  CONDNET_MPI_CHECK(MPI_Bcast(&length, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD));
  text.resize(length);
  CONDNET_MPI_CHECK(MPI_Bcast(text.data(), count_of(length), MPI_CHAR, 0, MPI_COMM_WORLD));
  return text;
}

std::vector<std::int64_t> broadcast_from_rank0(std::vector<std::int64_t> values) {
  std::uint64_t count = values.size();
  CONDNET_MPI_CHECK(MPI_Bcast(&count, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD));
  values.resize(count);
  CONDNET_MPI_CHECK(MPI_Bcast(values.data(), count_of(count), MPI_INT64_T, 0, MPI_COMM_WORLD));
  return values;
}

void abort_job(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::abort();
}

}  // namespace condnet::mpi
