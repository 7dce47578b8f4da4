#pragma once
// The process's peak resident memory (VmHWM of /proc/self/status), in bytes; 0 when unknown.
#include <cstdint>

namespace condnet::solve {

std::int64_t peak_resident_bytes();

}  // namespace condnet::solve
