// The current density of a solved potential (solve/current_density.hpp) against answers of the
// discrete problem: uniform in an open cube and through layers in series, averaging D_eff along
// the axis and 0 across it, and 0 off the conducting paths.
#include "solve/current_density.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "solve/solve_test_support.hpp"

namespace condnet::test {
namespace {

using voxel::Shape;
using voxel::Volume;

std::array<std::vector<float>, 3> density_of(const Volume& volume,
                                             const std::array<double, 256>& sigma, int axis,
                                             double* d_eff = nullptr) {
  solve::SolveOptions options;
  options.axis = axis;
  options.tolerance = 1e-12;
  options.keep_field = true;
  const auto result = solve::solve_axis(volume, sigma, options);
  if (d_eff) *d_eff = result.d_eff;
  return solve::current_density(volume, sigma, result.sigma_ref, axis, false, result.field);
}

TEST(CurrentDensity, AnOpenCubeCarriesOneAlongTheAxisEverywhere) {
  for (const voxel::Spacing& h : {voxel::Spacing{1, 1, 1}, voxel::Spacing{1, 2, 3}}) {
    Volume volume(Shape{7, 5, 6}, 1);
    volume.set_spacing(h);
    for (int axis = 0; axis < 3; ++axis) {
      const auto j = density_of(volume, solve::binary_conductivity(1), axis);
      for (std::int64_t i = 0; i < volume.count(); ++i)
        for (int d = 0; d < 3; ++d)
          ASSERT_NEAR(j[d][i], d == axis ? 1.0 : 0.0, 1e-5) << "axis " << axis << " voxel " << i;
    }
  }
}

// Layers of conductivity 1 and 0.25 normal to x: the same current crosses every layer.
TEST(CurrentDensity, LayersInSeriesCarryTheSameCurrentThroughEveryVoxel) {
  Volume volume(Shape{9, 4, 5}, 1);
  for (std::int64_t y = 0; y < 4; ++y)
    for (std::int64_t z = 0; z < 5; ++z) volume(3, y, z) = volume(4, y, z) = 2;
  std::array<double, 256> sigma{};
  sigma[1] = 1.0;
  sigma[2] = 0.25;
  double d_eff = 0;
  const auto j = density_of(volume, sigma, 0, &d_eff);
  for (std::int64_t i = 0; i < volume.count(); ++i) ASSERT_NEAR(j[0][i], d_eff, 1e-5 * d_eff);
}

// Every plane of faces normal to the axis carries the whole current: over all voxels (0 in the
// solid) the density along the axis averages D_eff, with anisotropic voxels too. The volume is
// its own mirror image along x, y and z, so the solution is too, and the density across the
// axis, odd under the mirror normal to it, averages 0.
TEST(CurrentDensity, AveragesDEffAlongTheAxisAndZeroAcrossIt) {
  const auto half = random_volume(Shape{10, 9, 8}, 0.6, 21);
  Volume volume(Shape{20, 18, 16});
  for (std::int64_t x = 0; x < 20; ++x)
    for (std::int64_t y = 0; y < 18; ++y)
      for (std::int64_t z = 0; z < 16; ++z)
        volume(x, y, z) = half(x < 10 ? x : 19 - x, y < 9 ? y : 17 - y, z < 8 ? z : 15 - z);
  for (const voxel::Spacing& h : {voxel::Spacing{1, 1, 1}, voxel::Spacing{0.5, 1, 2}}) {
    volume.set_spacing(h);
    for (int axis = 0; axis < 3; ++axis) {
      double d_eff = 0;
      const auto j = density_of(volume, solve::binary_conductivity(1), axis, &d_eff);
      ASSERT_GT(d_eff, 0.0);
      std::array<double, 3> mean{};
      for (int d = 0; d < 3; ++d)
        for (const float v : j[d]) mean[d] += v / static_cast<double>(volume.count());
      EXPECT_NEAR(mean[axis], d_eff, 1e-4 * d_eff) << "axis " << axis;
      for (int d = 0; d < 3; ++d)
        if (d != axis) EXPECT_NEAR(mean[d], 0.0, 1e-4 * d_eff) << "axis " << axis << " d " << d;
      for (std::int64_t i = 0; i < volume.count(); ++i)
        if (volume.data()[i] == 0) ASSERT_EQ(j[axis][i], 0.0f);
    }
  }
}

TEST(CurrentDensity, TheMagnitudeIsTheNormOfTheComponents) {
  auto volume = random_volume(Shape{12, 11, 10}, 0.6, 5);
  volume.set_spacing({1, 1.5, 0.5});
  solve::SolveOptions options;
  options.axis = 1;
  options.keep_field = true;
  const auto sigma = solve::binary_conductivity(1);
  const auto result = solve::solve_axis(volume, sigma, options);
  const auto j = solve::current_density(volume, sigma, result.sigma_ref, 1, false, result.field);
  const auto m =
      solve::current_density_magnitude(volume, sigma, result.sigma_ref, 1, false, result.field);
  for (std::int64_t i = 0; i < volume.count(); ++i)
    ASSERT_NEAR(m[i], std::hypot(j[0][i], j[1][i], j[2][i]), 1e-6 * (1 + m[i]));
}

}  // namespace
}  // namespace condnet::test
