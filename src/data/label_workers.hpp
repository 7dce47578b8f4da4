#pragma once
// Worker threads that label whole samples: the caller (one thread, the only one touching HDF5)
// submits volumes it has read and takes the finished labels back. Each worker runs the solver
// on its own sample; set the solver's own threads to 1 (CONDNET_THREADS, solve/parallel.hpp)
// so that N workers use N cores.
#include <chrono>
#include <cstdint>
#include <thread>
#include <utility>
#include <vector>

#include "core/bounded_queue.hpp"
#include "core/first_error.hpp"
#include "data/label_sample.hpp"

namespace condnet::data {

class LabelWorkers {
 public:
  LabelWorkers(int threads, const LabelSettings& settings);
  LabelWorkers(const LabelWorkers&) = delete;
  LabelWorkers& operator=(const LabelWorkers&) = delete;
  // Stops the workers after the samples they are solving; drops the queued ones.
  ~LabelWorkers();

  // The most samples outstanding at once: two per worker, one solving and one read ahead.
  std::size_t depth() const { return depth_; }
  // Queues a sample for the workers; requires outstanding() < depth().
  void submit(std::int64_t index, voxel::Volume volume);
  // Samples submitted and not yet handed back by take().
  std::size_t outstanding() const;
  // The samples finished so far, waiting up to `timeout` for the first one when none is;
  // rethrows the first error of a worker.
  std::vector<SampleLabels> take(std::chrono::milliseconds timeout);

 private:
  void work();

  LabelSettings settings_;
  std::size_t depth_;
  std::size_t outstanding_ = 0;  // the caller's thread only
  // Both hold at most depth_ samples, so neither submit() nor a worker ever waits on a full one.
  BoundedQueue<std::pair<std::int64_t, voxel::Volume>> work_;
  BoundedQueue<SampleLabels> finished_;  // cancelled by a worker's error
  FirstError error_;
  std::vector<std::thread> threads_;
};

}  // namespace condnet::data
