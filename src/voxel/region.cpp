#include "voxel/region.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/split.hpp"

namespace condnet::voxel {

namespace {

std::int64_t parse_bound(std::string_view text, std::int64_t fallback, std::string_view all,
                         std::string_view what) {
  if (text.empty()) return fallback;
  std::int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 0)
    fail("{}: '{}' is not a region; expected start:end per axis like 0:200,0:200,0:200", what, all);
  return value;
}

}  // namespace

Region parse_region(std::string_view text, const Shape& shape, std::string_view what) {
  const auto axes = split(text, ',');
  if (axes.size() != 3)
    fail("{}: '{}' is not a region; expected start:end per axis like 0:200,0:200,0:200", what,
         text);
  Region region;
  for (int axis = 0; axis < 3; ++axis) {
    const auto bounds = split(axes[axis], ':');
    if (bounds.size() != 2)
      fail("{}: '{}' is not a region; expected start:end per axis like 0:200,0:200,0:200", what,
           text);
    region.begin[axis] = parse_bound(bounds[0], 0, text, what);
    region.end[axis] = parse_bound(bounds[1], shape.extent(axis), text, what);
    if (region.begin[axis] >= region.end[axis] || region.end[axis] > shape.extent(axis))
      fail("{}: {}:{} along {} is empty or outside the volume ({} voxels along {})", what,
           region.begin[axis], region.end[axis], kAxisNames[axis], shape.extent(axis),
           kAxisNames[axis]);
  }
  return region;
}

Volume extract_region(const Volume& volume, const Region& region) {
  const Shape out = region.shape();
  Volume cut(out);
  for (std::int64_t x = 0; x < out.nx; ++x)
    for (std::int64_t y = 0; y < out.ny; ++y) {
      const std::uint8_t* row =
          volume.data() +
          volume.shape().index(region.begin[0] + x, region.begin[1] + y, region.begin[2]);
      std::copy(row, row + out.nz, &cut(x, y, 0));
    }
  cut.set_spacing(volume.spacing());
  cut.set_phase_values(volume.phase_values());
  return cut;
}

}  // namespace condnet::voxel
