#pragma once
// A stage's worker: one std::thread that runs posted jobs in order. Its first job binds it to
// the stage's device (Device::bind_this_thread), before any kernel runs: GNU OpenMP gives each
// thread that starts parallel regions its own team, whose threads inherit its affinity.
#include <functional>
#include <future>
#include <thread>

#include "core/bounded_queue.hpp"

namespace condnet::pipeline {

class StageWorker {
 public:
  StageWorker();
  ~StageWorker();  // finishes the posted jobs, then joins
  StageWorker(const StageWorker&) = delete;
  StageWorker& operator=(const StageWorker&) = delete;

  // Runs `job` on the worker thread; the future carries its exception, if any.
  std::future<void> post(std::function<void()> job);

 private:
  using Job = std::packaged_task<void()>;
  void loop();

  // Unbounded: post() never blocks, for its caller posts to every stage before waiting on any,
  // and one stage's job may wait on another's.
  BoundedQueue<Job> jobs_{BoundedQueue<Job>::unbounded};
  std::thread thread_;
};

}  // namespace condnet::pipeline
