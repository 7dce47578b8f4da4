#include "pipeline/stage_worker.hpp"

#include <dlfcn.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <pthread.h>
#include <sched.h>

#include "core/error.hpp"

namespace condnet::pipeline {

namespace {

// omp_set_num_threads of the OpenMP runtime oneDNN loaded (condnet does not link OpenMP
// itself); null when there is none (a sequential or TBB build of oneDNN).
using SetNumThreads = void (*)(int);
SetNumThreads omp_set_num_threads_function() {
  return reinterpret_cast<SetNumThreads>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
}

}  // namespace

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

void pin_this_thread(const std::vector<int>& cores, const std::string& name) {
  if (cores.empty()) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  for (const int core : cores) {
    if (core < 0 || core >= CPU_SETSIZE)
      fail("{}: core {} is not a CPU id (0..{})", name, core, CPU_SETSIZE - 1);
    CPU_SET(core, &set);
  }
  if (const int status = pthread_setaffinity_np(pthread_self(), sizeof(set), &set); status != 0)
    fail(
        "{}: cannot pin the worker to cores {} (pthread_setaffinity_np: error {}); use cores "
        "this process may run on",
        name, fmt::join(cores, ","), status);
  if (const auto set_threads = omp_set_num_threads_function())
    set_threads(static_cast<int>(cores.size()));
}

}  // namespace condnet::pipeline
