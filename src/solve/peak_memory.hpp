#pragma once
// The process's resident memory from /proc/self/status, in bytes; 0 when unknown.
#include <cstdint>

namespace condnet::solve {

// Peak resident memory (VmHWM): since the process started, or since reset_peak_resident().
std::int64_t peak_resident_bytes();
// Resident memory now (VmRSS).
std::int64_t resident_bytes();
// Starts VmHWM again from the present resident memory (writes 5 to /proc/self/clear_refs);
// false where the kernel does not allow it (the peak then stays the process's).
bool reset_peak_resident();

}  // namespace condnet::solve
