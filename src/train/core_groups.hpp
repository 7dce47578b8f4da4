#pragma once
// How a job's pipeline stages share this machine: each rank's stages get contiguous groups of
// the CPUs the process may use (core/cpu_set.hpp), and every rank uses rank 0's stage split.
#include <nlohmann/json.hpp>
#include <vector>

#include "train/replicas.hpp"

namespace condnet::train {

// The allowed CPUs (core/cpu_set.hpp) split into local_size x S contiguous groups, as equal as they
// come (cores shared round-robin when the groups outnumber them); this rank's S groups, the
// (local_rank S + s)-th for stage s. One process: S groups of all the cores.
std::vector<std::vector<int>> core_groups(int stages, int local_rank = 0, int local_size = 1);

// Rank 0's stage split on every rank (a balanced split's timings differ between ranks, but
// their stage slabs must match for the gradient sums); `split` itself for one replica.
std::vector<nlohmann::json> leader_split(const Replicas& replicas,
                                         const std::vector<nlohmann::json>& split);

}  // namespace condnet::train
