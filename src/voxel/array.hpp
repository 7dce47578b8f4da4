#pragma once
// A typed 3D array exactly as a file stores it, before it becomes a Volume of phase labels.
// Readers produce it and writers consume it, so that every format shares one conversion.
#include <cstdint>
#include <optional>
#include <vector>

#include "voxel/element_type.hpp"
#include "voxel/shape.hpp"
#include "voxel/spacing.hpp"

namespace condnet::voxel {

struct RawArray {
  Shape shape;
  ElementType dtype = ElementType::uint8;
  // count() * dtype_size(dtype) bytes, native endianness, C order (x slowest, z fastest).
  std::vector<std::uint8_t> bytes;
  // The voxel spacing the file states (TIFF resolution tags and ImageJ's slice spacing, an
  // HDF5 attribute), in array axis order; none when it states none.
  std::optional<Spacing> spacing;
};

// Reorders a Fortran-order (x fastest) buffer of `shape` into C order, in place.
void fortran_to_c_order(RawArray& array);

}  // namespace condnet::voxel
