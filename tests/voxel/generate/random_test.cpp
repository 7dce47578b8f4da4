#include "voxel/generate/random.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>

namespace condnet::test {
namespace {

using voxel::generate::Rng;
using voxel::generate::Stream;

// Reference outputs from an independent Python implementation of the published SplitMix64 and
// xoshiro256** algorithms, seeded as random.hpp describes.
TEST(Random, SplitMix64MatchesTheReferenceSequence) {
  std::uint64_t state = 0;
  EXPECT_EQ(random::splitmix64(state), 0xe220a8397b1dcdafull);
  EXPECT_EQ(random::splitmix64(state), 0x6e789e6aa1b965f4ull);
  EXPECT_EQ(voxel::generate::sample_seed(7, 3), 0x6baa78681a99f995ull);
}

TEST(Random, XoshiroMatchesTheReferenceSequence) {
  Rng rng(42, Stream::geometry);
  EXPECT_EQ(rng.next(), 0x37ae437dbef1a409ull);
  EXPECT_EQ(rng.next(), 0x83a9ee2adea22473ull);
  EXPECT_EQ(rng.next(), 0xca5b46e1edee3783ull);
}

TEST(Random, StreamsAndSeedsDiffer) {
  EXPECT_NE(Rng(1, Stream::geometry).next(), Rng(1, Stream::parameters).next());
  EXPECT_NE(Rng(1).next(), Rng(2).next());
  EXPECT_NE(voxel::generate::sample_seed(5, 0), voxel::generate::sample_seed(5, 1));
  EXPECT_NE(voxel::generate::sample_seed(5, 0), voxel::generate::sample_seed(6, 0));
}

TEST(Random, UniformHasTheMomentsOfU01) {
  Rng rng(3);
  constexpr int kDraws = 1000000;
  double sum = 0, squares = 0, lowest = 1, highest = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double u = rng.uniform();
    sum += u;
    squares += u * u;
    lowest = std::min(lowest, u);
    highest = std::max(highest, u);
  }
  const double mean = sum / kDraws;
  EXPECT_NEAR(mean, 0.5, 0.002);
  EXPECT_NEAR(squares / kDraws - mean * mean, 1.0 / 12, 0.001);
  EXPECT_GE(lowest, 0.0);
  EXPECT_LT(highest, 1.0);
}

TEST(Random, NormalHasTheMomentsOfN01) {
  Rng rng(4);
  constexpr int kDraws = 1000000;
  double sum = 0, squares = 0, fourth = 0;
  int within_one = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double x = rng.normal();
    sum += x;
    squares += x * x;
    fourth += x * x * x * x;
    within_one += std::abs(x) < 1;
  }
  EXPECT_NEAR(sum / kDraws, 0.0, 0.005);
  EXPECT_NEAR(squares / kDraws, 1.0, 0.01);
  EXPECT_NEAR(fourth / kDraws, 3.0, 0.05);
  EXPECT_NEAR(static_cast<double>(within_one) / kDraws, std::erf(1 / std::sqrt(2.0)), 0.002);
}

TEST(Random, BelowIsUniformOverItsRange) {
  Rng rng(5);
  constexpr int kBins = 7, kDraws = 700000;
  std::array<int, kBins> counts{};
  for (int i = 0; i < kDraws; ++i) {
    const std::uint64_t k = rng.below(kBins);
    ASSERT_LT(k, static_cast<std::uint64_t>(kBins));
    ++counts[k];
  }
  double chi2 = 0;
  const double expected = static_cast<double>(kDraws) / kBins;
  for (const int c : counts) chi2 += (c - expected) * (c - expected) / expected;
  EXPECT_LT(chi2, 22.5);  // 6 degrees of freedom: p = 0.001
}

}  // namespace
}  // namespace condnet::test
