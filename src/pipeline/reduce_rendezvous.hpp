#pragma once
// Where a stage's worker and the thread calling PipelineTrainer::step() (the only thread that
// calls MPI) meet once per step for the stage's gradient sum over the replicas: the worker,
// its backwards done and its stream synchronised, marks the stage ready and waits; the caller
// waits for it, sums the slab and releases it; the worker then updates. close() wakes both
// sides (a stage or the sum failed): waiting workers throw PipelineAborted, the caller's
// wait_ready() answers false.
#include <condition_variable>
#include <mutex>
#include <vector>

#include "pipeline/handoff_queue.hpp"

namespace condnet::pipeline {

class ReduceRendezvous {
 public:
  // Every stage not ready and open, for a step of `stages` stages.
  void reset(int stages) {
    std::lock_guard lock(mutex_);
    ready_.assign(stages, false);
    released_.assign(stages, false);
    closed_ = false;
  }

  // Worker: stage `s`'s gradient slab is final; returns once the caller has summed it.
  void reduce(int s) {
    std::unique_lock lock(mutex_);
    ready_[s] = true;
    changed_.notify_all();
    changed_.wait(lock, [&] { return closed_ || released_[s]; });
    if (closed_) throw PipelineAborted();
  }

  // Caller: waits until stage `s` is ready; false when closed first.
  bool wait_ready(int s) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return closed_ || ready_[s]; });
    return !closed_;
  }

  // Caller: stage `s`'s slab is summed.
  void release(int s) {
    std::lock_guard lock(mutex_);
    released_[s] = true;
    changed_.notify_all();
  }

  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<bool> ready_, released_;
  bool closed_ = false;
};

}  // namespace condnet::pipeline
