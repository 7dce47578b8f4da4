#include "voxel/correlation.hpp"

#include <cmath>
#include <vector>

#include "core/error.hpp"

namespace condnet::voxel {

namespace {

// S2 along `axis` at lag r: pairs both in the mask over all pairs.
double two_point(std::span<const std::uint8_t> mask, const Shape& shape, int axis, std::int64_t r) {
  const std::array<std::int64_t, 3> extent = {shape.nx, shape.ny, shape.nz};
  const std::array<std::int64_t, 3> stride = {shape.ny * shape.nz, shape.nz, 1};
  std::array<std::int64_t, 3> end = extent;
  end[axis] -= r;
  std::int64_t both = 0;
  const auto offset = r * stride[axis];
  for (std::int64_t x = 0; x < end[0]; ++x)
    for (std::int64_t y = 0; y < end[1]; ++y) {
      const auto* row = mask.data() + x * stride[0] + y * stride[1];
      for (std::int64_t z = 0; z < end[2]; ++z) both += (row[z] != 0) & (row[z + offset] != 0);
    }
  return static_cast<double>(both) / static_cast<double>(end[0] * end[1] * end[2]);
}

}  // namespace

std::array<double, 3> correlation_lengths(std::span<const std::uint8_t> mask, const Shape& shape) {
  CONDNET_ASSERT(static_cast<std::int64_t>(mask.size()) == shape.count() && shape.count() > 0);
  std::int64_t on = 0;
  for (const auto v : mask) on += v != 0;
  const double eps = static_cast<double>(on) / static_cast<double>(shape.count());
  std::array<double, 3> out{};
  if (on == 0 || on == shape.count()) return out;
  const double threshold = std::exp(-1.0);
  const std::array<std::int64_t, 3> extent = {shape.nx, shape.ny, shape.nz};
  for (int axis = 0; axis < 3; ++axis) {
    const auto last = std::max<std::int64_t>(1, extent[axis] / 2);
    double previous = 1.0;  // C(0)
    out[axis] = static_cast<double>(last);
    for (std::int64_t r = 1; r <= last && r < extent[axis]; ++r) {
      const double c = (two_point(mask, shape, axis, r) - eps * eps) / (eps - eps * eps);
      if (c <= threshold) {
        out[axis] = static_cast<double>(r - 1) + (previous - threshold) / (previous - c);
        break;
      }
      previous = c;
    }
  }
  return out;
}

}  // namespace condnet::voxel
