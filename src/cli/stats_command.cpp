#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/commands.hpp"
#include "cli/volume_input.hpp"
#include "core/error.hpp"
#include "core/stopwatch.hpp"
#include "voxel/stats.hpp"

namespace condnet::cli {

namespace {

void print_phase(const voxel::PhaseStats& s) {
  fmt::print("\nphase {}: {} voxels, volume fraction {:.5f}\n", s.value, s.voxels,
             s.volume_fraction);
  fmt::print("  6-connected clusters    {} (largest {} voxels)\n", s.clusters, s.largest_cluster);
  for (int axis = 0; axis < 3; ++axis) {
    const auto& a = s.axes[axis];
    fmt::print(
        "  percolates along {}      {:<3}  ({:.5f} of the phase spans it; percolating volume "
        "fraction {:.5f})\n",
        voxel::kAxisNames[axis], a.percolates ? "yes" : "no", a.spanning_phase_fraction,
        a.percolating_volume_fraction);
  }
  fmt::print(
      "  specific surface area   {:.6g} per voxel length ({:.6g} per unit length; face counting)\n",
      s.specific_surface_per_voxel, s.specific_surface);
}

}  // namespace

void add_stats_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "stats", "Volume fractions; clusters, percolation and surface area of each phase");
  struct Args {
    VolumeInput input;
    std::optional<double> phase;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  add_volume_input(*command, args->input);
  command->add_option("--phase", args->phase, "Phase value to analyse (default: every phase)");
  command->add_flag("--json", args->json, "Print the result as JSON");
  command->callback([args] {
    const auto start = std::chrono::steady_clock::now();
    const voxel::Volume volume = load_volume(args->input);
    const auto stats =
        voxel::volume_stats(volume, args->phase ? &*args->phase : nullptr, "--phase");
    const auto& fractions = stats.fractions;
    const auto& details = stats.details;
    const double seconds = seconds_since(start);
    if (args->json) {
      auto out = voxel::to_json(volume, stats);
      out["volume"] = args->input.path;
      out["seconds"] = seconds;
      fmt::print("{}\n", out.dump(2));
      return;
    }
    fmt::print("{}: {} voxels ({}), voxel spacing {}\n", args->input.path, volume.shape().str(),
               volume.count(), voxel::format_spacing(volume.spacing()));
    fmt::print("{:>10}  {:>12}  {:>9}\n", "phase", "voxels", "fraction");
    for (const auto& f : fractions)
      fmt::print("{:>10}  {:>12}  {:>9.5f}\n", f.value, f.voxels, f.fraction);
    if (details.empty())
      fmt::print("({} phases: name one with --phase for clusters and percolation)\n",
                 fractions.size());
    for (const auto& s : details) print_phase(s);
    fmt::print("\n{:.2f} s\n", seconds);
  });
}

}  // namespace condnet::cli
