#pragma once
// A stage's worker: one std::thread that runs posted jobs in order. Its first job should be
// pin_this_thread(), before any oneDNN call: GNU OpenMP gives each thread that starts
// parallel regions its own team, whose threads inherit the starting thread's affinity.
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

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
  void loop();

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::packaged_task<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

// Pins the calling thread to CPU ids `cores` and sets the OpenMP team size of the parallel
// regions it starts to their count; empty: nothing. `name` names the stage in errors.
void pin_this_thread(const std::vector<int>& cores, const std::string& name);

}  // namespace condnet::pipeline
