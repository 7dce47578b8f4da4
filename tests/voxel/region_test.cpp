#include "voxel/region.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace condnet::voxel {

TEST(Region, ParsesNumpySlicesWithOpenBounds) {
  const Region r = parse_region(":100,50:,2:3", {200, 80, 10}, "--crop");
  EXPECT_EQ(r.begin, (std::array<std::int64_t, 3>{0, 50, 2}));
  EXPECT_EQ(r.end, (std::array<std::int64_t, 3>{100, 80, 3}));
}

TEST(Region, RejectsMalformedAndOutside) {
  for (const char* bad : {"0:10,0:10", "0:10,0:10,a:3", "5:5,:,:", "0:11,:,:", "0:10;0:10;0:10"})
    EXPECT_THROW(parse_region(bad, {10, 10, 10}, "--crop"), Error) << bad;
}

TEST(Region, ExtractsTheSameVoxelsAsPlainIndexing) {
  Volume volume({6, 7, 8});
  for (std::int64_t i = 0; i < volume.count(); ++i)
    volume.data()[i] = static_cast<std::uint8_t>(i % 251);
  volume.set_spacing({0.5, 0.5, 2.0});
  const Region r = parse_region("1:5,2:7,3:4", volume.shape(), "--crop");
  const Volume cut = extract_region(volume, r);
  ASSERT_EQ(cut.shape(), (Shape{4, 5, 1}));
  EXPECT_EQ(cut.spacing(), (Spacing{0.5, 0.5, 2.0}));
  for (int x = 0; x < 4; ++x)
    for (int y = 0; y < 5; ++y) EXPECT_EQ(cut(x, y, 0), volume(x + 1, y + 2, 3));
}

}  // namespace condnet::voxel
