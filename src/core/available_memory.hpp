#pragma once
// How much more memory this process can have: what the kernel calls available, or less when
// the process's cgroup caps it.
#include <cstdint>
#include <optional>
#include <string_view>

namespace condnet {

// A field of /proc/meminfo ("MemTotal", "MemAvailable") in bytes; 0 when absent.
std::int64_t meminfo_bytes(std::string_view key);

// MemAvailable, or the cgroup's limit minus its usage where that is less (cgroup v2 memory.max
// of the process's group and its ancestors; v1 memory.limit_in_bytes); 0 when unknown.
std::int64_t available_memory_bytes();

// The rule above on given readings: `mem_available` (MemAvailable in bytes, 0 when unknown) and
// the cgroup's `headroom` (limit minus usage; none when no level sets a limit).
std::int64_t available_memory_bytes(std::int64_t mem_available,
                                    std::optional<std::int64_t> headroom);

}  // namespace condnet
