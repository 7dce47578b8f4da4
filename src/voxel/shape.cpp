#include "voxel/shape.hpp"

#include <charconv>
#include <vector>

#include "core/error.hpp"

namespace condnet::voxel {

std::string Shape::str() const { return fmt::format("{}x{}x{}", nx, ny, nz); }

Shape parse_shape(std::string_view text, std::string_view what) {
  std::vector<std::int64_t> extents;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of(",x", start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view part = text.substr(start, end - start);
    std::int64_t value = 0;
    const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc() || ptr != part.data() + part.size() || value <= 0)
      fail("{}: '{}' is not a shape; expected three positive integers like 64,64,64", what, text);
    extents.push_back(value);
    start = end + 1;
  }
  if (extents.size() != 3)
    fail("{}: '{}' has {} extents; expected three like 64,64,64", what, text, extents.size());
  return {extents[0], extents[1], extents[2]};
}

int parse_axis(std::string_view text, std::string_view what) {
  if (text == "0" || text == "x") return 0;
  if (text == "1" || text == "y") return 1;
  if (text == "2" || text == "z") return 2;
  fail("{}: unknown axis '{}'; allowed: x, y, z or 0, 1, 2 (x = first array axis)", what, text);
}

}  // namespace condnet::voxel
