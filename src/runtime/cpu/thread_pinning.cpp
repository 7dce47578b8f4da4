#include "runtime/cpu/thread_pinning.hpp"

#include <dlfcn.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <pthread.h>
#include <sched.h>

#include "core/error.hpp"

namespace condnet::runtime::cpu {

namespace {

// omp_set_num_threads of the OpenMP runtime oneDNN loaded (condnet does not link OpenMP
// itself); null when there is none (a sequential or TBB build of oneDNN).
using SetNumThreads = void (*)(int);
SetNumThreads omp_set_num_threads_function() {
  return reinterpret_cast<SetNumThreads>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
}

}  // namespace

void pin_this_thread(const std::vector<int>& cpus, const std::string& name) {
  if (cpus.empty()) return;
  cpu_set_t set;
  CPU_ZERO(&set);
  for (const int cpu : cpus) {
    if (cpu < 0 || cpu >= CPU_SETSIZE)
      fail("{}: CPU {} is not a CPU id (0..{})", name, cpu, CPU_SETSIZE - 1);
    CPU_SET(cpu, &set);
  }
  if (const int status = pthread_setaffinity_np(pthread_self(), sizeof(set), &set); status != 0)
    fail(
        "{}: cannot pin a thread to CPUs {} (pthread_setaffinity_np: error {}); use CPUs this "
        "process may run on",
        name, fmt::join(cpus, ","), status);
  if (const auto set_threads = omp_set_num_threads_function())
    set_threads(static_cast<int>(cpus.size()));
}

}  // namespace condnet::runtime::cpu
