#pragma once
// Writing every byte to a file descriptor: write(2) may write fewer bytes than asked or be
// interrupted by a signal; this retries until all are written or a write fails.
#include <string_view>

namespace condnet {

// True when every byte of `bytes` was written to `fd`; false with errno set when a write
// failed (ENOSPC when the system wrote nothing without saying why).
bool write_all(int fd, std::string_view bytes);

}  // namespace condnet
