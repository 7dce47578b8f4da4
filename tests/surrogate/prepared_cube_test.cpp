// One cluster labelling per cube (surrogate/ensemble_predictor.hpp prepare_cube) gives the
// encoding and the input statistics bit for bit as labelling for each of them, on random cubes
// from below to above the percolation threshold; and a mask's statistics equal the phase
// statistics of a volume holding it.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "surrogate/ensemble_predictor.hpp"
#include "voxel/clusters.hpp"
#include "voxel/stats.hpp"

namespace condnet::surrogate {
namespace {

constexpr std::int64_t kEdge = 24;

std::vector<std::uint8_t> random_cube(double porosity, unsigned seed) {
  std::mt19937 rng(seed);
  std::bernoulli_distribution conducts(porosity);
  std::vector<std::uint8_t> cube(kEdge * kEdge * kEdge);
  for (auto& v : cube) v = conducts(rng) ? 1 : 0;
  return cube;
}

TEST(PreparedCube, OneLabellingGivesTheEncodingAndStatisticsOfLabellingEach) {
  const auto encoding = data::InputEncoding::parse("spanning", "test");
  const auto floats = encoding.channels() * kEdge * kEdge * kEdge;
  int percolating = 0;
  for (const double porosity : {0.2, 0.3, 0.35, 0.5, 0.8}) {
    const auto cube = random_cube(porosity, static_cast<unsigned>(porosity * 100));
    std::vector<float> separate(floats), together(floats);
    const auto bound = encoding.encode(cube, kEdge, separate);
    const auto statistics = cube_statistics(cube, kEdge);
    const auto prepared = prepare_cube(encoding, cube, kEdge, true, together);
    EXPECT_EQ(prepared.bound, bound) << porosity;
    EXPECT_EQ(together, separate) << porosity;
    ASSERT_TRUE(prepared.statistics.has_value());
    EXPECT_EQ(*prepared.statistics, statistics) << porosity;
    EXPECT_FALSE(prepare_cube(encoding, cube, kEdge, false, together).statistics.has_value());
    percolating += bound[0] > 0;
  }
  EXPECT_GT(percolating, 0);  // the cubes span from none to every axis
  EXPECT_LT(percolating, 5);
}

TEST(PreparedCube, MaskStatisticsEqualThePhaseStatisticsOfAVolume) {
  const auto cube = random_cube(0.4, 7);
  voxel::Volume volume(voxel::Shape{kEdge, kEdge, kEdge});
  std::copy(cube.begin(), cube.end(), volume.data());
  const auto of_volume = voxel::phase_stats(volume, 1);
  const auto of_mask =
      voxel::mask_stats(cube, voxel::label_clusters(cube, voxel::Shape{kEdge, kEdge, kEdge}));
  EXPECT_EQ(of_mask.voxels, of_volume.voxels);
  EXPECT_EQ(of_mask.clusters, of_volume.clusters);
  EXPECT_EQ(of_mask.largest_cluster, of_volume.largest_cluster);
  EXPECT_EQ(of_mask.interface_faces, of_volume.interface_faces);
  EXPECT_EQ(of_mask.volume_fraction, of_volume.volume_fraction);
  EXPECT_GT(of_mask.interface_faces, 0);
  for (int a = 0; a < 3; ++a) {
    EXPECT_EQ(of_mask.axes[a].spanning_voxels, of_volume.axes[a].spanning_voxels);
    EXPECT_EQ(of_mask.axes[a].spanning_phase_fraction, of_volume.axes[a].spanning_phase_fraction);
  }
}

}  // namespace
}  // namespace condnet::surrogate
