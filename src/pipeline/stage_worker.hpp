#pragma once
// A stage's worker: one std::thread that runs posted jobs in order. Its first job binds it to
// the stage's device (Device::bind_this_thread), before any kernel runs: GNU OpenMP gives each
// thread that starts parallel regions its own team, whose threads inherit its affinity.
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

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

}  // namespace condnet::pipeline
