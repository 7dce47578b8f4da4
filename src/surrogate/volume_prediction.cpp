#include "surrogate/volume_prediction.hpp"

#include <algorithm>
#include <chrono>
#include <limits>

#include "core/error.hpp"
#include "surrogate/tiling.hpp"
#include "voxel/stats.hpp"

namespace condnet::surrogate {

VolumePrediction predict_volume(Predictor& predictor, const voxel::Volume& volume,
                                std::uint8_t conducting) {
  const auto start = std::chrono::steady_clock::now();
  const auto n = predictor.edge();
  const auto grid = make_tile_grid(volume.shape(), voxel::Shape{n, n, n});
  const auto voxels = n * n * n;
  const auto floats = predictor.input_floats();  // per tile: C n^3
  const auto tiles = grid.count();

  // Tiles in C order; their bounds and D_eff per axis.
  std::vector<std::array<double, 3>> bound_tile(tiles);
  std::array<std::vector<double>, 3> d_tile;
  for (auto& d : d_tile) d.resize(tiles);
  std::vector<std::uint8_t> labels(voxels);
  std::vector<float> x(predictor.batch() * floats);  // (B, C, n, n, n)
  std::int64_t filled = 0, first = 0;
  const auto flush = [&] {
    if (filled == 0) return;
    const auto r = predictor.ratios(std::span(x).first(filled * floats), filled);
    for (std::int64_t b = 0; b < filled; ++b)
      for (int a = 0; a < 3; ++a) d_tile[a][first + b] = bound_tile[first + b][a] * r[3 * b + a];
    first += filled;
    filled = 0;
  };
  for (std::int64_t tx = 0; tx < grid.count(0); ++tx)
    for (std::int64_t ty = 0; ty < grid.count(1); ++ty)
      for (std::int64_t tz = 0; tz < grid.count(2); ++tz) {
        extract_tile(volume, grid, tx, ty, tz, labels);
        for (auto& label : labels) label = label == conducting ? 1 : 0;
        bound_tile[grid.index(tx, ty, tz)] =
            predictor.encoding().encode(labels, n, std::span(x).subspan(filled * floats, floats));
        if (++filled == predictor.batch()) flush();
      }
  flush();

  // The whole volume's spanning sets: D_eff is 0 along an axis nothing spans, and never more
  // than the spanning fraction, whatever the tiles say.
  const auto stats = voxel::phase_stats(volume, conducting);
  VolumePrediction out;
  out.eps = stats.volume_fraction;
  for (int a = 0; a < 3; ++a) {
    const double bound = stats.axes[a].percolating_volume_fraction;
    out.tiles[a] = grid.count(a);
    out.spanning_fraction[a] = bound;
    out.d_eff[a] = std::min(bound, combine_tiles_parallel_series(grid, d_tile[a], a));
    out.d_eff_lower[a] = std::min(bound, combine_tiles(grid, d_tile[a], a));
    out.tau[a] =
        out.d_eff[a] > 0 ? out.eps / out.d_eff[a] : std::numeric_limits<double>::infinity();
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace condnet::surrogate
