#pragma once
// Memory sizes as users write them: 8G, 512M, 1.5T, 4096 (bytes).
#include <cstdint>
#include <string>
#include <string_view>

namespace condnet {

// A number of bytes with an optional suffix K, M, G or T (powers of 1024, case-insensitive,
// an optional trailing B or iB: 8G, 8GB, 8GiB); > 0. Throws Error naming `option` otherwise.
std::int64_t parse_byte_size(std::string_view text, std::string_view option);

// "5.03G", "412M", "96K": binary units, the way parse_byte_size reads them.
std::string format_byte_size(std::int64_t bytes);

}  // namespace condnet
