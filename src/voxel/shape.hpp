#pragma once
// 3D grid shapes and axis names. Axes are array axes as numpy users index images, im[x, y, z]:
// x = axis 0 (for a TIFF stack the page index), y = axis 1, z = axis 2 (fastest in C order).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace condnet::voxel {

struct Shape {
  std::int64_t nx = 0;
  std::int64_t ny = 0;
  std::int64_t nz = 0;

  std::int64_t count() const { return nx * ny * nz; }
  std::int64_t extent(int axis) const { return axis == 0 ? nx : axis == 1 ? ny : nz; }
  // C-order linear index of voxel (x, y, z).
  std::int64_t index(std::int64_t x, std::int64_t y, std::int64_t z) const {
    return (x * ny + y) * nz + z;
  }
  std::string str() const;  // "NXxNYxNZ"
  bool operator==(const Shape&) const = default;
};

// Parses "64,64,64" or "64x64x64"; throws Error naming `what` on anything else.
Shape parse_shape(std::string_view text, std::string_view what);

// Parses an axis given as 0|1|2 or x|y|z; throws Error naming `what`.
int parse_axis(std::string_view text, std::string_view what);
constexpr std::array<char, 3> kAxisNames = {'x', 'y', 'z'};

}  // namespace condnet::voxel
