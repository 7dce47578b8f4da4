#include "train/core_groups.hpp"

#include <algorithm>

#include "core/cpu_set.hpp"
#include "core/error.hpp"

namespace condnet::train {

std::vector<std::vector<int>> core_groups(int stages, int local_rank, int local_size) {
  CONDNET_ASSERT(stages >= 1 && local_size >= 1 && local_rank >= 0 && local_rank < local_size);
  const auto cpus = allowed_cpus();
  const int cores = static_cast<int>(cpus.size());
  std::vector<std::vector<int>> groups(stages);
  const int per_group = std::max(1, cores / (stages * local_size));
  for (int s = 0; s < stages; ++s) {
    const int group = local_rank * stages + s;
    for (int c = 0; c < per_group; ++c) groups[s].push_back(cpus[(group * per_group + c) % cores]);
  }
  return groups;
}

std::vector<nlohmann::json> leader_split(const Replicas& replicas,
                                         const std::vector<nlohmann::json>& split) {
  if (replicas.size == 1) return split;
  return nlohmann::json::parse(broadcast_from_leader(replicas, nlohmann::json(split).dump()))
      .get<std::vector<nlohmann::json>>();
}

}  // namespace condnet::train
