#include "voxel/spacing.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <vector>

#include "core/error.hpp"
#include "core/split.hpp"

namespace condnet::voxel {

namespace {

constexpr const char* kAllowed = "allowed: D or DX,DY,DZ, each a number > 0";

}  // namespace

Spacing parse_spacing(std::string_view text, std::string_view what) {
  std::vector<double> values;
  for (const auto part : split(text, ',')) {
    double value = 0;
    const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || ec != std::errc() || ptr != part.data() + part.size())
      fail("{}: '{}' is not a spacing; {}", what, text, kAllowed);
    values.push_back(value);
  }
  if (values.size() != 1 && values.size() != 3)
    fail("{}: '{}' has {} values; {}", what, text, values.size(), kAllowed);
  const Spacing spacing = values.size() == 1 ? Spacing{values[0], values[0], values[0]}
                                             : Spacing{values[0], values[1], values[2]};
  check_spacing(spacing, what);
  return spacing;
}

void check_spacing(const Spacing& spacing, std::string_view what) {
  for (const double h : spacing)
    if (!(h > 0) || !std::isfinite(h))
      fail("{}: spacing {},{},{} has an edge of {}; {}", what, spacing[0], spacing[1], spacing[2],
           h, kAllowed);
}

bool isotropic(const Spacing& spacing) {
  return spacing[0] == spacing[1] && spacing[1] == spacing[2];
}

std::string format_spacing(const Spacing& spacing) {
  if (isotropic(spacing)) return fmt::format("{}", spacing[0]);
  return fmt::format("{},{},{}", spacing[0], spacing[1], spacing[2]);
}

}  // namespace condnet::voxel
