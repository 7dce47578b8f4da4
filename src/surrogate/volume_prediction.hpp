#pragma once
// The surrogate's answer for a whole volume of any size >= the model's n^3 input: the volume is
// cut into n^3 tiles (tiling.hpp), every tile's D_eff along x, y, z is predicted (eps_tile
// times the network's ratio), and the tiles are combined per axis into the volume's D_eff:
//   reported       the series-parallel combination (tiles in series along the axis, columns
//                  in parallel): a lower estimate that stays 0 when a column is blocked;
//   upper          the parallel-series combination, an upper estimate.
// tau = eps / D_eff with eps the conducting fraction of the whole volume. A volume of exactly
// n^3 is one tile and both estimates are the network's answer.
#include <array>
#include <cstdint>

#include "surrogate/predictor.hpp"
#include "voxel/volume.hpp"

namespace condnet::surrogate {

struct VolumePrediction {
  double eps = 0;
  std::array<double, 3> d_eff{};        // parallel-series (reported)
  std::array<double, 3> d_eff_lower{};  // series-parallel
  std::array<double, 3> tau{};          // eps / d_eff; infinite where d_eff is 0
  std::array<std::int64_t, 3> tiles{};  // per axis
  double seconds = 0;
};

// `conducting`: the label that conducts. The volume must be at least n voxels along each axis
// (the caller reports otherwise).
VolumePrediction predict_volume(Predictor& predictor, const voxel::Volume& volume,
                                std::uint8_t conducting);

}  // namespace condnet::surrogate
