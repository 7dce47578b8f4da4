#pragma once
// The CPUs this process may run on: its affinity mask (sched_getaffinity), which `taskset`, a
// batch scheduler's cpuset or a container narrow, not the machine's core count
// (std::thread::hardware_concurrency). Thread counts and the cores pinned stages use come from
// here, so that a job never pins itself outside its allowance or oversubscribes it.
#include <string>
#include <string_view>
#include <vector>

namespace condnet {

// The allowed CPU ids, ascending; never empty (the CPU this thread runs on when the mask cannot
// be read).
std::vector<int> allowed_cpus();

// How many there are (>= 1).
int allowed_cpu_count();

// A CPU list as `taskset -c` and Linux's cpuset files write it, "0-3,6": ascending, without
// repeats, every CPU one this process may run on; throws Error naming `what` otherwise.
std::vector<int> parse_cpu_list(std::string_view text, const std::string& what);
// The shortest such list of `cpus` (ascending), "0-3,6".
std::string format_cpu_list(const std::vector<int>& cpus);

}  // namespace condnet
