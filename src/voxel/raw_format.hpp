#pragma once
// Headerless binary volumes (.raw): the user states the layout (--shape, --dtype, order,
// byte order, bytes to skip), and the file must hold exactly that many bytes.
#include <cstdint>
#include <filesystem>

#include "voxel/array.hpp"

namespace condnet::voxel {

struct RawLayout {
  Shape shape;  // (x, y, z) as the array is indexed, whatever the order on disk
  ElementType dtype = ElementType::uint8;
  bool fortran_order = false;  // x fastest on disk instead of z
  bool big_endian = false;
  std::int64_t header_bytes = 0;  // skipped before the data
};

// Reads `path` as described by `layout` into C order, native byte order. Throws Error naming
// the file when its size is not exactly header_bytes + count * dtype size.
RawArray read_raw(const std::filesystem::path& path, const RawLayout& layout);

// Writes the array's bytes as they are (C order, native byte order, no header), atomically.
void write_raw(const RawArray& array, const std::filesystem::path& path);

}  // namespace condnet::voxel
