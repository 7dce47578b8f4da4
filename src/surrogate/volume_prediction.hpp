#pragma once
// The surrogate's answer for a whole volume of any size >= the model's n^3 input: the volume is
// cut into n^3 tiles (tiling.hpp), every tile's D_eff along x, y, z is predicted by every member
// (bound_tile times the member's ratio), and each member's tiles are combined per axis into its
// D_eff of the volume:
//   parallel-series: the tiles of each layer normal to the axis in parallel, the layers in
//                  series (the reported answer);
//   series-parallel: each column of tiles along the axis in series, the columns in parallel
//                  (0 when every column is blocked; `d_eff_lower`, the members' mean).
// For the same tile values the first bounds the tile network from above, the second from
// below. But each tile's value is that of the tile alone with sealed side faces (as the
// training labels are), which underestimates the tile inside the larger volume, where current
// also leaves through its sides; the parallel-series combination, which reconnects the tiles
// at every layer, compensates for that and is the reported answer: with the shipped fast-48
// model on electrode-256 (phase 0) it is within 5% of the solver on every axis (x 0.2270 vs
// 0.2166; series-parallel 0.2112, and 5-9% low on y and z). docs/surrogate.md has more.
// Each tile is encoded on its own (input_encoding.hpp: a tile along whose axis nothing spans has
// D_eff exactly 0). The whole volume's spanning sets bound every member's value: along an axis
// no cluster of the volume spans, D_eff is exactly 0; along any axis it is at most the spanning
// fraction eps_a. The members' values of the volume give the estimate (interval.hpp): mean,
// spread and, for a calibrated ensemble, the interval.
// tau = eps / D_eff with eps the conducting fraction of the whole volume. A volume of exactly
// n^3 is one tile and both combinations are the network's answer.
//
// Hand-over (input_domain.hpp), for an ensemble with a domain: an axis along which something
// spans is flagged when some tile's statistics fall outside the training ranges, or when the
// members' relative spread of the volume exceeds the limit; `handover[a]` says why, empty
// when the surrogate's answer stands.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "surrogate/ensemble_predictor.hpp"
#include "surrogate/interval.hpp"
#include "voxel/volume.hpp"

namespace condnet::surrogate {

struct VolumePrediction {
  double eps = 0;
  std::array<double, 3> spanning_fraction{};  // per axis: voxels of spanning clusters / all
  std::array<Estimate, 3> d_eff{};            // parallel-series (reported)
  std::array<double, 3> d_eff_lower{};        // series-parallel, the members' mean
  std::array<double, 3> tau{};                // eps / mean D_eff; infinite where it is 0
  std::array<double, 3> spread{};             // relative spread of the members (input_domain)
  std::array<std::int64_t, 3> tiles{};        // per axis
  std::int64_t tiles_outside = 0;             // tiles whose statistics leave the domain
  std::vector<std::string> outside;           // why, for the first such tile
  std::array<std::string, 3> handover;        // per axis: why the solver should answer
  double seconds = 0;
};

// `conducting`: the label that conducts. The volume must be at least n voxels along each axis
// (the caller reports otherwise). `model`: the predictor's model (calibration and domain).
VolumePrediction predict_volume(EnsemblePredictor& predictor, const SurrogateModel& model,
                                const voxel::Volume& volume, std::uint8_t conducting);

}  // namespace condnet::surrogate
