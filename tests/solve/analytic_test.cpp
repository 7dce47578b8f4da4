// The solver against exact answers of the discrete problem (docs/architecture.md, "Physics").
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>
#include <string>

#include "core/error.hpp"
#include "solve/solve.hpp"
#include "solve/solve_test_support.hpp"

namespace condnet::test {
namespace {

using solve::SolveOptions;

TEST(SolveAnalytic, OpenCubeHasUnitConductivityAndTortuosity) {
  const voxel::Volume volume(voxel::Shape{6, 5, 4}, 1);
  for (const auto method : kMethods)
    for (int axis = 0; axis < 3; ++axis)
      for (const bool periodic : {false, true}) {
        const auto result =
            solve_with(volume, solve::binary_conductivity(1), axis, method, 1e-12, periodic);
        EXPECT_NEAR(result.d_eff, 1.0, 1e-9) << solve::method_name(method) << " axis " << axis;
        EXPECT_NEAR(result.tau_total, 1.0, 1e-9);
        EXPECT_NEAR(result.tau_percolating, 1.0, 1e-9);
        const double length = static_cast<double>(volume.shape().extent(axis));
        EXPECT_NEAR(result.flux_in, 120.0 / length / length, 1e-9);  // area / length
        EXPECT_DOUBLE_EQ(result.eps_total, 1.0);
        EXPECT_TRUE(result.converged);
      }
}

TEST(SolveAnalytic, StraightChannelsConductByTheirAreaFraction) {
  // Channels along x through solid: three single-voxel lines and a 2x2 square: 7 of 64 cells.
  voxel::Volume volume(voxel::Shape{12, 8, 8}, 0);
  const int cells[][2] = {{0, 0}, {3, 5}, {7, 7}, {5, 1}, {5, 2}, {6, 1}, {6, 2}};
  for (const auto& cell : cells)
    for (int x = 0; x < 12; ++x) volume(x, cell[0], cell[1]) = 1;
  for (const auto method : kMethods) {
    const auto result = solve_with(volume, solve::binary_conductivity(1), 0, method);
    EXPECT_NEAR(result.d_eff, 7.0 / 64.0, 1e-10);
    EXPECT_NEAR(result.tau_percolating, 1.0, 1e-9);
    EXPECT_NEAR(result.eps_percolating, 7.0 / 64.0, 1e-15);
    // Across the channels nothing percolates.
    const auto across = solve_with(volume, solve::binary_conductivity(1), 1, method);
    EXPECT_FALSE(across.percolating);
    EXPECT_EQ(across.d_eff, 0.0);
    EXPECT_TRUE(std::isinf(across.tau_total));
  }
}

// Layers of phases 0..3 with conductivities 1, 0.5, 0.1, 2 (sigma_ref = 2).
std::array<double, 256> layer_conductivities() {
  std::array<double, 256> conductivity{};
  conductivity[0] = 1.0;
  conductivity[1] = 0.5;
  conductivity[2] = 0.1;
  conductivity[3] = 2.0;
  return conductivity;
}

TEST(SolveAnalytic, SeriesLayersGiveTheHarmonicMean) {
  // Layers normal to x: every column is a chain of resistors 1/(2 s0) + sum over faces
  // (1/(2 s_a) + 1/(2 s_b)) + 1/(2 s_last) = sum_x 1/s_x, so D_eff = n / sum(1/s_x) / sigma_ref
  // exactly (Reuss), half-cell Dirichlet faces included.
  const int phases[] = {0, 1, 2, 3, 3, 1, 0, 2, 1};
  const int n = 9;
  voxel::Volume volume(voxel::Shape{n, 4, 3});
  const auto conductivity = layer_conductivities();
  double resistance = 0.0;
  for (int x = 0; x < n; ++x) {
    resistance += 1.0 / conductivity[phases[x]];
    for (int y = 0; y < 4; ++y)
      for (int z = 0; z < 3; ++z) volume(x, y, z) = static_cast<std::uint8_t>(phases[x]);
  }
  for (const auto method : kMethods) {
    const auto result = solve_with(volume, conductivity, 0, method, 1e-12);
    EXPECT_DOUBLE_EQ(result.sigma_ref, 2.0);
    EXPECT_NEAR(result.d_eff, n / resistance / 2.0, 1e-7 * result.d_eff);  // float storage
    EXPECT_LT(result.flux_mismatch, 1e-9);
  }
}

TEST(SolveAnalytic, ParallelLayersGiveTheArithmeticMean) {
  // Layers normal to y, transport along x: no current crosses the layers (Voigt).
  const int phases[] = {0, 1, 2, 3, 3, 2};
  voxel::Volume volume(voxel::Shape{7, 6, 5});
  const auto conductivity = layer_conductivities();
  double sum = 0.0;
  for (int y = 0; y < 6; ++y) {
    sum += conductivity[phases[y]];
    for (int x = 0; x < 7; ++x)
      for (int z = 0; z < 5; ++z) volume(x, y, z) = static_cast<std::uint8_t>(phases[y]);
  }
  for (const auto method : kMethods)
    for (const bool periodic : {false, true}) {
      const auto result = solve_with(volume, conductivity, 0, method, 1e-12, periodic);
      EXPECT_NEAR(result.d_eff, sum / 6.0 / 2.0, 1e-7 * result.d_eff);
    }
}

TEST(SolveAnalytic, DeadEndsAndIsolatedClustersCarryNoCurrent) {
  voxel::Volume channel(voxel::Shape{10, 7, 7}, 0);
  for (int x = 0; x < 10; ++x) channel(x, 3, 3) = 1;
  voxel::Volume decorated = channel;
  for (int y = 4; y < 7; ++y) decorated(5, y, 3) = 1;  // a dead-end branch off the channel
  for (int x = 2; x < 5; ++x) decorated(x, 0, 0) = 1;  // an isolated cluster
  for (int y = 0; y < 2; ++y) decorated(0, y, 6) = 1;  // a cluster touching only the inlet
  for (const auto method : kMethods) {
    const auto plain = solve_with(channel, solve::binary_conductivity(1), 0, method);
    const auto with = solve_with(decorated, solve::binary_conductivity(1), 0, method);
    EXPECT_NEAR(with.d_eff, plain.d_eff, 1e-10);
    EXPECT_NEAR(plain.d_eff, 1.0 / 49.0, 1e-10);
    EXPECT_EQ(with.active_voxels, 10 + 3);  // the dead end is kept
    EXPECT_NEAR(with.eps_total, (10.0 + 3 + 3 + 2) / 490.0, 1e-15);
    EXPECT_NEAR(with.eps_percolating, 13.0 / 490.0, 1e-15);
    EXPECT_NEAR(with.tau_percolating, 13.0 / 10.0, 1e-8);
  }
}

TEST(SolveAnalytic, NonPercolatingIsInfiniteNotAnError) {
  voxel::Volume volume(voxel::Shape{8, 8, 8}, 1);
  for (int y = 0; y < 8; ++y)
    for (int z = 0; z < 8; ++z) volume(4, y, z) = 0;  // a wall across x
  for (const auto method : kMethods) {
    solve::SolveOptions options;
    options.method = method;
    options.keep_field = true;
    const auto result = solve::solve_axis(volume, solve::binary_conductivity(1), options);
    EXPECT_FALSE(result.percolating);
    EXPECT_EQ(result.d_eff, 0.0);
    EXPECT_TRUE(std::isinf(result.tau_total) && result.tau_total > 0);
    EXPECT_TRUE(std::isinf(result.macmullin));
    EXPECT_TRUE(result.converged);
    const auto json = solve::to_json(result);
    EXPECT_TRUE(json["tau"].is_null());
    EXPECT_FALSE(json["percolating"].get<bool>());
    EXPECT_EQ(json["d_eff"].get<double>(), 0.0);
    ASSERT_EQ(result.field.size(), 512u);
    EXPECT_TRUE(std::isnan(result.field[0]));
    // Along y and z the wall is a slab of solid beside open space: it percolates.
    EXPECT_TRUE(solve_with(volume, solve::binary_conductivity(1), 1, method).percolating);
  }
  // A phase absent from the volume.
  const auto absent = solve::solve_axis(volume, solve::binary_conductivity(7), {});
  EXPECT_FALSE(absent.percolating);
  EXPECT_EQ(absent.eps_total, 0.0);
}

TEST(SolveAnalytic, PeriodicSidesConnectAcrossTheSideFaces) {
  // A channel along x at y = 0 up to x = 5, continuing at y = ny - 1 from x = 5: the two halves
  // touch only across the periodic side face. Path: 11 voxels in series -> conductance 1/11.
  const int n = 10;
  voxel::Volume volume(voxel::Shape{n, 6, 3}, 0);
  for (int x = 0; x <= 5; ++x) volume(x, 0, 1) = 1;
  for (int x = 5; x < n; ++x) volume(x, 5, 1) = 1;
  for (const auto method : kMethods) {
    EXPECT_FALSE(solve_with(volume, solve::binary_conductivity(1), 0, method).percolating);
    const auto periodic = solve_with(volume, solve::binary_conductivity(1), 0, method, 1e-12, true);
    ASSERT_TRUE(periodic.percolating);
    EXPECT_NEAR(periodic.d_eff, (1.0 / 11.0) * n / 18.0, 1e-10);
  }
}

TEST(SolveAnalytic, PeriodicSidesAreInvariantUnderSideShifts) {
  const voxel::Volume volume = random_volume(voxel::Shape{12, 10, 9}, 0.7, 11);
  voxel::Volume shifted(volume.shape());
  for (int x = 0; x < 12; ++x)
    for (int y = 0; y < 10; ++y)
      for (int z = 0; z < 9; ++z) shifted(x, (y + 3) % 10, (z + 5) % 9) = volume(x, y, z);
  for (const auto method : kMethods) {
    const auto a = solve_with(volume, solve::binary_conductivity(1), 0, method, 1e-11, true);
    const auto b = solve_with(shifted, solve::binary_conductivity(1), 0, method, 1e-11, true);
    ASSERT_TRUE(a.percolating);
    EXPECT_NEAR(a.d_eff, b.d_eff, 1e-8 * a.d_eff);
    // Without periodic sides the shift changes the answer.
    const auto c = solve_with(volume, solve::binary_conductivity(1), 0, method, 1e-11);
    const auto d = solve_with(shifted, solve::binary_conductivity(1), 0, method, 1e-11);
    EXPECT_GT(std::abs(c.d_eff - d.d_eff), 1e-6);
  }
}

TEST(SolveAnalytic, MirrorImageAlongTheAxisGivesTheSameConductivity) {
  const voxel::Volume volume = random_volume(voxel::Shape{14, 11, 12}, 0.65, 5);
  for (int axis = 0; axis < 3; ++axis) {
    voxel::Volume mirrored(volume.shape());
    const voxel::Shape s = volume.shape();
    for (int x = 0; x < s.nx; ++x)
      for (int y = 0; y < s.ny; ++y)
        for (int z = 0; z < s.nz; ++z) {
          int m[3] = {x, y, z};
          m[axis] = static_cast<int>(s.extent(axis)) - 1 - m[axis];
          mirrored(m[0], m[1], m[2]) = volume(x, y, z);
        }
    for (const auto method : kMethods) {
      const auto a = solve_with(volume, solve::binary_conductivity(1), axis, method);
      const auto b = solve_with(mirrored, solve::binary_conductivity(1), axis, method);
      ASSERT_TRUE(a.percolating);
      EXPECT_NEAR(a.d_eff, b.d_eff, 1e-8 * a.d_eff);
      EXPECT_LT(a.flux_mismatch, 1e-8);
    }
  }
}

}  // namespace
}  // namespace condnet::test

namespace condnet::test {
namespace {

TEST(SolveOptionsTest, NonConvergenceIsAStatusWithFiniteNumbers) {
  const voxel::Volume volume = random_volume(voxel::Shape{30, 30, 30}, 0.7, 2);
  for (const auto method : kMethods) {
    solve::SolveOptions options;
    options.method = method;
    options.tolerance = 1e-14;
    options.max_iterations = 1;
    const auto result = solve::solve_axis(volume, solve::binary_conductivity(1), options);
    EXPECT_FALSE(result.converged);
    EXPECT_EQ(result.iterations, 1);
    EXPECT_TRUE(std::isfinite(result.d_eff) && std::isfinite(result.relative_residual));
    EXPECT_GT(result.relative_residual, 1e-14);
    EXPECT_FALSE(solve::to_json(result)["converged"].get<bool>());
  }
}

TEST(SolveOptionsTest, BadOptionsThrowOneLineErrorsNamingTheOption) {
  const voxel::Volume volume(voxel::Shape{4, 4, 4}, 1);
  auto conductivity = solve::binary_conductivity(1);
  conductivity[3] = -1.0;
  EXPECT_THROW(solve::solve_axis(volume, conductivity, {}), Error);
  solve::SolveOptions options;
  options.tolerance = 0.0;
  try {
    solve::solve_axis(volume, solve::binary_conductivity(1), options);
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("--tol"), std::string::npos);
  }
  EXPECT_EQ(solve::parse_method("hypre", "--solver"), solve::SolveOptions::Method::hypre);
  EXPECT_THROW(solve::parse_method("amg", "--solver"), Error);
}

}  // namespace
}  // namespace condnet::test

namespace condnet::test {
namespace {

TEST(SolveEdgeCases, SingleVoxelThickVolumes) {
  for (const voxel::Shape shape :
       {voxel::Shape{1, 1, 1}, voxel::Shape{1, 3, 4}, voxel::Shape{5, 1, 1}, voxel::Shape{2, 2, 2}})
    for (const auto method : kMethods)
      for (int axis = 0; axis < 3; ++axis)
        for (const bool periodic : {false, true}) {
          const voxel::Volume volume(shape, 1);
          const auto result =
              solve_with(volume, solve::binary_conductivity(1), axis, method, 1e-12, periodic);
          EXPECT_NEAR(result.d_eff, 1.0, 1e-9) << shape.str() << " axis " << axis;
        }
}

TEST(SolveEdgeCases, ManySeparateChannelsReachTheLargeDiagonalCoarsestLevel) {
  // 25 x 25 isolated channels along x: the hierarchy ends with one node per channel, more
  // than a dense factor takes; that level's matrix is diagonal.
  voxel::Volume volume(voxel::Shape{40, 50, 50}, 0);
  for (int y = 0; y < 50; y += 2)
    for (int z = 0; z < 50; z += 2)
      for (int x = 0; x < 40; ++x) volume(x, y, z) = 1;
  const auto result = solve_with(volume, solve::binary_conductivity(1), 0,
                                 solve::SolveOptions::Method::multigrid, 1e-10);
  EXPECT_TRUE(result.converged);
  EXPECT_NEAR(result.d_eff, 0.25, 1e-9);
  EXPECT_LT(result.iterations, 20);
}

}  // namespace
}  // namespace condnet::test
