// Tiling a large volume: tile starts, extraction against plain indexing, the combination
// formulas on hand-computed cases, and physics: combinations of per-tile solver answers against
// the solver on the whole volume where the series/parallel model is exact, and as bounds.
#include "surrogate/tiling.hpp"

#include <gtest/gtest.h>

#include <iostream>
#include <limits>
#include <random>
#include <vector>

#include "core/error.hpp"
#include "solve/solve.hpp"

namespace condnet::test {
namespace {

using surrogate::combine_tiles;
using surrogate::combine_tiles_parallel_series;
using surrogate::make_tile_grid;
using surrogate::tile_starts;
using surrogate::TileGrid;
using Starts = std::vector<std::int64_t>;

TEST(Tiling, TileStarts) {
  EXPECT_EQ(tile_starts(64, 64), (Starts{0}));
  EXPECT_EQ(tile_starts(128, 64), (Starts{0, 64}));
  EXPECT_EQ(tile_starts(100, 32), (Starts{0, 32, 64, 68}));
  EXPECT_EQ(tile_starts(33, 32), (Starts{0, 1}));
  EXPECT_EQ(tile_starts(1, 1), (Starts{0}));
  EXPECT_EQ(tile_starts(4, 1), (Starts{0, 1, 2, 3}));
  // Every voxel is covered, and every tile lies inside the volume.
  for (std::int64_t extent = 1; extent <= 40; ++extent)
    for (std::int64_t tile = 1; tile <= extent; ++tile) {
      const Starts starts = tile_starts(extent, tile);
      ASSERT_EQ(starts.front(), 0);
      ASSERT_EQ(starts.back() + tile, extent);
      for (std::size_t k = 1; k < starts.size(); ++k)
        ASSERT_TRUE(starts[k] > starts[k - 1] && starts[k] <= starts[k - 1] + tile);
    }
}

TEST(TilingDeathTest, TileLargerThanTheVolumeIsAnInvariantBreak) {
  EXPECT_DEATH(tile_starts(10, 11), "tile <= extent");
}

TEST(Tiling, OwnedExtentsPartitionEachAxis) {
  const TileGrid grid = make_tile_grid({100, 64, 50}, {32, 32, 16});
  EXPECT_EQ(grid.count(0), 4);
  EXPECT_EQ(grid.count(1), 2);
  EXPECT_EQ(grid.count(2), 4);
  EXPECT_EQ(grid.count(), 32);
  EXPECT_EQ(grid.owned_extent(0, 3), 4);  // the shifted tile at 68 adds 96..99
  EXPECT_EQ(grid.owned_extent(2, 3), 2);
  for (int axis = 0; axis < 3; ++axis) {
    std::int64_t sum = 0;
    for (std::int64_t k = 0; k < grid.count(axis); ++k) sum += grid.owned_extent(axis, k);
    EXPECT_EQ(sum, grid.volume.extent(axis));
  }
}

TEST(Tiling, ExtractTileEqualsPlainIndexing) {
  voxel::Volume volume({37, 50, 29});
  std::mt19937 generator(7);
  for (std::int64_t i = 0; i < volume.count(); ++i) volume.data()[i] = generator() % 256;
  const TileGrid grid = make_tile_grid(volume.shape(), {16, 20, 8});
  std::vector<std::uint8_t> tile(grid.tile.count());
  for (std::int64_t tx = 0; tx < grid.count(0); ++tx)
    for (std::int64_t ty = 0; ty < grid.count(1); ++ty)
      for (std::int64_t tz = 0; tz < grid.count(2); ++tz) {
        surrogate::extract_tile(volume, grid, tx, ty, tz, tile);
        const std::int64_t x0 = grid.starts[0][tx], y0 = grid.starts[1][ty],
                           z0 = grid.starts[2][tz];
        std::size_t i = 0;
        for (std::int64_t x = 0; x < 16; ++x)
          for (std::int64_t y = 0; y < 20; ++y)
            for (std::int64_t z = 0; z < 8; ++z, ++i)
              ASSERT_EQ(tile[i], volume(x0 + x, y0 + y, z0 + z)) << tx << ty << tz;
      }
}

TEST(Tiling, UniformTilesGiveTheirD) {
  for (const voxel::Shape shape : {voxel::Shape{64, 64, 64}, voxel::Shape{100, 70, 33}}) {
    const TileGrid grid = make_tile_grid(shape, {32, 32, 32});
    const std::vector<double> d(grid.count(), 0.37);
    for (int axis = 0; axis < 3; ++axis) {
      EXPECT_NEAR(combine_tiles(grid, d, axis), 0.37, 1e-15);
      EXPECT_NEAR(combine_tiles_parallel_series(grid, d, axis), 0.37, 1e-15);
    }
  }
}

TEST(Tiling, HandComputedCombinations) {
  // Grid 2 x 2 x 1 along x; tiles (x, y): (0,0) 1, (0,1) 0.5, (1,0) 0, (1,1) 0.5.
  const TileGrid grid = make_tile_grid({4, 4, 2}, {2, 2, 2});
  const std::vector<double> d = {1, 0.5, 0, 0.5};
  // Columns along x: y=0 is blocked, y=1 is 0.5 in series with 0.5.
  EXPECT_DOUBLE_EQ(combine_tiles(grid, d, 0), 0.25);
  // Layers: x=0 averages 0.75, x=1 averages 0.25; in series 2 / (1/0.75 + 1/0.25).
  EXPECT_DOUBLE_EQ(combine_tiles_parallel_series(grid, d, 0), 0.375);
  // Along y: columns x=0 (1, 0.5) and x=1 (0, 0.5).
  EXPECT_DOUBLE_EQ(combine_tiles(grid, d, 1), (2 / (1 / 1.0 + 1 / 0.5) + 0) / 2);
  // All zero: 0, no NaN.
  const std::vector<double> zero(4, 0.0);
  for (int axis = 0; axis < 3; ++axis) {
    EXPECT_EQ(combine_tiles(grid, zero, axis), 0.0);
    EXPECT_EQ(combine_tiles_parallel_series(grid, zero, axis), 0.0);
  }
  // Shifted last tile: starts 0, 4, 6 own 4, 4, 2 voxels of 10 -> 10 / (4/1 + 4/0.5 + 2/0.25).
  const TileGrid line = make_tile_grid({10, 1, 1}, {4, 1, 1});
  const std::vector<double> d_line = {1, 0.5, 0.25};
  EXPECT_DOUBLE_EQ(combine_tiles(line, d_line, 0), 0.5);
  EXPECT_DOUBLE_EQ(combine_tiles_parallel_series(line, d_line, 0), 0.5);
  // Across that line the three tiles are in parallel: (4*1 + 4*0.5 + 2*0.25) / 10.
  EXPECT_DOUBLE_EQ(combine_tiles(line, d_line, 1), 0.65);
}

TEST(Tiling, SeriesParallelNeverExceedsParallelSeries) {
  std::mt19937 generator(3);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const TileGrid grid = make_tile_grid({50, 40, 30}, {16, 16, 16});
  for (int trial = 0; trial < 100; ++trial) {
    std::vector<double> d(grid.count());
    for (double& v : d) v = uniform(generator) < 0.1 ? 0.0 : uniform(generator);
    for (int axis = 0; axis < 3; ++axis)
      EXPECT_LE(combine_tiles(grid, d, axis),
                combine_tiles_parallel_series(grid, d, axis) * (1 + 1e-12));
  }
}

TEST(Tiling, RejectsNegativeAndNonFiniteD) {
  const TileGrid grid = make_tile_grid({4, 4, 4}, {4, 4, 2});
  for (double bad : {-0.01, std::nan(""), std::numeric_limits<double>::infinity()}) {
    const std::vector<double> d = {0.5, bad};
    EXPECT_THROW(combine_tiles(grid, d, 0), Error);
    EXPECT_THROW(combine_tiles_parallel_series(grid, d, 2), Error);
  }
}

// Conductivity per label for the multi-phase cases (label 0 insulates).
std::array<double, 256> conductivities() {
  std::array<double, 256> sigma{};
  const double values[] = {0, 1.0, 0.5, 0.2, 0.05, 0.8};
  for (int label = 0; label < 6; ++label) sigma[label] = values[label];
  return sigma;
}

// sigma_eff along `axis` (D_eff times the reference conductivity), solved tightly.
double sigma_eff(const voxel::Volume& volume, const std::array<double, 256>& sigma, int axis) {
  solve::SolveOptions options;
  options.axis = axis;
  options.tolerance = 1e-12;
  const auto result = solve::solve_axis(volume, sigma, options);
  EXPECT_TRUE(result.converged);
  return result.d_eff * result.sigma_ref;
}

// The solver's sigma_eff of every tile of `volume`, C tile order.
std::vector<double> per_tile(const voxel::Volume& volume, const TileGrid& grid,
                             const std::array<double, 256>& sigma, int axis) {
  std::vector<double> result;
  voxel::Volume tile(grid.tile);
  for (std::int64_t tx = 0; tx < grid.count(0); ++tx)
    for (std::int64_t ty = 0; ty < grid.count(1); ++ty)
      for (std::int64_t tz = 0; tz < grid.count(2); ++tz) {
        surrogate::extract_tile(volume, grid, tx, ty, tz,
                                std::span(tile.data(), static_cast<std::size_t>(tile.count())));
        result.push_back(sigma_eff(tile, sigma, axis));
      }
  return result;
}

// Coordinates of voxel (x, y, z) along `axis` and the two other axes.
struct Along {
  std::int64_t a, b, c;
};
Along along(int axis, std::int64_t x, std::int64_t y, std::int64_t z) {
  const std::array<std::int64_t, 3> p = {x, y, z};
  return {p[axis], p[axis == 0 ? 1 : 0], p[axis == 2 ? 1 : 2]};
}

template <typename LabelOf>
voxel::Volume volume_of(const voxel::Shape& shape, LabelOf label_of) {
  voxel::Volume volume(shape);
  for (std::int64_t x = 0; x < shape.nx; ++x)
    for (std::int64_t y = 0; y < shape.ny; ++y)
      for (std::int64_t z = 0; z < shape.nz; ++z) volume(x, y, z) = label_of(x, y, z);
  return volume;
}

TEST(Tiling, SlabsNormalToTheAxisCombineExactly) {
  // Every voxel plane normal to the axis has its own conductivity: tiles in series, exactly.
  const voxel::Shape tile_shape = {8, 8, 8};
  for (int axis = 0; axis < 3; ++axis) {
    voxel::Shape shape = {16, 16, 16};
    (axis == 0 ? shape.nx : axis == 1 ? shape.ny : shape.nz) = 32;
    const voxel::Volume volume = volume_of(shape, [&](auto x, auto y, auto z) {
      return static_cast<std::uint8_t>(1 + (along(axis, x, y, z).a * 7 + 3) % 5);
    });
    const TileGrid grid = make_tile_grid(shape, tile_shape);
    const auto tiles = per_tile(volume, grid, conductivities(), axis);
    const double whole = sigma_eff(volume, conductivities(), axis);
    EXPECT_NEAR(combine_tiles(grid, tiles, axis), whole, 1e-6 * whole) << axis;
    EXPECT_NEAR(combine_tiles_parallel_series(grid, tiles, axis), whole, 1e-6 * whole) << axis;
  }
}

TEST(Tiling, ColumnsOfDifferentPorosityAlongTheAxisCombineExactly) {
  // Binary: each column of tiles holds its own random 2D pore pattern extruded along the axis
  // (porosity 0 to 0.9 per column, one column solid): tiles in parallel, exactly.
  for (int axis = 0; axis < 3; ++axis) {
    const voxel::Shape shape = {24, 24, 24};
    const TileGrid grid = make_tile_grid(shape, {8, 8, 8});
    std::mt19937 generator(axis);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    // porosity[i][j]: of the tile column at lateral tile indices (i, j).
    double porosity[3][3];
    for (auto& row : porosity)
      for (double& p : row) p = 0.9 * uniform(generator);
    porosity[1][2] = 0;
    std::vector<std::uint8_t> open(24 * 24);  // the extruded pattern, [b, c]
    for (int b = 0; b < 24; ++b)
      for (int c = 0; c < 24; ++c) open[b * 24 + c] = uniform(generator) < porosity[b / 8][c / 8];
    const voxel::Volume volume = volume_of(shape, [&](auto x, auto y, auto z) {
      const Along p = along(axis, x, y, z);
      return open[p.b * 24 + p.c];
    });
    const auto sigma = solve::binary_conductivity(1);
    const auto tiles = per_tile(volume, grid, sigma, axis);
    const double whole = sigma_eff(volume, sigma, axis);
    EXPECT_NEAR(combine_tiles(grid, tiles, axis), whole, 1e-6 * whole) << axis;
    EXPECT_NEAR(combine_tiles_parallel_series(grid, tiles, axis), whole, 1e-6 * whole) << axis;
  }
}

TEST(Tiling, InsulatedColumnsCombineExactlyInSeriesParallel) {
  // Each tile's first voxel layer along both lateral axes insulates, so columns of tiles carry
  // current independently; inside, conductivity varies along the axis, differently per column.
  const int axis = 1;
  const voxel::Shape shape = {24, 32, 16};
  const TileGrid grid = make_tile_grid(shape, {8, 8, 8});
  const voxel::Volume volume = volume_of(shape, [&](auto x, auto y, auto z) {
    const Along p = along(axis, x, y, z);
    if (p.b % 8 == 0 || p.c % 8 == 0) return std::uint8_t{0};
    const std::int64_t column = (p.b / 8) * 2 + p.c / 8;
    return static_cast<std::uint8_t>(1 + (p.a * (column + 2) + column) % 5);
  });
  const auto tiles = per_tile(volume, grid, conductivities(), axis);
  const double whole = sigma_eff(volume, conductivities(), axis);
  EXPECT_NEAR(combine_tiles(grid, tiles, axis), whole, 1e-6 * whole);
  EXPECT_GT(combine_tiles_parallel_series(grid, tiles, axis), whole * (1 + 1e-3));
}

TEST(Tiling, UniformTilesBracketTheWholeVolume) {
  // Tiles of uniform random conductivity: the true answer lies between the two combinations.
  const voxel::Shape shape = {18, 18, 18};
  const TileGrid grid = make_tile_grid(shape, {6, 6, 6});
  std::mt19937 generator(5);
  std::vector<std::uint8_t> tile_label(grid.count());
  for (auto& label : tile_label) label = static_cast<std::uint8_t>(1 + generator() % 5);
  const voxel::Volume volume = volume_of(
      shape, [&](auto x, auto y, auto z) { return tile_label[grid.index(x / 6, y / 6, z / 6)]; });
  for (int axis = 0; axis < 3; ++axis) {
    const auto tiles = per_tile(volume, grid, conductivities(), axis);
    const double whole = sigma_eff(volume, conductivities(), axis);
    const double lower = combine_tiles(grid, tiles, axis);
    const double upper = combine_tiles_parallel_series(grid, tiles, axis);
    EXPECT_LT(lower, whole) << axis;
    EXPECT_GT(upper, whole) << axis;
    std::cout << "axis " << axis << ": series-parallel " << lower << " <= whole " << whole
              << " <= parallel-series " << upper << "\n";
  }
}

}  // namespace
}  // namespace condnet::test
