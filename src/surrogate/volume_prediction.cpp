#include "surrogate/volume_prediction.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <limits>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/stopwatch.hpp"
#include "surrogate/input_domain.hpp"
#include "surrogate/tiling.hpp"
#include "voxel/stats.hpp"

namespace condnet::surrogate {

VolumePrediction predict_volume(EnsemblePredictor& predictor, const SurrogateModel& model,
                                const voxel::Volume& volume, std::uint8_t conducting) {
  const auto start = std::chrono::steady_clock::now();
  const auto n = predictor.edge();
  const auto k_count = predictor.members();
  const auto grid = make_tile_grid(volume.shape(), voxel::Shape{n, n, n});
  const auto voxels = n * n * n;
  const auto floats = predictor.input_floats();  // per tile: C n^3
  const auto tiles = grid.count();

  VolumePrediction out;
  // d_tile[k][a]: member k's D_eff of every tile (C tile order) along axis a.
  std::vector<std::array<std::vector<double>, 3>> d_tile(k_count);
  for (auto& member : d_tile)
    for (auto& d : member) d.resize(tiles);
  std::vector<std::array<double, 3>> bounds(predictor.batch());
  std::vector<std::uint8_t> labels(voxels);
  std::vector<float> x(predictor.batch() * floats);  // (B, C, n, n, n)
  std::int64_t filled = 0, first = 0;
  const auto flush = [&] {
    if (filled == 0) return;
    throw_if_interrupted();  // between batches of tiles (core/interrupt.hpp)
    const auto d = predictor.d_eff(std::span(x).first(filled * floats),
                                   std::span(bounds).first(filled), filled);  // (B, 3, K)
    for (std::int64_t b = 0; b < filled; ++b)
      for (int a = 0; a < 3; ++a)
        for (std::int64_t k = 0; k < k_count; ++k)
          d_tile[k][a][first + b] = d[(b * 3 + a) * k_count + k];
    first += filled;
    filled = 0;
  };
  for (std::int64_t tx = 0; tx < grid.count(0); ++tx)
    for (std::int64_t ty = 0; ty < grid.count(1); ++ty)
      for (std::int64_t tz = 0; tz < grid.count(2); ++tz) {
        extract_tile(volume, grid, tx, ty, tz, labels);
        for (auto& label : labels) label = label == conducting ? 1 : 0;
        const auto cube = prepare_cube(predictor.encoding(), labels, n, model.domain.has_value(),
                                       std::span(x).subspan(filled * floats, floats));
        bounds[filled] = cube.bound;
        if (model.domain) {
          const auto outside = model.domain->outside(*cube.statistics);
          if (!outside.empty() && out.tiles_outside++ == 0) out.outside = outside;
        }
        if (++filled == predictor.batch()) flush();
      }
  flush();

  // The whole volume's spanning sets: D_eff is 0 along an axis nothing spans, and never more
  // than the spanning fraction, whatever the tiles say.
  const auto stats = voxel::phase_stats(volume, conducting);
  out.eps = stats.volume_fraction;
  for (int a = 0; a < 3; ++a) {
    const double bound = stats.axes[a].percolating_volume_fraction;
    out.tiles[a] = grid.count(a);
    out.spanning_fraction[a] = bound;
    std::vector<double> members(k_count);
    double lower = 0;
    for (std::int64_t k = 0; k < k_count; ++k) {
      members[k] = std::min(bound, combine_tiles_parallel_series(grid, d_tile[k][a], a));
      lower += std::min(bound, combine_tiles(grid, d_tile[k][a], a)) / static_cast<double>(k_count);
    }
    out.d_eff[a] = estimate(members, bound, model.calibration);
    out.d_eff_lower[a] = lower;
    out.spread[a] = relative_spread(members);
    out.tau[a] = out.d_eff[a].mean > 0 ? out.eps / out.d_eff[a].mean
                                       : std::numeric_limits<double>::infinity();
    if (!model.domain || bound == 0) continue;
    out.handover[a] = model.domain->handover(
        out.tiles_outside == 0
            ? ""
            : fmt::format("{} of {} tiles unlike the training data: {}", out.tiles_outside, tiles,
                          fmt::join(out.outside, ", ")),
        out.spread[a]);
  }
  out.seconds = seconds_since(start);
  return out;
}

}  // namespace condnet::surrogate
