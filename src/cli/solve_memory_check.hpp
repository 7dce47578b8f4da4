#pragma once
// Refuses a solve whose estimated peak memory exceeds the limit, before it allocates anything
// large, so that it ends with one line instead of being killed by the kernel.
#include <array>
#include <string>
#include <vector>

#include "solve/solve.hpp"
#include "voxel/volume.hpp"

namespace condnet::cli {

// The limit: `max_memory` (--max-memory, e.g. "8G") when given, else the memory the process
// has now plus what is available to it (MemAvailable, or the cgroup's headroom), under mpirun
// shared among the ranks on the node. Throws Error (one line: the estimate, the limit, the
// option) when the largest estimate over `axes` exceeds it on any rank.
void check_solve_memory(const voxel::Volume& volume, const std::array<double, 256>& conductivity,
                        solve::SolveOptions options, const std::vector<int>& axes,
                        const std::string& max_memory, bool distributed);

}  // namespace condnet::cli
