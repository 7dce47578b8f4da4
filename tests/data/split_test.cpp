#include <gtest/gtest.h>

#include "core/error.hpp"
#include "data/dataset_file.hpp"

namespace condnet::test {
namespace {

TEST(Split, FractionsParseAndBadOnesAreRefused) {
  const auto f = data::parse_split_fractions("0.7,0.2,0.1", "--split");
  EXPECT_DOUBLE_EQ(f.train, 0.7);
  EXPECT_DOUBLE_EQ(f.val, 0.2);
  EXPECT_DOUBLE_EQ(f.test, 0.1);
  for (const char* bad :
       {"0.8,0.1", "0.5,0.5,0.5", "a,b,c", "0.8,0.1,0.1,0", "1.2,-0.1,-0.1", "0.8,,0.2", ""})
    EXPECT_THROW(data::parse_split_fractions(bad, "--split"), Error) << bad;
}

TEST(Split, AssignedBySeedInTheRequestedProportions) {
  const data::SplitFractions fractions{0.6, 0.3, 0.1};
  std::array<int, 3> counts{};
  constexpr int kSeeds = 100000;
  for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
    const data::Split split = data::assign_split(seed, fractions);
    EXPECT_EQ(split, data::assign_split(seed, fractions));
    ++counts[static_cast<std::size_t>(split)];
  }
  EXPECT_NEAR(counts[0] / double(kSeeds), 0.6, 0.01);
  EXPECT_NEAR(counts[1] / double(kSeeds), 0.3, 0.01);
  EXPECT_NEAR(counts[2] / double(kSeeds), 0.1, 0.01);
  EXPECT_EQ(data::assign_split(12345, {1, 0, 0}), data::Split::train);
  EXPECT_EQ(data::assign_split(12345, {0, 0, 1}), data::Split::test);
}

}  // namespace
}  // namespace condnet::test
