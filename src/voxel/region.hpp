#pragma once
// A box of voxels [begin, end) per axis, and cutting it out of a volume.
#include <array>
#include <cstdint>
#include <string_view>

#include "voxel/volume.hpp"

namespace condnet::voxel {

struct Region {
  std::array<std::int64_t, 3> begin{};
  std::array<std::int64_t, 3> end{};
  Shape shape() const { return {end[0] - begin[0], end[1] - begin[1], end[2] - begin[2]}; }
};

// Parses numpy-like slices "0:200,0:200,0:200" (an empty bound means the volume's edge, as in
// ":100,50:,:"); throws Error naming `what` when malformed or outside `shape`.
Region parse_region(std::string_view text, const Shape& shape, std::string_view what);

// The voxels of `region`, with the same voxel spacing and phase values.
Volume extract_region(const Volume& volume, const Region& region);

}  // namespace condnet::voxel
