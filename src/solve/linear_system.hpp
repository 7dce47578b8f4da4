#pragma once
// The finite-volume conduction system over the active voxels (docs/architecture.md, "Physics").
// Unknowns: the potential of each active voxel (conducting and in a cluster touching both
// Dirichlet faces normal to the axis), numbered in C order of the grid. Face conductance
// between neighbours: harmonic mean of their conductivities; exterior faces normal to the axis
// carry the Dirichlet potentials (1 at index 0, 0 at index n-1) at half-cell distance, i.e.
// conductance 2 sigma. Conductances are divided by sigma_ref so that entries are O(1).
// Voxel spacing (h_x, h_y, h_z) (Volume::spacing): a face normal to d has area V / h_d and its
// voxel centres are h_d apart, so its conductance is sigma V / h_d^2. Every conductance is
// divided by V / h_a^2 (a the transport axis): faces normal to d carry the weight
// (h_a / h_d)^2, those normal to the axis 1, and D_eff keeps the isotropic formula
// current * n_a / (n_b n_c) (solve.hpp), in which the spacing's units cancel.
#include <array>
#include <cstdint>
#include <vector>

#include "solve/sparse_matrix.hpp"
#include "voxel/shape.hpp"
#include "voxel/volume.hpp"

namespace condnet::solve {

struct BoundaryFace {
  std::int32_t row;    // row (of this LinearSystem) of the voxel on the face
  double conductance;  // 2 sigma / sigma_ref (as stored in the matrix)
};

// A range of x-slabs [begin, end); end < 0 means nx.
struct SlabRange {
  std::int64_t begin = 0;
  std::int64_t end = -1;
};

// The rows of one slab range (all of them unless distributed): row i here is unknown
// first_row + i of the whole system; columns are whole-system indices.
struct LinearSystem {
  voxel::Shape shape;
  int axis = 0;
  std::int64_t first_row = 0;
  std::int64_t total_rows = 0;       // unknowns of the whole system
  std::vector<std::int64_t> voxel;   // (rows) grid index (C order) of each unknown
  SparseMatrix matrix;               // A phi = rhs
  std::vector<double> rhs;           // (rows) inlet conductance x 1
  std::vector<BoundaryFace> inlet;   // faces at index 0 along the axis (potential 1)
  std::vector<BoundaryFace> outlet;  // faces at index n-1 along the axis (potential 0)

  std::int64_t rows() const { return matrix.rows; }
};

// 1 for the voxels that carry current along `axis`: conductivity > 0 and 6-connected (across
// the side faces when periodic_sides) to both faces normal to the axis. (shape.count()) bytes.
std::vector<std::uint8_t> active_mask(const voxel::Volume& volume,
                                      const std::array<double, 256>& conductivity, int axis,
                                      bool periodic_sides);

// Assembles the rows of the unknowns in `slabs` over `active` (from active_mask);
// conductances divided by sigma_ref.
LinearSystem assemble(const voxel::Volume& volume, const std::array<double, 256>& conductivity,
                      const std::vector<std::uint8_t>& active, int axis, bool periodic_sides,
                      double sigma_ref, SlabRange slabs = {});

// The linear potential 1 - (i + 1/2)/n along the axis at each unknown (a starting guess).
std::vector<double> linear_potential(const LinearSystem& system);

// Current through the inlet and outlet faces of these rows for potential phi (these rows) (in
// sigma_ref units).
struct Fluxes {
  double in = 0.0;
  double out = 0.0;
};
Fluxes boundary_fluxes(const LinearSystem& system, const std::vector<double>& phi);

}  // namespace condnet::solve
