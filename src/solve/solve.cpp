#include "solve/solve.hpp"

#include <chrono>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "core/json_number.hpp"
#include "core/mpi.hpp"
#include "core/stopwatch.hpp"
#include "solve/aggregation_amg.hpp"
#include "solve/conductivity_table.hpp"
#include "solve/hypre_pcg.hpp"
#include "solve/jacobi_cg.hpp"
#include "solve/linear_system.hpp"
#include "solve/memory_estimate.hpp"
#include "solve/peak_memory.hpp"

namespace condnet::solve {

namespace {

using Clock = std::chrono::steady_clock;

void check_options(const std::array<double, 256>& conductivity, const SolveOptions& options) {
  check_conductivities(conductivity);
  if (options.axis < 0 || options.axis > 2)
    fail("--axis: {} is not an axis; allowed: 0|1|2 or x|y|z", options.axis);
  if (!(options.tolerance > 0.0) || !(options.tolerance < 1.0))
    fail("--tol: {} is out of range; allowed: 0 < tol < 1", options.tolerance);
  if (options.max_iterations < 1)
    fail("--max-iterations: {}; allowed: >= 1", options.max_iterations);
}

// Releases system.voxel once the preconditioner is built (the solve does not need it).
IterativeResult run_method(LinearSystem& system, const SolveOptions& options,
                           double& setup_seconds) {
  std::vector<double> start = linear_potential(system);
  switch (options.method) {
    case SolveOptions::Method::jacobi_cg:
      return jacobi_cg(system.matrix, system.rhs, std::move(start), options.tolerance,
                       options.max_iterations);
    case SolveOptions::Method::hypre:
      return hypre_pcg(system, std::move(start), options.tolerance, options.max_iterations,
                       setup_seconds);
    case SolveOptions::Method::multigrid:
      break;
  }
  const Clock::time_point setup_start = Clock::now();
  AggregationMultigrid multigrid(system.matrix, system.shape, system.voxel);
  std::vector<std::int64_t>().swap(system.voxel);
  setup_seconds += seconds_since(setup_start);
  return multigrid_pcg(system.matrix, multigrid, system.rhs, std::move(start), options.tolerance,
                       options.max_iterations);
}

}  // namespace

std::string method_name(SolveOptions::Method method) {
  switch (method) {
    case SolveOptions::Method::multigrid:
      return "multigrid";
    case SolveOptions::Method::jacobi_cg:
      return "jacobi_cg";
    case SolveOptions::Method::hypre:
      return "hypre";
  }
  return "unknown";
}

SolveOptions::Method parse_method(std::string_view text, std::string_view what) {
  for (const auto method : {SolveOptions::Method::multigrid, SolveOptions::Method::jacobi_cg,
                            SolveOptions::Method::hypre})
    if (text == method_name(method)) return method;
  fail("{}: unknown solver '{}'; allowed: multigrid, jacobi_cg, hypre", what, text);
}

std::array<double, 256> binary_conductivity(std::uint8_t phase) {
  std::array<double, 256> conductivity{};
  conductivity[phase] = 1.0;
  return conductivity;
}

SolveResult solve_axis(const voxel::Volume& volume, const std::array<double, 256>& conductivity,
                       const SolveOptions& options) {
  check_options(conductivity, options);
  const Clock::time_point start = Clock::now();
  reset_peak_resident();
  SolveResult result;
  result.shape = volume.shape();
  result.axis = options.axis;
  result.spacing = volume.spacing();
  result.periodic_sides = options.periodic_sides;
  result.method = method_name(options.method);
  result.tolerance = options.tolerance;
  result.estimated_memory_bytes = estimate_solve_memory(volume, conductivity, options).peak_bytes();

  const auto [conducting, sigma_ref] = conducting_phases(volume, conductivity);
  const double voxels = static_cast<double>(std::max<std::int64_t>(volume.count(), 1));
  result.eps_total = static_cast<double>(conducting) / voxels;
  result.sigma_ref = sigma_ref > 0.0 ? sigma_ref : 1.0;

  const std::vector<std::uint8_t> active =
      conducting > 0 ? active_mask(volume, conductivity, options.axis, options.periodic_sides)
                     : std::vector<std::uint8_t>(static_cast<std::size_t>(volume.count()), 0);
  std::int64_t active_count = 0;
  for (const std::uint8_t a : active) active_count += a;
  result.active_voxels = active_count;
  result.eps_percolating = static_cast<double>(active_count) / voxels;
  result.percolating = active_count > 0;
  constexpr double kInfinity = std::numeric_limits<double>::infinity();
  if (!result.percolating) {
    result.tau_total = result.tau_percolating = result.macmullin = kInfinity;
    if (options.keep_field)
      result.field.assign(active.size(), std::numeric_limits<float>::quiet_NaN());
    result.setup_seconds = result.wall_seconds = seconds_since(start);
    result.peak_memory_bytes = peak_resident_bytes();
    return result;
  }

  // HYPRE: this rank's x-slabs only (all of them without mpirun).
  const bool distributed = options.method == SolveOptions::Method::hypre;
  const SlabRange slabs = distributed ? rank_slabs(volume.shape().nx) : SlabRange{};
  LinearSystem system = assemble(volume, conductivity, active, options.axis, options.periodic_sides,
                                 result.sigma_ref, slabs);
  double setup_seconds = seconds_since(start);
  const IterativeResult solution = run_method(system, options, setup_seconds);
  result.setup_seconds = setup_seconds;
  result.iterations = solution.iterations;
  result.relative_residual = solution.relative_residual;
  result.converged = solution.converged;

  Fluxes fluxes = boundary_fluxes(system, solution.x);
  if (distributed) {
    fluxes.in = mpi::sum(fluxes.in);
    fluxes.out = mpi::sum(fluxes.out);
  }
  result.flux_in = fluxes.in;
  result.flux_out = fluxes.out;
  const double larger = std::max(std::abs(fluxes.in), std::abs(fluxes.out));
  result.flux_mismatch = larger > 0.0 ? std::abs(fluxes.in - fluxes.out) / larger : 0.0;
  const voxel::Shape& shape = volume.shape();
  const double length = static_cast<double>(shape.extent(options.axis));
  const double area = static_cast<double>(shape.count()) / length;
  result.d_eff = 0.5 * (fluxes.in + fluxes.out) * length / area;
  if (result.d_eff > 0.0) {
    result.tau_total = result.eps_total / result.d_eff;
    result.tau_percolating = result.eps_percolating / result.d_eff;
    result.macmullin = 1.0 / result.d_eff;
  } else {  // an unconverged solve can leave no net current; say so instead of dividing by 0
    result.tau_total = result.tau_percolating = result.macmullin = kInfinity;
  }
  if (options.keep_field) {
    const std::vector<double> phi =
        distributed ? mpi::gather(solution.x, system.total_rows) : solution.x;
    result.field.assign(active.size(), std::numeric_limits<float>::quiet_NaN());
    std::size_t row = 0;  // unknowns are the active voxels in C order
    for (std::size_t i = 0; i < active.size(); ++i)
      if (active[i]) result.field[i] = static_cast<float>(phi[row++]);
  }
  result.wall_seconds = seconds_since(start);
  result.peak_memory_bytes = peak_resident_bytes();
  return result;
}

nlohmann::json to_json(const SolveResult& result) {
  return {
      {"shape", {result.shape.nx, result.shape.ny, result.shape.nz}},
      {"axis", result.axis},
      {"axis_name", std::string(1, voxel::kAxisNames[result.axis])},
      {"spacing", result.spacing},
      {"sides", result.periodic_sides ? "periodic" : "noflux"},
      {"method", result.method},
      {"percolating", result.percolating},
      {"sigma_ref", result.sigma_ref},
      {"d_eff", result.d_eff},
      {"tau", finite_or_null(result.tau_total)},
      {"tau_percolating", finite_or_null(result.tau_percolating)},
      {"macmullin", finite_or_null(result.macmullin)},
      {"eps_total", result.eps_total},
      {"eps_percolating", result.eps_percolating},
      {"active_voxels", result.active_voxels},
      {"flux_in", result.flux_in},
      {"flux_out", result.flux_out},
      {"flux_mismatch", result.flux_mismatch},
      {"converged", result.converged},
      {"iterations", result.iterations},
      {"relative_residual", result.relative_residual},
      {"tolerance", result.tolerance},
      {"setup_seconds", result.setup_seconds},
      {"wall_seconds", result.wall_seconds},
      {"peak_memory_bytes", result.peak_memory_bytes},
      {"estimated_memory_bytes", result.estimated_memory_bytes},
  };
}

}  // namespace condnet::solve
