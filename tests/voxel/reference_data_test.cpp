// The published facts about the shared reference volumes, through the whole read + stats path.
#include <gtest/gtest.h>

#include "test_paths.hpp"
#include "voxel/stats.hpp"
#include "voxel/volume_io.hpp"

namespace condnet::voxel {

TEST(ReferenceData, Electrode256Fractions) {
  const auto path = test::shared_data("electrode-256.tiff");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared data absent: " << path;
  const Volume volume = read_volume(path.string());
  ASSERT_EQ(volume.shape(), (Shape{256, 256, 256}));
  const auto fractions = phase_fractions(volume);
  ASSERT_EQ(fractions.size(), 3u);
  const double expected[3][2] = {{0, 0.44992}, {85, 0.40046}, {170, 0.14961}};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(fractions[i].value, expected[i][0]);
    EXPECT_NEAR(fractions[i].fraction, expected[i][1], 1e-5);  // published values are truncated
  }
}

TEST(ReferenceData, Tf500PhaseFractionsAndPercolation) {
  const auto path = test::tf500_tiff();
  if (!path) GTEST_SKIP() << "shared data absent: TF-500x500x500-1x2x6-v3.tiff.zip";
  const Volume volume = read_volume(path->string());
  ASSERT_EQ(volume.shape(), (Shape{500, 500, 500}));
  const PhaseStats pore = phase_stats(volume, volume.label_of(255, "--phase"));
  EXPECT_EQ(pore.voxels, 37'500'000);  // exactly 0.30
  EXPECT_EQ(pore.clusters, 1);
  for (int axis = 0; axis < 3; ++axis) {
    EXPECT_TRUE(pore.axes[axis].percolates) << "axis " << axis;
    EXPECT_DOUBLE_EQ(pore.axes[axis].spanning_phase_fraction, 1.0);
  }
  const PhaseStats solid = phase_stats(volume, volume.label_of(0, "--phase"));
  EXPECT_EQ(solid.voxels, 87'500'000);
  EXPECT_EQ(solid.clusters, 596);
  for (int axis = 0; axis < 3; ++axis) EXPECT_FALSE(solid.axes[axis].percolates) << "axis " << axis;
}

}  // namespace condnet::voxel
