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
  command->add_option("--phase", args->phase,
                      "Conducting phase value (binary: it conducts with 1, the rest 0)");
  command->add_option(
      "--conductivities", args->conductivities,
      "Multi-phase conductivities as phase:value pairs, e.g. \"0:0,85:1,170:0.1\" (unlisted: 0)");
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
  command->add_option("--json-out", args->json_out, "Also write the JSON result to this file");
  command->callback([args] { run_solve(*args); });
}

}  // namespace condnet::cli
