// Correlation lengths (voxel/correlation.hpp) against structures whose two-point correlation is
// known in closed form: slabs (a triangle-wave autocovariance across them, none decaying along
// them) and uncorrelated random voxels.
#include "voxel/correlation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace condnet::voxel {
namespace {

TEST(CorrelationLength, SlabsDecayAcrossAndNeverAlong) {
  // Slabs 8 voxels thick normal to x, alternating (eps 1/2): S2(r) = (8 - r) / 16 for r <= 8,
  // so C(r) = 1 - r / 4, which falls to 1/e at r = 4 (1 - 1/e) = 2.53. 256 voxels along x keep
  // the pairs a finite volume leaves out (r of 256) from moving that by more than 0.1.
  const Shape shape{256, 8, 8};
  std::vector<std::uint8_t> mask(shape.count());
  for (std::int64_t x = 0; x < 256; ++x)
    for (std::int64_t y = 0; y < 8; ++y)
      for (std::int64_t z = 0; z < 8; ++z) mask[shape.index(x, y, z)] = (x / 8) % 2;
  const auto length = correlation_lengths(mask, shape);
  EXPECT_NEAR(length[0], 4 * (1 - std::exp(-1.0)), 0.1);
  EXPECT_EQ(length[1], 4.0);  // never decays: the largest lag, extent / 2
  EXPECT_EQ(length[2], 4.0);
}

TEST(CorrelationLength, UncorrelatedVoxelsAreShorterThanOne) {
  const Shape shape{32, 32, 32};
  std::vector<std::uint8_t> mask(shape.count());
  std::mt19937 rng(7);
  for (auto& v : mask) v = rng() % 10 < 4;
  for (const double length : correlation_lengths(mask, shape)) {
    EXPECT_GT(length, 0.5);
    EXPECT_LT(length, 1.0);
  }
}

TEST(CorrelationLength, AFullOrEmptyMaskHasNone) {
  const Shape shape{8, 8, 8};
  EXPECT_EQ(correlation_lengths(std::vector<std::uint8_t>(512, 0), shape),
            (std::array<double, 3>{0, 0, 0}));
  EXPECT_EQ(correlation_lengths(std::vector<std::uint8_t>(512, 1), shape),
            (std::array<double, 3>{0, 0, 0}));
}

}  // namespace
}  // namespace condnet::voxel
