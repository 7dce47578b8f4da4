// The multigrid solver against the plain Jacobi-CG reference on random multi-phase volumes.
#include <gtest/gtest.h>

#include <cmath>

#include "solve/solve.hpp"
#include "solve/solve_test_support.hpp"

namespace condnet::test {
namespace {

// Labels 0..3 at random; conductivities 0 (solid), 1, 0.05 and 3.
voxel::Volume random_phases(voxel::Shape shape, std::uint32_t seed) {
  voxel::Volume volume(shape);
  std::mt19937 generator(seed);
  std::discrete_distribution<int> phase({0.25, 0.45, 0.15, 0.15});
  for (std::int64_t i = 0; i < volume.count(); ++i)
    volume.data()[i] = static_cast<std::uint8_t>(phase(generator));
  return volume;
}

TEST(SolveFastVsReference, MultigridMatchesJacobiCgOnMultiPhaseVolumes) {
  std::array<double, 256> conductivity{};
  conductivity[1] = 1.0;
  conductivity[2] = 0.05;
  conductivity[3] = 3.0;
  // Large enough for several multigrid levels.
  const voxel::Volume volume = random_phases(voxel::Shape{40, 36, 30}, 3);
  for (int axis = 0; axis < 3; ++axis)
    for (const bool periodic : {false, true}) {
      const auto fast = solve_with(volume, conductivity, axis,
                                   solve::SolveOptions::Method::multigrid, 1e-10, periodic);
      const auto reference = solve_with(volume, conductivity, axis,
                                        solve::SolveOptions::Method::jacobi_cg, 1e-10, periodic);
      ASSERT_TRUE(reference.percolating && reference.converged);
      EXPECT_TRUE(fast.converged);
      EXPECT_DOUBLE_EQ(fast.sigma_ref, 3.0);
      EXPECT_NEAR(fast.d_eff, reference.d_eff, 1e-8 * reference.d_eff);
      EXPECT_EQ(fast.active_voxels, reference.active_voxels);
      EXPECT_LT(fast.iterations, reference.iterations / 5);
    }
}

TEST(SolveFastVsReference, FieldMatchesAndIsNanOffTheActiveSet) {
  const voxel::Volume volume = random_volume(voxel::Shape{30, 25, 20}, 0.6, 9);
  solve::SolveOptions options;
  options.keep_field = true;
  options.tolerance = 1e-10;
  const auto fast = solve::solve_axis(volume, solve::binary_conductivity(1), options);
  options.method = solve::SolveOptions::Method::jacobi_cg;
  const auto reference = solve::solve_axis(volume, solve::binary_conductivity(1), options);
  ASSERT_EQ(fast.field.size(), static_cast<std::size_t>(volume.count()));
  std::int64_t active = 0;
  for (std::size_t i = 0; i < fast.field.size(); ++i) {
    if (std::isnan(reference.field[i])) {
      EXPECT_TRUE(std::isnan(fast.field[i]));
      continue;
    }
    ++active;
    EXPECT_NEAR(fast.field[i], reference.field[i], 1e-6);
    EXPECT_GT(fast.field[i], 0.0f);
    EXPECT_LT(fast.field[i], 1.0f);
  }
  EXPECT_EQ(active, fast.active_voxels);
}

}  // namespace
}  // namespace condnet::test
