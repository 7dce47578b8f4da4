#pragma once
// Predicting on a volume larger than the model's input: cut it into tiles of the input's size,
// predict D_eff per tile, and combine the tiles' answers into one estimate for the volume.
//
// Tiles start at 0, t, 2t, ... along each axis; when the extent is not a multiple of the tile
// edge t, the last tile is shifted back to end at the volume's edge (it overlaps its neighbour).
// Tiles are numbered (tx, ty, tz) and stored C order: tile index (tx * cy + ty) * cz + tz for
// cx, cy, cz tiles per axis.
//
// Combining per-tile D_eff along axis a treats each tile as a conductor of the tile network:
//  - combine_tiles (series-parallel): the tiles of one column along a are in series (length-
//    weighted harmonic mean), the columns in parallel (area-weighted arithmetic mean). This is
//    the tile network with its lateral connections cut, so it is a lower estimate; it is exact
//    for structures layered at tile granularity with layers normal to a (each column a stack of
//    laterally uniform slabs) or along a (columns invariant along a, or insulated from each
//    other).
//  - combine_tiles_parallel_series: the tiles of one layer normal to a are in parallel, the
//    layers in series: the network with every tile layer shorted across, an upper estimate;
//    exact for layers normal to a and for columns invariant along a (not for insulated columns
//    that vary along a).
// For any per-tile values, combine_tiles <= combine_tiles_parallel_series; report both. They
// bound the tile network; for the voxel volume they are estimates, since each tile's D is
// measured with its own boundary conditions (tests: they bracket volumes of uniform tiles).
// Weights: a tile counts for the extent it alone covers along each axis (the shifted last tile
// only for the remainder extent - (c-1) t), so overlaps are not counted twice; with extents that
// are multiples of t all tiles weigh the same and the means are plain means.
// A tile with D = 0 blocks its column (series part): the column's D is 0; all-zero gives 0.
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "voxel/shape.hpp"
#include "voxel/volume.hpp"

namespace condnet::surrogate {

// Starts of the tiles of edge `tile` along an axis of `extent` voxels: 0, t, 2t, ..., with the
// last one at extent - t. Requires 1 <= tile <= extent (callers report extent < tile as bad
// input).
std::vector<std::int64_t> tile_starts(std::int64_t extent, std::int64_t tile);

// The tiles of a volume.
struct TileGrid {
  voxel::Shape volume;                              // (nx, ny, nz)
  voxel::Shape tile;                                // edge per axis, each <= the volume's
  std::array<std::vector<std::int64_t>, 3> starts;  // starts[axis][k], k < count(axis)

  std::int64_t count(int axis) const { return static_cast<std::int64_t>(starts[axis].size()); }
  std::int64_t count() const { return count(0) * count(1) * count(2); }
  // C-order index of tile (tx, ty, tz).
  std::int64_t index(std::int64_t tx, std::int64_t ty, std::int64_t tz) const {
    return (tx * count(1) + ty) * count(2) + tz;
  }
  // Extent along `axis` that tile k alone covers (the weight of the combination).
  std::int64_t owned_extent(int axis, std::int64_t k) const;
};

// Requires every tile edge >= 1 and <= the volume's extent along its axis.
TileGrid make_tile_grid(const voxel::Shape& volume, const voxel::Shape& tile);

// Copies tile (tx, ty, tz) of `volume` (whose shape is grid.volume) into `out`:
// grid.tile.count() voxels, C order [x, y, z] relative to the tile's start.
void extract_tile(const voxel::Volume& volume, const TileGrid& grid, std::int64_t tx,
                  std::int64_t ty, std::int64_t tz, std::span<std::uint8_t> out);

// Whole-volume D_eff along `axis` from d_tiles (grid.count() values, C tile order, each finite
// and >= 0; Error otherwise). Series-parallel: the lower estimate, see above.
double combine_tiles(const TileGrid& grid, std::span<const double> d_tiles, int axis);
// Parallel-series: the upper estimate, see above.
double combine_tiles_parallel_series(const TileGrid& grid, std::span<const double> d_tiles,
                                     int axis);

}  // namespace condnet::surrogate
