#pragma once
// 8-bit RGB PNG images through libpng, written atomically.
#include <cstdint>
#include <filesystem>
#include <span>

namespace condnet::report {

// rgb: height rows of width pixels, 3 bytes each, top row first. Error naming `path` when it
// cannot be written.
void write_png_rgb(const std::filesystem::path& path, std::int64_t width, std::int64_t height,
                   std::span<const std::uint8_t> rgb);

}  // namespace condnet::report
