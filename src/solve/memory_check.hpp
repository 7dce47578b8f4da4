#pragma once
// Refuses a solve whose estimated peak memory exceeds the limit, before it allocates anything
// large, so that it ends with one line instead of being killed by the kernel (which would also
// end a Python session and everything in it).
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "solve/solve.hpp"
#include "voxel/volume.hpp"

namespace condnet::solve {

// How the refusal names what the user can change: the command line's options by default,
// Python's arguments from the module.
struct MemoryLimitWords {
  std::string_view option = "--max-memory";                     // names the limit
  std::string_view set_limit = "--max-memory SIZE (e.g. 16G)";  // how to raise it
  std::string_view crop = "crop the volume (--crop)";           // how to need less
};

// The limit: `max_memory` (e.g. "8G") when given, else the memory the process has now plus
// what is available to it (MemAvailable, or the cgroup's headroom), under mpirun shared among
// the ranks on the node. Throws Error (one line: the estimate, the limit, how to change either)
// when the largest estimate over `axes` exceeds it on any rank.
void check_solve_memory(const voxel::Volume& volume, const std::array<double, 256>& conductivity,
                        SolveOptions options, const std::vector<int>& axes,
                        const std::string& max_memory, bool distributed,
                        const MemoryLimitWords& words = {});

}  // namespace condnet::solve
