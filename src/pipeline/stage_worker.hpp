#pragma once
// A stage's worker: one std::thread that runs posted jobs in order. Its first job should be
// pin_this_thread(), before any oneDNN call: GNU OpenMP gives each thread that starts
// parallel regions its own team, whose threads inherit the starting thread's affinity.
#include <functional>
#include <future>
#include <string>
#include <thread>
#include <vector>

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

// Pins the calling thread to CPU ids `cores` and sets the OpenMP team size of the parallel
// regions it starts to their count; empty: nothing. `name` names the stage in errors.
void pin_this_thread(const std::vector<int>& cores, const std::string& name);

}  // namespace condnet::pipeline
