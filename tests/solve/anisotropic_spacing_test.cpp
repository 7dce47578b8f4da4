// The solver with anisotropic voxel spacing (linear_system.hpp) against exact answers of the
// discrete problem and against the same structure resampled at unit spacing.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "solve/solve.hpp"
#include "solve/solve_test_support.hpp"

namespace condnet::test {
namespace {

using voxel::Shape;
using voxel::Spacing;
using voxel::Volume;

// The matrix stores its entries in single precision (sparse_matrix.hpp): conductances such as
// (0.8 / 2)^2 or the harmonic mean of 1 and 0.25 are exact to about 1e-7.
constexpr double kFloatEntries = 1e-7;

Volume with_spacing(Volume volume, const Spacing& spacing) {
  volume.set_spacing(spacing);
  return volume;
}

// The volume with array axes 1 and 2 swapped (and its spacing with them).
Volume swap_y_z(const Volume& volume) {
  const Shape s = volume.shape();
  Volume out(Shape{s.nx, s.nz, s.ny});
  for (std::int64_t x = 0; x < s.nx; ++x)
    for (std::int64_t y = 0; y < s.ny; ++y)
      for (std::int64_t z = 0; z < s.nz; ++z) out(x, z, y) = volume(x, y, z);
  const Spacing h = volume.spacing();
  out.set_spacing({h[0], h[2], h[1]});
  return out;
}

// Overlapping balls of radius 3 voxels (conducting, label 1) at random centres until about
// `fraction` of the volume is covered: features several voxels wide, as in a tomogram.
Volume random_balls(Shape shape, double fraction, std::uint32_t seed) {
  Volume volume(shape, 0);
  std::mt19937 generator(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  std::int64_t covered = 0;
  while (covered < static_cast<std::int64_t>(fraction * static_cast<double>(volume.count()))) {
    const double cx = unit(generator) * shape.nx, cy = unit(generator) * shape.ny,
                 cz = unit(generator) * shape.nz;
    for (std::int64_t x = 0; x < shape.nx; ++x)
      for (std::int64_t y = 0; y < shape.ny; ++y)
        for (std::int64_t z = 0; z < shape.nz; ++z) {
          const double dx = x + 0.5 - cx, dy = y + 0.5 - cy, dz = z + 0.5 - cz;
          if (dx * dx + dy * dy + dz * dz <= 9.0 && volume(x, y, z) == 0) {
            volume(x, y, z) = 1;
            ++covered;
          }
        }
  }
  return volume;
}

// Each voxel repeated k times along z, at unit spacing.
Volume repeat_along_z(const Volume& volume, std::int64_t k) {
  const Shape s = volume.shape();
  Volume out(Shape{s.nx, s.ny, s.nz * k});
  for (std::int64_t x = 0; x < s.nx; ++x)
    for (std::int64_t y = 0; y < s.ny; ++y)
      for (std::int64_t z = 0; z < s.nz * k; ++z) out(x, y, z) = volume(x, y, z / k);
  return out;
}

// A one-voxel-wide path through solid: along x at y = 0 up to x = p, along y up to y = q, then
// along x at y = q to the far face. Its nx - 1 links along x (and two half-cells at the faces)
// and q links along y are resistors in series: a link along y is (h_y / h_x)^2 times one along x
// (length h_y over area h_x h_z against h_x over h_y h_z), so
//   D_eff = nx / (ny nz) / (nx + q (h_y / h_x)^2).
TEST(AnisotropicSpacing, AZigzagPathIsItsLinksInSeriesWithTheirLengthsAndAreas) {
  const std::int64_t nx = 9, ny = 4, p = 4, q = 3;
  Volume volume(Shape{nx, ny, 1}, 0);
  for (std::int64_t x = 0; x <= p; ++x) volume(x, 0, 0) = 1;
  for (std::int64_t y = 0; y <= q; ++y) volume(p, y, 0) = 1;
  for (std::int64_t x = p; x < nx; ++x) volume(x, q, 0) = 1;
  for (const Spacing& h : {Spacing{1, 1, 1}, Spacing{0.8, 2.0, 1.3}, Spacing{3.0, 0.5, 0.1}}) {
    const double ratio = h[1] / h[0];
    const double expected = static_cast<double>(nx) / ny / (nx + q * ratio * ratio);
    for (const auto method : kMethods) {
      const auto result =
          solve_with(with_spacing(volume, h), solve::binary_conductivity(1), 0, method, 1e-13);
      EXPECT_NEAR(result.d_eff, expected, kFloatEntries * expected)
          << solve::method_name(method) << " spacing " << voxel::format_spacing(h);
      EXPECT_EQ(result.spacing, h);
    }
  }
}

// Layers of conductivity 1 and 0.25 normal to x: across them in series, along them in
// parallel, exactly, whatever the spacing.
TEST(AnisotropicSpacing, LayeredMediaAreExactWithUnequalSpacings) {
  Volume volume(Shape{10, 6, 5}, 1);
  for (std::int64_t x = 0; x < 10; ++x)
    if (x % 3 == 1)
      for (std::int64_t y = 0; y < 6; ++y)
        for (std::int64_t z = 0; z < 5; ++z) volume(x, y, z) = 2;
  std::array<double, 256> sigma{};
  sigma[1] = 1.0;
  sigma[2] = 0.25;
  const double layers_of_2 = 3, layers_of_1 = 7;  // x = 1, 4, 7
  const double series = 10.0 / (layers_of_1 / 1.0 + layers_of_2 / 0.25);
  const double parallel = (layers_of_1 * 1.0 + layers_of_2 * 0.25) / 10.0;
  for (const Spacing& h : {Spacing{0.5, 3.0, 1.7}, Spacing{4.0, 1.0, 0.2}}) {
    const auto spaced = with_spacing(volume, h);
    for (const auto method : kMethods) {
      EXPECT_NEAR(solve_with(spaced, sigma, 0, method, 1e-13).d_eff, series, kFloatEntries);
      EXPECT_NEAR(solve_with(spaced, sigma, 1, method, 1e-13).d_eff, parallel, kFloatEntries);
      EXPECT_NEAR(solve_with(spaced, sigma, 2, method, 1e-13).d_eff, parallel, kFloatEntries);
    }
  }
}

// Only the spacing's ratios matter, and they belong to their axes: (1, 1, 2) equals
// (0.5, 0.5, 1), and equals the volume with y and z swapped at (1, 2, 1).
TEST(AnisotropicSpacing, OnlyRatiosMatterAndEachBelongsToItsAxis) {
  const auto volume = with_spacing(random_volume(Shape{12, 10, 8}, 0.6, 5), {1, 1, 2});
  const auto halved = with_spacing(volume, {0.5, 0.5, 1});
  const auto swapped = swap_y_z(volume);
  const auto unit = with_spacing(volume, {1, 1, 1});
  const auto sigma = solve::binary_conductivity(1);
  for (int axis = 0; axis < 3; ++axis) {
    const double d = solve_with(volume, sigma, axis, kMethods[0], 1e-12).d_eff;
    ASSERT_GT(d, 0.0);
    EXPECT_NEAR(solve_with(halved, sigma, axis, kMethods[0], 1e-12).d_eff, d, 1e-9 * d);
    const int swapped_axis = axis == 0 ? 0 : 3 - axis;
    EXPECT_NEAR(solve_with(swapped, sigma, swapped_axis, kMethods[0], 1e-12).d_eff, d, 1e-9 * d);
    EXPECT_GT(std::abs(solve_with(unit, sigma, axis, kMethods[0], 1e-12).d_eff - d), 0.01 * d)
        << "the spacing changes nothing along " << axis;
  }
}

// The independent cross-check: a structure at spacing (1, 1, 2) against the same structure with
// every voxel doubled along z at unit spacing. The two grids differ (the doubled one resolves
// the potential within each original voxel), so they agree to the discretisation error; at unit
// spacing the same voxels answer far off.
TEST(AnisotropicSpacing, AgreesWithTheStructureResampledAtUnitSpacing) {
  const auto volume = random_balls(Shape{24, 24, 24}, 0.45, 11);
  const auto spaced = with_spacing(volume, {1, 1, 2});
  const auto resampled = repeat_along_z(volume, 2);
  const auto sigma = solve::binary_conductivity(1);
  for (int axis = 0; axis < 3; ++axis) {
    const double reference = solve_with(resampled, sigma, axis, kMethods[0], 1e-10).d_eff;
    const double with = solve_with(spaced, sigma, axis, kMethods[0], 1e-10).d_eff;
    const double without = solve_with(volume, sigma, axis, kMethods[0], 1e-10).d_eff;
    ASSERT_GT(reference, 0.0);
    const double error = std::abs(with - reference) / reference;
    const double ignored = std::abs(without - reference) / reference;
    EXPECT_LT(error, 0.08) << "axis " << axis << ": " << with << " against " << reference;
    EXPECT_GT(ignored, 3 * error) << "axis " << axis << ": unit spacing " << without;
  }
}

}  // namespace
}  // namespace condnet::test
