#include "voxel/clusters.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "voxel/flood_fill_reference.hpp"

namespace condnet::test {
namespace {

using voxel::Clusters;
using voxel::Shape;

constexpr std::uint8_t kAllFaces = 0x3f;

std::vector<std::uint8_t> random_mask(Shape shape, double density, std::mt19937_64& rng) {
  std::bernoulli_distribution set(density);
  std::vector<std::uint8_t> mask(static_cast<std::size_t>(shape.count()));
  for (auto& voxel : mask) voxel = set(rng);
  return mask;
}

// Expects `clusters` to be the same partition as the flood fill (ids compared through a
// one-to-one map), with the same sizes and face bits.
void expect_matches_flood_fill(const std::vector<std::uint8_t>& mask, Shape shape,
                               std::array<bool, 3> periodic) {
  SCOPED_TRACE(::testing::Message() << "shape " << shape.str() << " periodic " << periodic[0]
                                    << periodic[1] << periodic[2]);
  const ReferenceClusters reference = flood_fill(mask, shape, periodic);
  const Clusters clusters = voxel::label_clusters(mask, shape, periodic);
  ASSERT_EQ(clusters.shape, shape);
  ASSERT_EQ(clusters.label.size(), mask.size());
  ASSERT_EQ(clusters.count(), static_cast<std::int64_t>(reference.size.size()));
  ASSERT_EQ(clusters.faces.size(), clusters.size.size());

  std::map<std::int64_t, std::int32_t> to_ours;
  std::map<std::int32_t, std::int64_t> to_reference;
  for (std::size_t i = 0; i < mask.size(); ++i) {
    const std::int64_t expected = reference.label[i];
    const std::int32_t got = clusters.label[i];
    if (expected < 0) {
      ASSERT_EQ(got, -1) << "voxel " << i << " is off the mask";
      continue;
    }
    ASSERT_GE(got, 0) << "voxel " << i << " is on the mask";
    ASSERT_LT(got, clusters.count());
    const auto [ours, new_reference] = to_ours.emplace(expected, got);
    ASSERT_EQ(ours->second, got) << "voxel " << i << " splits reference cluster " << expected;
    const auto [theirs, new_ours] = to_reference.emplace(got, expected);
    ASSERT_EQ(theirs->second, expected) << "voxel " << i << " joins two reference clusters";
  }
  for (const auto& [expected, got] : to_ours) {
    EXPECT_EQ(clusters.size[got], reference.size[expected]) << "cluster " << got;
    EXPECT_EQ(clusters.faces[got], reference.faces[expected]) << "cluster " << got;
  }
}

TEST(Clusters, MatchFloodFillOnRandomMasks) {
  std::mt19937_64 rng(20240611);
  const std::vector<Shape> shapes = {{1, 1, 1},  {1, 7, 9},   {9, 1, 1},   {1, 1, 13},   {1, 1, 2},
                                     {2, 2, 2},  {2, 5, 3},   {5, 5, 5},   {13, 17, 11}, {3, 40, 2},
                                     {40, 3, 3}, {1, 31, 29}, {24, 24, 24}};
  const std::vector<double> densities = {0.05, 0.2, 0.31, 0.5, 0.9};
  for (const Shape& shape : shapes)
    for (const double density : densities)
      for (int bits = 0; bits < 8; ++bits) {
        const std::array<bool, 3> periodic = {(bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0};
        expect_matches_flood_fill(random_mask(shape, density, rng), shape, periodic);
      }
}

TEST(Clusters, MatchFloodFillNearPercolationThreshold) {
  std::mt19937_64 rng(7);
  const Shape shape{48, 40, 36};
  for (int trial = 0; trial < 4; ++trial) {
    const auto mask = random_mask(shape, 0.3116, rng);
    expect_matches_flood_fill(mask, shape, {false, false, false});
    expect_matches_flood_fill(mask, shape, {false, true, true});
  }
}

TEST(Clusters, IdsFollowFirstAppearanceInCOrder) {
  std::mt19937_64 rng(11);
  const Shape shape{20, 20, 20};
  const auto mask = random_mask(shape, 0.3, rng);
  const Clusters clusters = voxel::label_clusters(mask, shape, {true, false, true});
  std::int32_t next = 0;
  for (const std::int32_t id : clusters.label) {
    if (id < 0) continue;
    ASSERT_LE(id, next);
    if (id == next) ++next;
  }
  EXPECT_EQ(next, clusters.count());
}

TEST(Clusters, EmptyAndFullMasks) {
  const Shape shape{4, 5, 6};
  const Clusters none = voxel::label_clusters(std::vector<std::uint8_t>(shape.count(), 0), shape);
  EXPECT_EQ(none.count(), 0);
  const Clusters all = voxel::label_clusters(std::vector<std::uint8_t>(shape.count(), 1), shape);
  ASSERT_EQ(all.count(), 1);
  EXPECT_EQ(all.size[0], shape.count());
  EXPECT_EQ(all.faces[0], kAllFaces);
  const Clusters zero = voxel::label_clusters({}, Shape{0, 3, 3});
  EXPECT_EQ(zero.count(), 0);
}

TEST(Clusters, StraightChannelSpansOnlyItsAxis) {
  const Shape shape{8, 9, 10};
  for (int axis = 0; axis < 3; ++axis) {
    std::vector<std::uint8_t> mask(shape.count(), 0);
    for (std::int64_t t = 0; t < shape.extent(axis); ++t)
      mask[axis == 0   ? shape.index(t, 4, 5)
           : axis == 1 ? shape.index(3, t, 5)
                       : shape.index(3, 4, t)] = 1;
    const Clusters clusters = voxel::label_clusters(mask, shape);
    ASSERT_EQ(clusters.count(), 1);
    EXPECT_EQ(clusters.size[0], shape.extent(axis));
    EXPECT_EQ(clusters.faces[0], 3u << (2 * axis));
    for (int other = 0; other < 3; ++other) EXPECT_EQ(clusters.spans(0, other), other == axis);
    EXPECT_EQ(voxel::spanning_mask(clusters, axis), mask);
    EXPECT_EQ(voxel::spanning_mask(clusters, (axis + 1) % 3),
              std::vector<std::uint8_t>(shape.count(), 0));
  }
}

TEST(Clusters, TwoDisjointBlobs) {
  const Shape shape{6, 6, 6};
  std::vector<std::uint8_t> mask(shape.count(), 0);
  for (int x = 0; x < 2; ++x)
    for (int y = 0; y < 2; ++y)
      for (int z = 0; z < 2; ++z) {
        mask[shape.index(1 + x, 1 + y, 1 + z)] = 1;          // cube of 8
        if (z == 0) mask[shape.index(4 + x, 4 + y, 5)] = 1;  // square of 4
      }
  const Clusters clusters = voxel::label_clusters(mask, shape);
  ASSERT_EQ(clusters.count(), 2);
  EXPECT_EQ(clusters.label[shape.index(1, 1, 1)], 0);
  EXPECT_EQ(clusters.label[shape.index(5, 5, 5)], 1);
  EXPECT_EQ(clusters.size[0], 8);
  EXPECT_EQ(clusters.size[1], 4);
  EXPECT_EQ(clusters.faces[0], 0);
  EXPECT_EQ(clusters.faces[1], (1u << 1) | (1u << 3) | (1u << 5));  // high x, y, z faces
}

TEST(Clusters, UShapedPathIsOneCluster) {
  // Two arms along x from x = 0 (at z = 0 and z = 4) that only meet at x = 5, through z = 1..3:
  // the scan sees two clusters until the bottom of the U.
  const Shape shape{6, 3, 5};
  std::vector<std::uint8_t> mask(shape.count(), 0);
  for (std::int64_t x = 0; x < 6; ++x) {
    mask[shape.index(x, 1, 0)] = 1;
    mask[shape.index(x, 1, 4)] = 1;
  }
  for (std::int64_t z = 1; z < 4; ++z) mask[shape.index(5, 1, z)] = 1;
  Clusters clusters = voxel::label_clusters(mask, shape);
  ASSERT_EQ(clusters.count(), 1);
  EXPECT_EQ(clusters.size[0], 15);
  EXPECT_TRUE(clusters.spans(0, 0));
  EXPECT_TRUE(clusters.spans(0, 2));
  EXPECT_FALSE(clusters.spans(0, 1));

  mask[shape.index(5, 1, 2)] = 0;  // cut the bottom: two L shapes
  clusters = voxel::label_clusters(mask, shape);
  ASSERT_EQ(clusters.count(), 2);
  EXPECT_EQ(clusters.size[0], 7);
  EXPECT_EQ(clusters.size[1], 7);
}

TEST(Clusters, SerpentineIsOneCluster) {
  // Rows along z joined alternately at their two ends, in the y-z plane.
  const Shape shape{1, 9, 7};
  std::vector<std::uint8_t> mask(shape.count(), 0);
  for (std::int64_t y = 0; y < shape.ny; y += 2) {
    for (std::int64_t z = 0; z < shape.nz; ++z) mask[shape.index(0, y, z)] = 1;
    if (y + 1 < shape.ny) mask[shape.index(0, y + 1, (y / 2) % 2 == 0 ? shape.nz - 1 : 0)] = 1;
  }
  const Clusters clusters = voxel::label_clusters(mask, shape);
  ASSERT_EQ(clusters.count(), 1);
  EXPECT_EQ(clusters.size[0], 5 * 7 + 4);
}

TEST(Clusters, PeriodicWrapJoinsTwoHalves) {
  const Shape line{1, 1, 6};
  const std::vector<std::uint8_t> ends = {1, 1, 0, 0, 1, 1};
  EXPECT_EQ(voxel::label_clusters(ends, line).count(), 2);
  const Clusters wrapped = voxel::label_clusters(ends, line, {false, false, true});
  ASSERT_EQ(wrapped.count(), 1);
  EXPECT_EQ(wrapped.size[0], 4);
  EXPECT_EQ(wrapped.label, (std::vector<std::int32_t>{0, 0, -1, -1, 0, 0}));
  // Periodic along x joins the two halves only when the wrap is along x.
  const Shape slab{6, 3, 3};
  std::vector<std::uint8_t> mask(slab.count(), 0);
  for (std::int64_t x : {0, 1, 4, 5}) mask[slab.index(x, 1, 1)] = 1;
  EXPECT_EQ(voxel::label_clusters(mask, slab, {false, true, true}).count(), 2);
  EXPECT_EQ(voxel::label_clusters(mask, slab, {true, false, false}).count(), 1);
}

TEST(Clusters, PeriodicAxesOfExtentOneAndTwo) {
  for (const Shape shape : {Shape{1, 1, 1}, Shape{2, 1, 1}, Shape{1, 2, 2}}) {
    const std::vector<std::uint8_t> full(shape.count(), 1);
    const Clusters clusters = voxel::label_clusters(full, shape, {true, true, true});
    ASSERT_EQ(clusters.count(), 1) << shape.str();
    EXPECT_EQ(clusters.size[0], shape.count());
    EXPECT_EQ(clusters.faces[0], kAllFaces);
  }
  const std::vector<std::uint8_t> diagonal = {1, 0, 0, 1};
  EXPECT_EQ(voxel::label_clusters(diagonal, Shape{1, 2, 2}, {true, true, true}).count(), 2);
}

}  // namespace
}  // namespace condnet::test
