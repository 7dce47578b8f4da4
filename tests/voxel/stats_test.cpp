#include "voxel/stats.hpp"

#include <gtest/gtest.h>

#include <random>

#include "voxel/flood_fill_reference.hpp"

namespace condnet::test {
namespace {

using voxel::PhaseStats;
using voxel::Shape;
using voxel::Spacing;
using voxel::Volume;

Volume random_volume(Shape shape, std::uint8_t phases, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> label(0, phases - 1);
  Volume volume(shape);
  for (std::int64_t i = 0; i < volume.count(); ++i)
    volume.data()[i] = static_cast<std::uint8_t>(label(rng));
  return volume;
}

// Interior voxel faces between `label` and any other label, by a plain loop over neighbour
// pairs.
std::int64_t reference_interface_faces(const Volume& volume, std::uint8_t label) {
  const Shape& s = volume.shape();
  std::int64_t faces = 0;
  for (std::int64_t x = 0; x < s.nx; ++x)
    for (std::int64_t y = 0; y < s.ny; ++y)
      for (std::int64_t z = 0; z < s.nz; ++z) {
        const bool here = volume(x, y, z) == label;
        if (x + 1 < s.nx && here != (volume(x + 1, y, z) == label)) ++faces;
        if (y + 1 < s.ny && here != (volume(x, y + 1, z) == label)) ++faces;
        if (z + 1 < s.nz && here != (volume(x, y, z + 1) == label)) ++faces;
      }
  return faces;
}

TEST(PhaseFractions, CountEveryPhaseWithItsValue) {
  Volume volume(Shape{4, 5, 6}, 0);
  volume.set_phase_values({-1.5, 0.25, 7.0});
  for (std::int64_t i = 0; i < 30; ++i) volume.data()[i] = 1;
  for (std::int64_t i = 30; i < 40; ++i) volume.data()[i] = 2;
  const auto fractions = voxel::phase_fractions(volume);
  ASSERT_EQ(fractions.size(), 3u);
  const std::int64_t expected[] = {120 - 40, 30, 10};
  const double values[] = {-1.5, 0.25, 7.0};
  for (int label = 0; label < 3; ++label) {
    EXPECT_EQ(fractions[label].label, label);
    EXPECT_EQ(fractions[label].value, values[label]);
    EXPECT_EQ(fractions[label].voxels, expected[label]);
    EXPECT_DOUBLE_EQ(fractions[label].fraction, expected[label] / 120.0);
  }
  const auto json = voxel::to_json(fractions);
  ASSERT_EQ(json.size(), 3u);
  EXPECT_EQ(json[2]["value"].get<double>(), 7.0);
  EXPECT_EQ(json[1]["voxels"].get<std::int64_t>(), 30);
}

TEST(PhaseFractions, SkipAbsentLabels) {
  Volume volume(Shape{2, 2, 2}, 3);
  volume(1, 1, 1) = 200;
  const auto fractions = voxel::phase_fractions(volume);
  ASSERT_EQ(fractions.size(), 2u);
  EXPECT_EQ(fractions[0].label, 3);
  EXPECT_EQ(fractions[0].voxels, 7);
  EXPECT_EQ(fractions[1].label, 200);
  EXPECT_EQ(fractions[1].value, 200.0);
}

TEST(PhaseStats, SingleVoxelHasSixFaces) {
  Volume volume(Shape{5, 5, 5}, 0);
  volume(2, 2, 2) = 1;
  volume.set_spacing({0.5, 0.5, 0.5});
  for (const std::uint8_t label : {1, 0}) {
    const PhaseStats stats = voxel::phase_stats(volume, label);
    EXPECT_EQ(stats.interface_faces, 6);
    EXPECT_DOUBLE_EQ(stats.specific_surface_per_voxel, 6.0 / 125.0);
    EXPECT_DOUBLE_EQ(stats.specific_surface, 6.0 / 125.0 / 0.5);
  }
  const PhaseStats one = voxel::phase_stats(volume, 1);
  EXPECT_EQ(one.faces_normal_to, (std::array<std::int64_t, 3>{2, 2, 2}));
  EXPECT_EQ(one.voxels, 1);
  EXPECT_EQ(one.clusters, 1);
  EXPECT_EQ(one.largest_cluster, 1);
  for (const auto& axis : one.axes) EXPECT_FALSE(axis.percolates);
}

TEST(PhaseStats, CornerVoxelFacesExcludeTheDomainBoundary) {
  Volume volume(Shape{4, 4, 4}, 0);
  volume(0, 0, 0) = 1;
  EXPECT_EQ(voxel::phase_stats(volume, 1).interface_faces, 3);
}

TEST(PhaseStats, HalfHalfSlabHasOneLayerOfFaces) {
  const std::int64_t n = 6;
  for (int axis = 0; axis < 3; ++axis) {
    Volume volume(Shape{n, n, n}, 0);
    for (std::int64_t x = 0; x < n; ++x)
      for (std::int64_t y = 0; y < n; ++y)
        for (std::int64_t z = 0; z < n; ++z)
          if ((axis == 0 ? x : axis == 1 ? y : z) < n / 2) volume(x, y, z) = 1;
    const PhaseStats stats = voxel::phase_stats(volume, 1);
    EXPECT_EQ(stats.interface_faces, n * n) << "axis " << axis;
    EXPECT_EQ(stats.voxels, n * n * n / 2);
    EXPECT_DOUBLE_EQ(stats.volume_fraction, 0.5);
    EXPECT_EQ(stats.clusters, 1);
    // A slab against the low face of `axis` spans the two other axes only.
    for (int other = 0; other < 3; ++other) {
      EXPECT_EQ(stats.axes[other].percolates, other != axis);
      EXPECT_DOUBLE_EQ(stats.axes[other].spanning_phase_fraction, other != axis ? 1.0 : 0.0);
      EXPECT_DOUBLE_EQ(stats.axes[other].percolating_volume_fraction, other != axis ? 0.5 : 0.0);
    }
  }
}

TEST(PhaseStats, ChannelAndDeadBlob) {
  // A channel along y plus an isolated 2-voxel blob: the phase percolates along y only, and
  // only the channel's voxels count as percolating.
  Volume volume(Shape{5, 10, 5}, 0);
  volume.set_phase_values({0.0, 255.0});
  for (std::int64_t y = 0; y < 10; ++y) volume(1, y, 1) = 1;
  volume(3, 4, 3) = 1;
  volume(3, 5, 3) = 1;
  const PhaseStats stats = voxel::phase_stats(volume, 1);
  EXPECT_EQ(stats.value, 255.0);
  EXPECT_EQ(stats.voxels, 12);
  EXPECT_EQ(stats.clusters, 2);
  EXPECT_EQ(stats.largest_cluster, 10);
  EXPECT_FALSE(stats.axes[0].percolates);
  EXPECT_TRUE(stats.axes[1].percolates);
  EXPECT_FALSE(stats.axes[2].percolates);
  EXPECT_EQ(stats.axes[1].spanning_voxels, 10);
  EXPECT_DOUBLE_EQ(stats.axes[1].spanning_phase_fraction, 10.0 / 12.0);
  EXPECT_DOUBLE_EQ(stats.axes[1].percolating_volume_fraction, 10.0 / 250.0);
  // Channel: 4 sides x 10 voxels; blob: 4 sides x 2 + 2 ends.
  EXPECT_EQ(stats.interface_faces, 40 + 10);

  const auto json = voxel::to_json(stats);
  EXPECT_EQ(json["value"].get<double>(), 255.0);
  EXPECT_EQ(json["clusters"].get<std::int64_t>(), 2);
  EXPECT_TRUE(json["percolation"]["y"]["percolates"].get<bool>());
  EXPECT_FALSE(json["percolation"]["x"]["percolates"].get<bool>());
  EXPECT_EQ(json["percolation"]["y"]["spanning_voxels"].get<std::int64_t>(), 10);
  EXPECT_EQ(json["specific_surface_area"]["method"].get<std::string>(), "face-counting");
  EXPECT_EQ(json["specific_surface_area"]["interface_faces"].get<std::int64_t>(), 50);
}

TEST(PhaseStats, MatchPlainLoopsOnRandomVolumes) {
  std::mt19937_64 rng(99);
  for (const Shape shape : {Shape{1, 1, 1}, Shape{1, 9, 7}, Shape{11, 1, 1}, Shape{17, 13, 19}}) {
    const Volume volume = random_volume(shape, 3, rng);
    for (std::uint8_t label = 0; label < 3; ++label) {
      SCOPED_TRACE(::testing::Message() << shape.str() << " label " << int(label));
      std::vector<std::uint8_t> mask(shape.count());
      for (std::int64_t i = 0; i < shape.count(); ++i) mask[i] = volume.data()[i] == label;
      const ReferenceClusters reference = flood_fill(mask, shape, {false, false, false});
      std::int64_t voxels = 0, largest = 0;
      std::array<std::int64_t, 3> spanning{};
      for (std::size_t id = 0; id < reference.size.size(); ++id) {
        voxels += reference.size[id];
        largest = std::max(largest, reference.size[id]);
        for (int axis = 0; axis < 3; ++axis)
          if (((reference.faces[id] >> (2 * axis)) & 3) == 3) spanning[axis] += reference.size[id];
      }
      const PhaseStats stats = voxel::phase_stats(volume, label);
      EXPECT_EQ(stats.voxels, voxels);
      EXPECT_EQ(stats.clusters, static_cast<std::int64_t>(reference.size.size()));
      EXPECT_EQ(stats.largest_cluster, largest);
      EXPECT_EQ(stats.interface_faces, reference_interface_faces(volume, label));
      for (int axis = 0; axis < 3; ++axis) {
        EXPECT_EQ(stats.axes[axis].spanning_voxels, spanning[axis]);
        EXPECT_EQ(stats.axes[axis].percolates, spanning[axis] > 0);
        EXPECT_DOUBLE_EQ(stats.axes[axis].percolating_volume_fraction,
                         double(spanning[axis]) / double(shape.count()));
      }
    }
  }
}

TEST(PhaseStats, AbsentPhaseIsAllZeros) {
  const Volume volume(Shape{3, 3, 3}, 0);
  const PhaseStats stats = voxel::phase_stats(volume, 9);
  EXPECT_EQ(stats.voxels, 0);
  EXPECT_EQ(stats.clusters, 0);
  EXPECT_EQ(stats.interface_faces, 0);
  for (const auto& axis : stats.axes) {
    EXPECT_FALSE(axis.percolates);
    EXPECT_EQ(axis.spanning_phase_fraction, 0.0);
  }
}

// A plane interface normal to x in a box of nx x ny x nz voxels of spacing (hx, hy, hz): area
// ny hy nz hz over volume nx hx ny hy nz hz is 1 / (nx hx), whatever hy and hz are; normal to
// y it is 1 / (ny hy).
TEST(PhaseStats, SpecificSurfaceUsesTheAreaOfEachFaceWithAnisotropicSpacing) {
  const Spacing spacing = {0.5, 2.0, 3.0};
  Volume normal_to_x(Shape{4, 6, 5}, 0), normal_to_y(Shape{4, 6, 5}, 0);
  for (std::int64_t x = 0; x < 4; ++x)
    for (std::int64_t y = 0; y < 6; ++y)
      for (std::int64_t z = 0; z < 5; ++z) {
        normal_to_x(x, y, z) = x < 2;
        normal_to_y(x, y, z) = y < 3;
      }
  normal_to_x.set_spacing(spacing);
  normal_to_y.set_spacing(spacing);
  const auto x_stats = voxel::phase_stats(normal_to_x, 1);
  EXPECT_EQ(x_stats.faces_normal_to, (std::array<std::int64_t, 3>{30, 0, 0}));
  EXPECT_DOUBLE_EQ(x_stats.specific_surface, 1.0 / (4 * 0.5));
  const auto y_stats = voxel::phase_stats(normal_to_y, 1);
  EXPECT_EQ(y_stats.faces_normal_to, (std::array<std::int64_t, 3>{0, 20, 0}));
  EXPECT_DOUBLE_EQ(y_stats.specific_surface, 1.0 / (6 * 2.0));
  EXPECT_DOUBLE_EQ(y_stats.specific_surface_per_voxel, 20.0 / 120.0);  // spacing-free
}

}  // namespace
}  // namespace condnet::test
