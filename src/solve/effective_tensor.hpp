#pragma once
// The full effective conductivity tensor by periodic homogenisation (`condnet solve --tensor`).
// The volume is taken as one cell of a periodic medium. For each direction i, the potential
// u = -x_i + chi with chi periodic solves div(sigma grad u) = 0 (7-point finite volumes, face
// conductances as in linear_system.hpp: harmonic mean times area over centre distance, with the
// voxel spacing); the mean current density <J> over the cell is then column i of the tensor K
// (a unit mean field along i drives <J> = K e_i). D = K / sigma_ref, symmetric; its
// eigenvalues are the principal effective diffusivities, its eigenvectors their directions.
//
// chi is fixed up to a constant on each periodic cluster of conducting voxels: one voxel per
// cluster is held at 0, which leaves a symmetric positive definite system on the others, solved
// by the aggregation multigrid (aggregation_amg.hpp) from one set-up for all three directions.
// Clusters that do not wrap around the cell carry no mean current and add nothing.
#include <array>
#include <nlohmann/json.hpp>

#include "solve/solve.hpp"
#include "voxel/volume.hpp"

namespace condnet::solve {

using Tensor3 = std::array<std::array<double, 3>, 3>;

struct TensorResult {
  Tensor3 d_eff{};                      // [row][column], D = K / sigma_ref
  std::array<double, 3> eigenvalues{};  // ascending
  Tensor3 directions{};                 // directions[k]: unit eigenvector of eigenvalues[k]
  double asymmetry = 0;  // max |D_ij - D_ji| / max |D_ij| (0 up to the solver tolerance)
  double sigma_ref = 1, eps_total = 0;
  std::array<int, 3> iterations{};
  std::array<double, 3> relative_residual{};
  bool converged = true;
  double tolerance = 0, setup_seconds = 0, wall_seconds = 0;
  std::int64_t unknowns = 0;
};

// options: tolerance and max_iterations (the rest is implied: periodic everywhere, multigrid).
TensorResult effective_tensor(const voxel::Volume& volume,
                              const std::array<double, 256>& conductivity,
                              const SolveOptions& options);

// Eigenvalues (ascending) and unit eigenvectors of a symmetric 3x3 matrix (Jacobi rotations).
void symmetric_eigen(const Tensor3& a, std::array<double, 3>& values, Tensor3& vectors);

nlohmann::json to_json(const TensorResult& result);

}  // namespace condnet::solve
