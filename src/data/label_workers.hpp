#pragma once
// Worker threads that label whole samples: the caller (one thread, the only one touching HDF5)
// submits volumes it has read and takes the finished labels back. Each worker runs the solver
// on its own sample; set the solver's own threads to 1 (CONDNET_THREADS, solve/parallel.hpp)
// so that N workers use N cores.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "data/label_sample.hpp"

namespace condnet::data {

class LabelWorkers {
 public:
  LabelWorkers(int threads, const LabelSettings& settings);
  LabelWorkers(const LabelWorkers&) = delete;
  LabelWorkers& operator=(const LabelWorkers&) = delete;
  // Stops the workers after the samples they are solving; drops the queued ones.
  ~LabelWorkers();

  void submit(std::int64_t index, voxel::Volume volume);
  // Samples submitted and not yet handed back by take().
  std::size_t outstanding() const;
  // The samples finished so far, waiting up to `timeout` for the first one when none is;
  // rethrows the first error of a worker.
  std::vector<SampleLabels> take(std::chrono::milliseconds timeout);

 private:
  void work();

  LabelSettings settings_;
  mutable std::mutex mutex_;
  std::condition_variable work_ready_, result_ready_;
  std::deque<std::pair<std::int64_t, voxel::Volume>> queue_;
  std::vector<SampleLabels> finished_;
  std::size_t outstanding_ = 0;
  std::exception_ptr error_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace condnet::data
