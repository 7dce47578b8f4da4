// Tile starts, the tile grid, tile extraction and the series/parallel combinations of per-tile
// D_eff (see tiling.hpp for the model behind them).
#include "surrogate/tiling.hpp"

#include <cmath>
#include <cstring>

#include "core/error.hpp"

namespace condnet::surrogate {
namespace {

// The two axes other than `axis`, ascending.
std::array<int, 2> other_axes(int axis) {
  return axis == 0 ? std::array{1, 2} : axis == 1 ? std::array{0, 2} : std::array{0, 1};
}

// d_tiles at tile (k along `axis`, i along lateral[0], j along lateral[1]).
struct TileView {
  const TileGrid& grid;
  std::span<const double> d;
  int axis;
  std::array<int, 2> lateral;

  double at(std::int64_t k, std::int64_t i, std::int64_t j) const {
    std::array<std::int64_t, 3> t{};
    t[axis] = k;
    t[lateral[0]] = i;
    t[lateral[1]] = j;
    return d[grid.index(t[0], t[1], t[2])];
  }
  // Cross-section area tile column (i, j) alone covers.
  double area(std::int64_t i, std::int64_t j) const {
    return static_cast<double>(grid.owned_extent(lateral[0], i) * grid.owned_extent(lateral[1], j));
  }
};

TileView checked_view(const TileGrid& grid, std::span<const double> d_tiles, int axis) {
  CONDNET_ASSERT(axis >= 0 && axis < 3);
  CONDNET_ASSERT(static_cast<std::int64_t>(d_tiles.size()) == grid.count());
  for (std::size_t i = 0; i < d_tiles.size(); ++i)
    if (!std::isfinite(d_tiles[i]) || d_tiles[i] < 0)
      fail(
          "per-tile D_eff: tile {} of {} holds {}; allowed: finite values >= 0 (clamp model "
          "outputs first)",
          i, d_tiles.size(), d_tiles[i]);
  return {grid, d_tiles, axis, other_axes(axis)};
}

}  // namespace

std::vector<std::int64_t> tile_starts(std::int64_t extent, std::int64_t tile) {
  CONDNET_ASSERT(tile >= 1 && tile <= extent);
  const std::int64_t count = (extent + tile - 1) / tile;
  std::vector<std::int64_t> starts(static_cast<std::size_t>(count));
  for (std::int64_t k = 0; k + 1 < count; ++k) starts[k] = k * tile;
  starts.back() = extent - tile;
  return starts;
}

std::int64_t TileGrid::owned_extent(int axis, std::int64_t k) const {
  CONDNET_ASSERT(k >= 0 && k < count(axis));
  const std::int64_t edge = tile.extent(axis);
  return k + 1 < count(axis) ? edge : volume.extent(axis) - k * edge;
}

TileGrid make_tile_grid(const voxel::Shape& volume, const voxel::Shape& tile) {
  TileGrid grid{volume, tile, {}};
  for (int axis = 0; axis < 3; ++axis)
    grid.starts[axis] = tile_starts(volume.extent(axis), tile.extent(axis));
  return grid;
}

void extract_tile(const voxel::Volume& volume, const TileGrid& grid, std::int64_t tx,
                  std::int64_t ty, std::int64_t tz, std::span<std::uint8_t> out) {
  CONDNET_ASSERT(volume.shape() == grid.volume);
  CONDNET_ASSERT(static_cast<std::int64_t>(out.size()) == grid.tile.count());
  const std::int64_t x0 = grid.starts[0][tx], y0 = grid.starts[1][ty], z0 = grid.starts[2][tz];
  const auto row_bytes = static_cast<std::size_t>(grid.tile.nz);
  std::uint8_t* row = out.data();  // tile[x, y, :]
  for (std::int64_t x = 0; x < grid.tile.nx; ++x)
    for (std::int64_t y = 0; y < grid.tile.ny; ++y, row += row_bytes)
      std::memcpy(row, volume.data() + grid.volume.index(x0 + x, y0 + y, z0), row_bytes);
}

double combine_tiles(const TileGrid& grid, std::span<const double> d_tiles, int axis) {
  const TileView view = checked_view(grid, d_tiles, axis);
  const double length = static_cast<double>(grid.volume.extent(axis));
  double flow = 0, area = 0;  // sum over columns of area * D_column, and of area
  for (std::int64_t i = 0; i < grid.count(view.lateral[0]); ++i) {
    for (std::int64_t j = 0; j < grid.count(view.lateral[1]); ++j) {
      // Series resistance of column (i, j) times its length; a blocked tile blocks it.
      double resistance = 0;
      bool blocked = false;
      for (std::int64_t k = 0; k < grid.count(axis) && !blocked; ++k) {
        const double d = view.at(k, i, j);
        blocked = d == 0;
        if (!blocked) resistance += static_cast<double>(grid.owned_extent(axis, k)) / d;
      }
      if (!blocked) flow += view.area(i, j) * length / resistance;
      area += view.area(i, j);
    }
  }
  return flow / area;
}

double combine_tiles_parallel_series(const TileGrid& grid, std::span<const double> d_tiles,
                                     int axis) {
  const TileView view = checked_view(grid, d_tiles, axis);
  double resistance = 0;  // sum over layers of thickness / D_layer
  for (std::int64_t k = 0; k < grid.count(axis); ++k) {
    double flow = 0, area = 0;  // of layer k: sum of area * D, and of area
    for (std::int64_t i = 0; i < grid.count(view.lateral[0]); ++i) {
      for (std::int64_t j = 0; j < grid.count(view.lateral[1]); ++j) {
        flow += view.area(i, j) * view.at(k, i, j);
        area += view.area(i, j);
      }
    }
    if (flow == 0) return 0;  // a layer with no conducting tile blocks the volume
    resistance += static_cast<double>(grid.owned_extent(axis, k)) * area / flow;
  }
  return static_cast<double>(grid.volume.extent(axis)) / resistance;
}

}  // namespace condnet::surrogate
