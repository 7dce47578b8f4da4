#pragma once
// NumPy .npy volumes (format versions 1.0, 2.0 and 3.0).
//
// Reading accepts the dtypes |b1 |u1 |i1 <u2 <i2 <u4 <i4 <u8 <i8 <f4 <f8 and their big-endian
// '>' forms (byte-swapped on reading), C or Fortran order (converted to C order), and a 3D
// shape (x, y, z); a 2D array (H, W) is read as (1, H, W). The data must fill the rest of the
// file exactly. Anything else throws Error as one line naming the file.
//
// Writing produces version 1.0 (2.0 when the header would not fit), C order, native byte
// order, with the header padded so that the data starts at a multiple of 64 bytes; the file
// is written atomically.
#include <filesystem>
#include <span>

#include "voxel/array.hpp"

namespace condnet::voxel {

RawArray read_npy(const std::filesystem::path& path);

void write_npy(const RawArray& array, const std::filesystem::path& path);

// A float32 field (potential, flux) of `shape`, C order: values.size() == shape.count().
void write_npy_floats(std::span<const float> values, Shape shape,
                      const std::filesystem::path& path);

}  // namespace condnet::voxel
