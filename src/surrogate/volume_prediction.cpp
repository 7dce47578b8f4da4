#include "surrogate/volume_prediction.hpp"

#include <chrono>
#include <limits>

#include "core/error.hpp"
#include "surrogate/tiling.hpp"

namespace condnet::surrogate {

VolumePrediction predict_volume(Predictor& predictor, const voxel::Volume& volume,
                                std::uint8_t conducting) {
  const auto start = std::chrono::steady_clock::now();
  const auto n = predictor.edge();
  const auto grid = make_tile_grid(volume.shape(), voxel::Shape{n, n, n});
  const auto voxels = n * n * n;
  const auto tiles = grid.count();

  // Tiles in C order; eps and D_eff per tile and axis.
  std::vector<double> eps_tile(tiles);
  std::array<std::vector<double>, 3> d_tile;
  for (auto& d : d_tile) d.resize(tiles);
  std::vector<std::uint8_t> labels(voxels);
  std::vector<float> x(predictor.batch() * voxels);
  std::int64_t filled = 0, first = 0;
  const auto flush = [&] {
    if (filled == 0) return;
    const auto r = predictor.ratios(std::span(x).first(filled * voxels), filled);
    for (std::int64_t b = 0; b < filled; ++b)
      for (int a = 0; a < 3; ++a) d_tile[a][first + b] = eps_tile[first + b] * r[3 * b + a];
    first += filled;
    filled = 0;
  };
  for (std::int64_t tx = 0; tx < grid.count(0); ++tx)
    for (std::int64_t ty = 0; ty < grid.count(1); ++ty)
      for (std::int64_t tz = 0; tz < grid.count(2); ++tz) {
        extract_tile(volume, grid, tx, ty, tz, labels);
        auto tile_x = std::span(x).subspan(filled * voxels, voxels);
        std::int64_t conducting_voxels = 0;
        for (std::int64_t i = 0; i < voxels; ++i) {
          const bool on = labels[i] == conducting;
          tile_x[i] = on ? 1.0f : 0.0f;
          conducting_voxels += on;
        }
        eps_tile[grid.index(tx, ty, tz)] =
            static_cast<double>(conducting_voxels) / static_cast<double>(voxels);
        if (++filled == predictor.batch()) flush();
      }
  flush();

  VolumePrediction out;
  out.eps =
      static_cast<double>(volume.histogram()[conducting]) / static_cast<double>(volume.count());
  for (int a = 0; a < 3; ++a) {
    out.tiles[a] = grid.count(a);
    out.d_eff[a] = combine_tiles_parallel_series(grid, d_tile[a], a);
    out.d_eff_lower[a] = combine_tiles(grid, d_tile[a], a);
    out.tau[a] =
        out.d_eff[a] > 0 ? out.eps / out.d_eff[a] : std::numeric_limits<double>::infinity();
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace condnet::surrogate
