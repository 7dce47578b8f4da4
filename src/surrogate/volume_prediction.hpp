#pragma once
// The surrogate's answer for a whole volume of any size >= the model's n^3 input: the volume is
// cut into n^3 tiles (tiling.hpp), every tile's D_eff along x, y, z is predicted (eps_tile
// times the network's ratio), and the tiles are combined per axis into the volume's D_eff:
//   d_eff          the parallel-series combination: the tiles of each layer normal to the axis
//                  in parallel, the layers in series;
//   d_eff_lower    the series-parallel combination: each column of tiles along the axis in
//                  series, the columns in parallel (0 when every column is blocked).
// For the same tile values the first bounds the tile network from above, the second from
// below. But each tile's value is that of the tile alone with sealed side faces (as the
// training labels are), which underestimates the tile inside the larger volume, where current
// also leaves through its sides; the parallel-series combination, which reconnects the tiles
// at every layer, compensates for that and is the reported answer: with the shipped fast-48
// model on electrode-256 (phase 0) it is within 5% of the solver on every axis (x 0.2270 vs
// 0.2166; series-parallel 0.2112, and 5-9% low on y and z). docs/surrogate.md has more.
// Each tile is encoded on its own (input_encoding.hpp: a tile along whose axis nothing spans has
// D_eff exactly 0). The whole volume's spanning sets bound both estimates: along an axis no
// cluster of the volume spans, D_eff is exactly 0; along any axis it is at most the spanning
// fraction eps_a.
// tau = eps / D_eff with eps the conducting fraction of the whole volume. A volume of exactly
// n^3 is one tile and both estimates are the network's answer.
#include <array>
#include <cstdint>

#include "surrogate/predictor.hpp"
#include "voxel/volume.hpp"

namespace condnet::surrogate {

struct VolumePrediction {
  double eps = 0;
  std::array<double, 3> spanning_fraction{};  // per axis: voxels of spanning clusters / all
  std::array<double, 3> d_eff{};              // parallel-series (reported)
  std::array<double, 3> d_eff_lower{};        // series-parallel
  std::array<double, 3> tau{};                // eps / d_eff; infinite where d_eff is 0
  std::array<std::int64_t, 3> tiles{};        // per axis
  double seconds = 0;
};

// `conducting`: the label that conducts. The volume must be at least n voxels along each axis
// (the caller reports otherwise).
VolumePrediction predict_volume(Predictor& predictor, const voxel::Volume& volume,
                                std::uint8_t conducting);

}  // namespace condnet::surrogate
