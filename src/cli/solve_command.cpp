#include <fmt/format.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/commands.hpp"
#include "cli/conductivities.hpp"
#include "cli/volume_input.hpp"
#include "core/atomic_file.hpp"
#include "core/byte_size.hpp"
#include "core/error.hpp"
#include "core/mpi.hpp"
#include "report/field_images.hpp"
#include "solve/current_density.hpp"
#include "solve/effective_tensor.hpp"
#include "solve/memory_check.hpp"
#include "solve/solve.hpp"
#include "voxel/npy_format.hpp"
#include "voxel/vti_format.hpp"

namespace condnet::cli {

namespace {

struct SolveArgs {
  VolumeInput input;
  std::optional<double> phase;
  std::string conductivities;
  std::string axis = "all";
  std::string sides = "noflux";
  double tolerance = solve::SolveOptions{}.tolerance;
  int max_iterations = solve::SolveOptions{}.max_iterations;
  std::string method;
  std::string field;
  std::string slices;
  std::string json_out;
  std::string max_memory;
  bool json = false;
  bool tensor = false;
};

// "field.npy" along axis y -> "field_y.npy" when several axes are solved.
std::filesystem::path field_path(const std::string& field, int axis, bool several) {
  std::filesystem::path path(field);
  if (!several) return path;
  return path.parent_path() /
         (path.stem().string() + "_" + voxel::kAxisNames[axis] + path.extension().string());
}

std::string seconds_text(double s) {
  return s < 10 ? fmt::format("{:.2f} s", s) : fmt::format("{:.1f} s", s);
}

void print_result(const solve::SolveResult& r) {
  const char axis = voxel::kAxisNames[r.axis];
  fmt::print("\naxis {} ({} sides, {})\n", axis, r.periodic_sides ? "periodic" : "no-flux",
             r.method);
  if (!r.percolating) {
    fmt::print("  not percolating: no conducting path joins the two faces normal to {}\n", axis);
    fmt::print("  D_eff 0, tortuosity factor infinite, MacMullin number infinite\n");
    fmt::print("  volume fraction         {:.5f} conducting, 0 percolating\n", r.eps_total);
    return;
  }
  fmt::print("  D_eff                   {:.6f}  (sigma_eff / sigma_ref, sigma_ref = {})\n", r.d_eff,
             r.sigma_ref);
  fmt::print("  tortuosity factor       {:.5f}  (eps = total conducting fraction {:.5f})\n",
             r.tau_total, r.eps_total);
  fmt::print("  tortuosity factor       {:.5f}  (eps = percolating fraction {:.5f})\n",
             r.tau_percolating, r.eps_percolating);
  fmt::print("  MacMullin number        {:.5f}\n", r.macmullin);
  fmt::print(
      "  convergence             {} after {} iterations, relative residual {:.2e} (tol {:.0e}),"
      " flux in/out mismatch {:.2e}\n",
      r.converged ? "converged" : "NOT CONVERGED", r.iterations, r.relative_residual, r.tolerance,
      r.flux_mismatch);
  fmt::print("  time, memory            {} ({} set-up), peak {} (estimated {})\n",
             seconds_text(r.wall_seconds), seconds_text(r.setup_seconds),
             format_byte_size(r.peak_memory_bytes), format_byte_size(r.estimated_memory_bytes));
}

// --field (the potential as .npy; or as .vti with the phases and the current density) and
// --slices (mid-plane images) of one solved axis.
void write_fields(const SolveArgs& args, const voxel::Volume& volume,
                  const std::array<double, 256>& conductivity, const solve::SolveResult& result,
                  bool several) {
  if (args.field.empty() && args.slices.empty()) return;
  const bool vti = std::filesystem::path(args.field).extension() == ".vti";
  if (!args.field.empty() && !vti)
    voxel::write_npy_floats(result.field, volume.shape(),
                            field_path(args.field, result.axis, several));
  if (!vti && args.slices.empty()) return;
  const auto current = solve::current_density_magnitude(
      volume, conductivity, result.sigma_ref, result.axis, result.periodic_sides, result.field);
  if (vti)
    voxel::write_vti(field_path(args.field, result.axis, several), volume,
                     {{"potential", result.field}, {"current_density", current}});
  if (!args.slices.empty())
    report::write_mid_plane_images(args.slices, volume, result.axis, result.field, current);
}

void print_tensor(const solve::TensorResult& t) {
  fmt::print("\neffective conductivity tensor D = K / sigma_ref (periodic cell, multigrid)\n");
  for (int r = 0; r < 3; ++r)
    fmt::print("  {}  [{:>10.6f} {:>10.6f} {:>10.6f} ]\n", voxel::kAxisNames[r], t.d_eff[r][0],
               t.d_eff[r][1], t.d_eff[r][2]);
  for (int k = 0; k < 3; ++k)
    fmt::print("  principal {:.6f} along ({:+.4f}, {:+.4f}, {:+.4f}), tau {}\n", t.eigenvalues[k],
               t.directions[k][0], t.directions[k][1], t.directions[k][2],
               t.eigenvalues[k] > 0 ? fmt::format("{:.5f}", t.eps_total / t.eigenvalues[k])
                                    : std::string("infinite"));
  fmt::print(
      "  convergence             {} after {}/{}/{} iterations, residuals {:.1e}/{:.1e}/{:.1e} (tol "
      "{:.0e}), asymmetry {:.1e}\n",
      t.converged ? "converged" : "NOT CONVERGED", t.iterations[0], t.iterations[1],
      t.iterations[2], t.relative_residual[0], t.relative_residual[1], t.relative_residual[2],
      t.tolerance, t.asymmetry);
  fmt::print("  time                    {} ({} set-up)\n", seconds_text(t.wall_seconds),
             seconds_text(t.setup_seconds));
}

void run_tensor(const SolveArgs& args, const voxel::Volume& volume,
                const std::array<double, 256>& conductivity, const solve::SolveOptions& options,
                bool distributed) {
  if (distributed) fail("--tensor: runs in one process; start it without mpirun");
  if (!args.field.empty() || !args.slices.empty())
    fail("--tensor: writes no fields; solve one axis for --field or --slices");
  // The cell's system is the periodic-sides system of every conducting voxel, three times solved.
  solve::SolveOptions estimate = options;
  estimate.periodic_sides = true;
  solve::check_solve_memory(volume, conductivity, estimate, {0}, args.max_memory, false);
  const auto t = solve::effective_tensor(volume, conductivity, options);
  nlohmann::json report{{"volume", args.input.path}, {"tensor", solve::to_json(t)}};
  if (args.json)
    fmt::print("{}\n", report.dump(2));
  else {
    fmt::print("{}: {} voxels, phases {}\n", args.input.path, volume.shape().str(),
               voxel::describe_phase_values(volume));
    print_tensor(t);
  }
  if (!args.json_out.empty())
    write_text_atomically(args.json_out, report.dump(2) + "\n", "JSON result");
}

void run_solve(const SolveArgs& args) {
  const bool distributed = mpi::launched_by_mpi();
  const bool printer = !distributed || mpi::rank() == 0;
  const voxel::Volume volume = load_volume(args.input);
  const auto conductivity = conductivity_table(volume, args.phase, args.conductivities);

  solve::SolveOptions options;
  if (args.sides != "noflux" && args.sides != "periodic")
    fail("--sides: unknown '{}'; allowed: noflux, periodic", args.sides);
  options.periodic_sides = args.sides == "periodic";
  if (!(args.tolerance > 0 && args.tolerance < 1))
    fail("--tol: {} must be in (0, 1)", args.tolerance);
  options.tolerance = args.tolerance;
  if (args.max_iterations < 1) fail("--max-iterations: {} must be >= 1", args.max_iterations);
  options.max_iterations = args.max_iterations;
  options.method = args.method.empty() ? (distributed ? solve::SolveOptions::Method::hypre
                                                      : solve::SolveOptions::Method::multigrid)
                                       : solve::parse_method(args.method, "--solver");
  // Every rank keeps the field: gathering it from HYPRE's row slabs is collective. Rank 0 writes.
  options.keep_field = !args.field.empty() || !args.slices.empty();
  std::vector<int> axes;
  if (args.axis == "all")
    axes = {0, 1, 2};
  else
    axes = {voxel::parse_axis(args.axis, "--axis")};
  const auto field_extension = std::filesystem::path(args.field).extension();
  if (!args.field.empty() && field_extension != ".npy" && field_extension != ".vti")
    fail(
        "--field: '{}' must end in .npy (float32 potential, NaN off the conducting paths) or .vti "
        "(VTK ImageData for ParaView: phase, potential, current density)",
        args.field);

  if (args.tensor) return run_tensor(args, volume, conductivity, options, distributed);
  solve::check_solve_memory(volume, conductivity, options, axes, args.max_memory, distributed);

  if (printer && !args.json)
    fmt::print("{}: {} voxels{}, phases {}\n", args.input.path, volume.shape().str(),
               volume.spacing() == voxel::kUnitSpacing
                   ? std::string()
                   : " of spacing " + voxel::format_spacing(volume.spacing()),
               voxel::describe_phase_values(volume));
  nlohmann::json results = nlohmann::json::array();
  for (const int axis : axes) {
    options.axis = axis;
    const solve::SolveResult result = solve::solve_axis(volume, conductivity, options);
    if (!printer) continue;
    write_fields(args, volume, conductivity, result, axes.size() > 1);
    results.push_back(solve::to_json(result));
    if (!args.json) print_result(result);
  }
  if (!printer) return;
  const nlohmann::json report{{"volume", args.input.path}, {"axes", results}};
  if (args.json) fmt::print("{}\n", report.dump(2));
  if (!args.json_out.empty())
    write_text_atomically(args.json_out, report.dump(2) + "\n", "JSON result");
}

}  // namespace

void add_solve_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "solve", "Effective conductivity and tortuosity factor along each axis (finite volumes)");
  auto args = std::make_shared<SolveArgs>();
  add_volume_input(*command, args->input);
  add_conductivity_options(*command, args->phase, args->conductivities);
  command->add_option("--axis", args->axis, "Transport axis: x|y|z (or 0|1|2), or all")
      ->capture_default_str();
  command->add_option("--sides", args->sides, "Side faces: noflux or periodic")
      ->capture_default_str();
  command->add_option("--tol", args->tolerance, "Relative residual to stop at")
      ->capture_default_str();
  command->add_option("--max-iterations", args->max_iterations, "Iteration limit")
      ->capture_default_str();
  command->add_option(
      "--solver", args->method,
      "multigrid (default), jacobi_cg (plain reference) or hypre (default under mpirun)");
  command->add_option("--field", args->field,
                      "Write the potential to this .npy, or the phases, potential and current "
                      "density to this .vti for ParaView (per axis: _x/_y/_z)");
  command->add_option("--slices", args->slices,
                      "Write PNG images of the potential and current density on the three "
                      "mid-planes into this directory");
  command->add_option("--max-memory", args->max_memory,
                      "Refuse a solve whose estimated peak memory exceeds SIZE (8G, 512M; "
                      "K/M/G/T = 1024^n bytes); default: the memory available (under mpirun, "
                      "per rank: shared among the ranks on a node)");
  command->add_flag("--json", args->json, "Print the result as JSON");
  command->add_flag("--tensor", args->tensor,
                    "The full effective conductivity tensor by periodic homogenisation (three "
                    "cell problems), its principal values and directions, instead of axis solves");
  command->add_option("--json-out", args->json_out, "Also write the JSON result to this file");
  command->callback([args] { run_solve(*args); });
}

}  // namespace condnet::cli
