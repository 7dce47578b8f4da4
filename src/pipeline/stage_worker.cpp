#include "pipeline/stage_worker.hpp"

namespace condnet::pipeline {

StageWorker::StageWorker() : thread_([this] { loop(); }) {}

StageWorker::~StageWorker() {
  jobs_.close();
  thread_.join();
}

std::future<void> StageWorker::post(std::function<void()> job) {
  Job task(std::move(job));
  auto future = task.get_future();
  const bool queued = jobs_.push(std::move(task));
  CONDNET_ASSERT(queued);  // only the destructor closes the queue
  return future;
}

void StageWorker::loop() {
  while (auto task = jobs_.pop()) (*task)();
}

}  // namespace condnet::pipeline
