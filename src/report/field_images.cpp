#include "report/field_images.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "report/png_file.hpp"

namespace condnet::report {

namespace {

// viridis at t = 0, 1/9, ..., 1 (matplotlib's ten-colour palette).
constexpr std::array<std::array<std::uint8_t, 3>, 10> kViridis = {{{0x44, 0x01, 0x54},
                                                                   {0x48, 0x28, 0x78},
                                                                   {0x3e, 0x49, 0x89},
                                                                   {0x31, 0x68, 0x8e},
                                                                   {0x26, 0x82, 0x8e},
                                                                   {0x1f, 0x9e, 0x89},
                                                                   {0x35, 0xb7, 0x79},
                                                                   {0x6e, 0xce, 0x58},
                                                                   {0xb5, 0xde, 0x2b},
                                                                   {0xfd, 0xe7, 0x25}}};
constexpr std::array<std::uint8_t, 3> kOffPaths = {160, 160, 160};

// The q-quantile of the finite, positive values (0 when none).
double quantile_of_positive(std::span<const float> values, double q) {
  std::vector<float> kept;
  for (const float v : values)
    if (std::isfinite(v) && v > 0) kept.push_back(v);
  if (kept.empty()) return 0;
  const auto rank = static_cast<std::size_t>(q * static_cast<double>(kept.size() - 1));
  std::nth_element(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(rank), kept.end());
  return kept[rank];
}

// The plane normal to `normal` through its middle: rows along the first other axis, columns
// along the second; viridis of value / top, grey where the potential is NaN.
void write_plane(const std::filesystem::path& path, const voxel::Volume& volume, int normal,
                 std::span<const float> values, std::span<const float> potential, double top) {
  const voxel::Shape& s = volume.shape();
  const std::array<std::int64_t, 3> extent = {s.nx, s.ny, s.nz};
  const int row_axis = normal == 0 ? 1 : 0, column_axis = normal == 2 ? 1 : 2;
  const std::int64_t rows = extent[row_axis], columns = extent[column_axis];
  const auto& h = volume.spacing();
  const double finest = std::min(h[row_axis], h[column_axis]);
  const double zoom = std::clamp(256.0 / static_cast<double>(std::min(rows, columns)), 1.0, 8.0);
  const auto row_scale = std::max<std::int64_t>(1, std::llround(zoom * h[row_axis] / finest));
  const auto column_scale = std::max<std::int64_t>(1, std::llround(zoom * h[column_axis] / finest));
  const std::int64_t height = rows * row_scale, width = columns * column_scale;
  std::vector<std::uint8_t> rgb(static_cast<std::size_t>(width * height * 3));
  std::array<std::int64_t, 3> at{};
  at[normal] = extent[normal] / 2;
  for (std::int64_t r = 0; r < rows; ++r)
    for (std::int64_t c = 0; c < columns; ++c) {
      at[row_axis] = r;
      at[column_axis] = c;
      const std::int64_t index = s.index(at[0], at[1], at[2]);
      const auto colour =
          std::isnan(potential[index]) ? kOffPaths : viridis(top > 0 ? values[index] / top : 0.0);
      for (std::int64_t pr = 0; pr < row_scale; ++pr)
        for (std::int64_t pc = 0; pc < column_scale; ++pc) {
          auto* pixel = &rgb[static_cast<std::size_t>(
              ((r * row_scale + pr) * width + c * column_scale + pc) * 3)];
          std::copy(colour.begin(), colour.end(), pixel);
        }
    }
  write_png_rgb(path, width, height, rgb);
}

}  // namespace

std::array<std::uint8_t, 3> viridis(double t) {
  if (!(t > 0)) return kViridis.front();
  if (t >= 1) return kViridis.back();
  const double position = t * static_cast<double>(kViridis.size() - 1);
  const auto low = static_cast<std::size_t>(position);
  const double f = position - static_cast<double>(low);
  std::array<std::uint8_t, 3> out{};
  for (int k = 0; k < 3; ++k)
    out[k] = static_cast<std::uint8_t>(
        std::lround((1 - f) * kViridis[low][k] + f * kViridis[low + 1][k]));
  return out;
}

std::vector<std::filesystem::path> write_mid_plane_images(const std::filesystem::path& dir,
                                                          const voxel::Volume& volume, int axis,
                                                          std::span<const float> potential,
                                                          std::span<const float> current) {
  CONDNET_ASSERT(static_cast<std::int64_t>(potential.size()) == volume.count() &&
                 current.size() == potential.size());
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) fail("--slices {}: cannot create the directory: {}", dir.string(), error.message());
  const double current_top = quantile_of_positive(current, 0.995);
  std::vector<std::filesystem::path> out;
  for (int normal = 0; normal < 3; ++normal) {
    const std::string plane =
        fmt::format("along-{}_{}-mid.png", voxel::kAxisNames[axis], voxel::kAxisNames[normal]);
    out.push_back(dir / ("potential_" + plane));
    write_plane(out.back(), volume, normal, potential, potential, 1.0);
    out.push_back(dir / ("current_" + plane));
    write_plane(out.back(), volume, normal, current, potential, current_top);
  }
  return out;
}

}  // namespace condnet::report
