#include "core/available_memory.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

namespace condnet {

namespace {

// The first number in `path` ("max" or absent: none).
std::optional<std::int64_t> read_number(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::int64_t value = 0;
  if (file >> value) return value;
  return std::nullopt;
}

// Limit minus usage of the group at `group` (a directory) and each of its ancestors up to
// `root`, the smallest; none when no level sets a limit.
std::optional<std::int64_t> cgroup_headroom(const std::filesystem::path& root,
                                            std::filesystem::path group, const char* limit_file,
                                            const char* usage_file) {
  std::optional<std::int64_t> headroom;
  for (;;) {
    const auto limit = read_number(group / limit_file);
    const auto usage = read_number(group / usage_file);
    // cgroup v1 writes "no limit" as a huge number: beyond 2^60 bytes means none.
    if (limit && usage && *limit < (std::int64_t{1} << 60))
      headroom = std::min(headroom.value_or(*limit - *usage), *limit - *usage);
    if (group == root || !group.has_relative_path() || group.parent_path() == group) break;
    group = group.parent_path();
  }
  return headroom;
}

// The headroom of this process's memory cgroup (v2 unified, else v1 memory controller).
std::optional<std::int64_t> cgroup_headroom() {
  std::ifstream cgroups("/proc/self/cgroup");
  std::string line;
  while (std::getline(cgroups, line)) {
    const std::size_t first = line.find(':');
    const std::size_t second = line.find(':', first + 1);
    if (first == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(first + 1, second - first - 1);
    const std::string path = line.substr(second + 1);
    if (controllers.empty()) {  // v2: "0::/path"
      const std::filesystem::path root = "/sys/fs/cgroup";
      if (auto h = cgroup_headroom(root, root / path.substr(1), "memory.max", "memory.current"))
        return h;
    } else if (("," + controllers + ",").find(",memory,") != std::string::npos) {
      const std::filesystem::path root = "/sys/fs/cgroup/memory";
      if (auto h = cgroup_headroom(root, root / path.substr(1), "memory.limit_in_bytes",
                                   "memory.usage_in_bytes"))
        return h;
    }
  }
  return std::nullopt;
}

}  // namespace

std::int64_t meminfo_bytes(std::string_view key) {
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line)) {
    if (line.size() <= key.size() || line.compare(0, key.size(), key) != 0 ||
        line[key.size()] != ':')
      continue;
    std::istringstream fields(line.substr(key.size() + 1));
    std::int64_t kib = 0;
    fields >> kib;
    return kib * 1024;
  }
  return 0;
}

std::int64_t available_memory_bytes() {
  return available_memory_bytes(meminfo_bytes("MemAvailable"), cgroup_headroom());
}

std::int64_t available_memory_bytes(std::int64_t mem_available,
                                    std::optional<std::int64_t> headroom) {
  if (!headroom) return mem_available;
  const std::int64_t capped = std::max<std::int64_t>(0, *headroom);
  return mem_available > 0 ? std::min(mem_available, capped) : capped;
}

}  // namespace condnet
