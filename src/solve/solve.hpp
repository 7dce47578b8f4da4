#pragma once
// `condnet solve`: effective conductivity and tortuosity factor of a voxel volume along one
// axis (docs/architecture.md, "Physics").
//
// Conventions of the result:
//  - sigma_ref: the largest conductivity among the phases present (for the binary default, the
//    chosen phase's conductivity, 1). D_eff = sigma_eff / sigma_ref, where
//    sigma_eff = (current through the inlet face) * L / (A * delta_phi), L the extent along the
//    axis and A the face area, both in the volume's voxel spacing (linear_system.hpp).
//  - eps_total: volume fraction of voxels with conductivity > 0; eps_percolating: of the active
//    voxels (those carrying current). tau = eps / D_eff, MacMullin = 1 / D_eff.
//  - Non-percolating axis: d_eff = 0, tau and MacMullin = +infinity (JSON: null, with
//    "percolating": false), converged = true, 0 iterations. Never NaN, never an error.
//  - field (keep_field): the potential on the full grid, C order (shape.count() floats),
//    1 at the inlet side (index 0 along the axis) falling to 0; NaN off the active set.
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "voxel/volume.hpp"

namespace condnet::solve {

struct SolveOptions {
  enum class Method {
    multigrid,  // CG on the active voxels with an aggregation multigrid preconditioner (default)
    jacobi_cg,  // the plain reference: Jacobi-preconditioned CG
    hypre,      // HYPRE BoomerAMG-preconditioned PCG through the IJ interface (MPI-distributed)
  };
  int axis = 0;  // 0, 1, 2 = x, y, z (array axes)
  bool periodic_sides = false;
  // Stop when ||b - A phi|| <= tolerance ||b||. The default lands within 0.1% of over-converged
  // tortuosities on the reference volumes (see tests/solve/reference_volumes_test.cpp).
  double tolerance = 1e-6;
  int max_iterations = 10000;
  bool keep_field = false;
  Method method = Method::multigrid;
};

struct SolveResult {
  voxel::Shape shape;
  voxel::Spacing spacing = voxel::kUnitSpacing;  // the volume's (linear_system.hpp)
  int axis = 0;
  bool periodic_sides = false;
  std::string method;
  bool percolating = false;
  double sigma_ref = 1.0;
  double d_eff = 0.0;
  double tau_total = 0.0;        // eps_total / d_eff
  double tau_percolating = 0.0;  // eps_percolating / d_eff
  double macmullin = 0.0;        // 1 / d_eff
  double eps_total = 0.0;
  double eps_percolating = 0.0;
  std::int64_t active_voxels = 0;
  double flux_in = 0.0;   // current through the inlet face, sigma_ref units, per unit potential
  double flux_out = 0.0;  // through the outlet face
  double flux_mismatch = 0.0;  // |in - out| / max(|in|, |out|)
  bool converged = true;
  int iterations = 0;
  double relative_residual = 0.0;
  double tolerance = 0.0;
  double setup_seconds = 0.0;  // active set, assembly and preconditioner set-up
  double wall_seconds = 0.0;   // the whole solve_axis call
  // The process's peak resident memory during this solve (VmHWM, reset at its start where the
  // kernel allows), and its estimate (memory_estimate.hpp) made before allocating.
  std::int64_t peak_memory_bytes = 0;
  std::int64_t estimated_memory_bytes = 0;
  std::vector<float> field;  // see the header comment; empty unless keep_field
};

// Conductivity per phase label; every value must be >= 0 and finite (Error naming
// "--conductivities" otherwise).
SolveResult solve_axis(const voxel::Volume& volume, const std::array<double, 256>& conductivity,
                       const SolveOptions& options);

// The binary default: `phase` conducts with 1, every other label 0.
std::array<double, 256> binary_conductivity(std::uint8_t phase);

// Every field of SolveResult except the potential field.
nlohmann::json to_json(const SolveResult& result);

// "multigrid", "jacobi_cg", "hypre".
std::string method_name(SolveOptions::Method method);
// The inverse; throws Error naming `what` (the option) and the allowed names.
SolveOptions::Method parse_method(std::string_view text, std::string_view what);

}  // namespace condnet::solve
