// The effective conductivity tensor by periodic homogenisation (solve/effective_tensor.hpp)
// against exact answers of the discrete problem and the continuum's rotated laminate.
#include "solve/effective_tensor.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "solve/solve_test_support.hpp"

namespace condnet::test {
namespace {

using solve::Tensor3;
using voxel::Shape;
using voxel::Volume;

solve::TensorResult tensor_of(const Volume& volume, const std::array<double, 256>& sigma) {
  solve::SolveOptions options;
  options.tolerance = 1e-11;
  return solve::effective_tensor(volume, sigma, options);
}

std::array<double, 256> two_phases(double one, double two) {
  std::array<double, 256> sigma{};
  sigma[1] = one;
  sigma[2] = two;
  return sigma;
}

// The matrix stores conductances in single precision (sparse_matrix.hpp).
constexpr double kFloatEntries = 1e-6;

TEST(EffectiveTensor, AnOpenCellIsTheIdentityWhateverTheSpacing) {
  for (const voxel::Spacing& h : {voxel::Spacing{1, 1, 1}, voxel::Spacing{1, 2, 3}}) {
    Volume volume(Shape{6, 5, 4}, 1);
    volume.set_spacing(h);
    const auto t = tensor_of(volume, solve::binary_conductivity(1));
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) EXPECT_NEAR(t.d_eff[r][c], r == c ? 1.0 : 0.0, kFloatEntries);
    EXPECT_TRUE(t.converged);
  }
}

// Layers normal to x, conductivities 1 and 0.25 in fractions 5/8 and 3/8: across them the
// harmonic mean, along them the arithmetic mean, nothing off the diagonal.
TEST(EffectiveTensor, AnAlignedLaminateIsHarmonicAcrossAndArithmeticAlong) {
  Volume volume(Shape{8, 5, 6}, 1);
  for (std::int64_t x : {1, 4, 5})
    for (std::int64_t y = 0; y < 5; ++y)
      for (std::int64_t z = 0; z < 6; ++z) volume(x, y, z) = 2;
  volume.set_spacing({0.5, 2, 1});
  const auto t = tensor_of(volume, two_phases(1.0, 0.25));
  const double harmonic = 1 / (5.0 / 8 / 1.0 + 3.0 / 8 / 0.25);
  const double arithmetic = 5.0 / 8 * 1.0 + 3.0 / 8 * 0.25;
  const Tensor3 expected = {{{harmonic, 0, 0}, {0, arithmetic, 0}, {0, 0, arithmetic}}};
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(t.d_eff[r][c], expected[r][c], kFloatEntries);
  EXPECT_NEAR(t.eigenvalues[0], harmonic, kFloatEntries);
  EXPECT_NEAR(std::abs(t.directions[0][0]), 1.0, 1e-9);  // the lowest along x
}

// Random voxels: symmetric to the solver's tolerance, positive definite, and the eigenvectors
// rebuild the tensor; the volume with y and z swapped gives the tensor with them swapped.
TEST(EffectiveTensor, SymmetricPositiveAndFollowsTheAxes) {
  const auto volume = random_volume(Shape{14, 12, 10}, 0.55, 31);
  const auto t = tensor_of(volume, solve::binary_conductivity(1));
  EXPECT_LT(t.asymmetry, 1e-7);
  EXPECT_GT(t.eigenvalues[0], 0.0);
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) {
      double rebuilt = 0;
      for (int k = 0; k < 3; ++k)
        rebuilt += t.directions[k][r] * t.eigenvalues[k] * t.directions[k][c];
      EXPECT_NEAR(rebuilt, 0.5 * (t.d_eff[r][c] + t.d_eff[c][r]), 1e-12);
    }
  Volume swapped(Shape{14, 10, 12});
  for (std::int64_t x = 0; x < 14; ++x)
    for (std::int64_t y = 0; y < 12; ++y)
      for (std::int64_t z = 0; z < 10; ++z) swapped(x, z, y) = volume(x, y, z);
  const auto s = tensor_of(swapped, solve::binary_conductivity(1));
  const std::array<int, 3> map = {0, 2, 1};
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) EXPECT_NEAR(s.d_eff[map[r]][map[c]], t.d_eff[r][c], 1e-8);
}

// A volume that is its own mirror image along x has equipotential planes at its ends in the
// periodic cell problem: D_xx equals the axis solve with electrodes there and periodic sides.
TEST(EffectiveTensor, TheDiagonalEqualsPeriodicSidesSolvesOfAMirroredVolume) {
  const auto half = random_volume(Shape{8, 14, 12}, 0.6, 17);
  Volume volume(Shape{16, 14, 12});
  for (std::int64_t x = 0; x < 16; ++x)
    for (std::int64_t y = 0; y < 14; ++y)
      for (std::int64_t z = 0; z < 12; ++z) volume(x, y, z) = half(x < 8 ? x : 15 - x, y, z);
  const auto t = tensor_of(volume, solve::binary_conductivity(1));
  const auto axis = solve_with(volume, solve::binary_conductivity(1), 0, kMethods[0], 1e-11, true);
  ASSERT_GT(axis.d_eff, 0.0);
  EXPECT_NEAR(t.d_eff[0][0], axis.d_eff, 1e-6 * axis.d_eff);
}

// Layers at 45 degrees in the x-y plane (phase by (x + y) mod P), conductivities 1 and 0.1 in
// equal parts. The continuum laminate with normal n = (1, 1, 0) / sqrt(2) has
// K = a I + (h - a) n n^T (a, h the arithmetic and harmonic means): K_xy = (h - a) / 2. The
// voxel staircase approaches it as the layers thicken (its error halves when P doubles: first
// order in the voxel size); along z, where the layers are straight, it is exact.
solve::TensorResult rotated_laminate(std::int64_t period) {
  Volume volume(Shape{2 * period, 2 * period, 2});
  for (std::int64_t x = 0; x < 2 * period; ++x)
    for (std::int64_t y = 0; y < 2 * period; ++y)
      for (std::int64_t z = 0; z < 2; ++z) volume(x, y, z) = (x + y) % period < period / 2 ? 1 : 2;
  return tensor_of(volume, two_phases(1.0, 0.1));
}

TEST(EffectiveTensor, ARotatedLaminateGivesTheOffDiagonalTerms) {
  const double a = 0.55, h = 1 / (0.5 / 1.0 + 0.5 / 0.1), xy = (h - a) / 2;
  const auto coarse = rotated_laminate(32), fine = rotated_laminate(64);
  const double coarse_error = std::abs(coarse.d_eff[0][1] - xy) / std::abs(xy);
  const double fine_error = std::abs(fine.d_eff[0][1] - xy) / std::abs(xy);
  EXPECT_LT(fine_error, 0.04);
  EXPECT_LT(fine_error, 0.6 * coarse_error);
  EXPECT_NEAR(fine.d_eff[1][0], fine.d_eff[0][1], 1e-7);
  EXPECT_NEAR(fine.d_eff[0][0], a + (h - a) / 2, 0.04 * (a + (h - a) / 2));
  EXPECT_NEAR(fine.d_eff[2][2], a, kFloatEntries);
  EXPECT_NEAR(fine.d_eff[0][2], 0.0, 1e-9);
  EXPECT_NEAR(fine.eigenvalues[0], h, 0.04 * h);  // across the layers: along (1, 1, 0)
  EXPECT_NEAR(std::abs(fine.directions[0][0]), std::sqrt(0.5), 0.01);
  EXPECT_NEAR(std::abs(fine.directions[0][1]), std::sqrt(0.5), 0.01);
}

TEST(EffectiveTensor, NothingConductingIsZero) {
  const Volume volume(Shape{4, 4, 4}, 0);
  const auto t = tensor_of(volume, solve::binary_conductivity(1));
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) EXPECT_EQ(t.d_eff[r][c], 0.0);
}

}  // namespace
}  // namespace condnet::test
