#include "core/cpu_set.hpp"

#include <sched.h>

namespace condnet {

std::vector<int> allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> out;
  if (sched_getaffinity(0, sizeof(set), &set) == 0)
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
      if (CPU_ISSET(cpu, &set)) out.push_back(cpu);
  if (out.empty()) out.push_back(sched_getcpu() >= 0 ? sched_getcpu() : 0);
  return out;
}

int allowed_cpu_count() { return static_cast<int>(allowed_cpus().size()); }

}  // namespace condnet
