// `condnet rev`: is the volume large enough? (solve/rev_study.hpp)
#include <fmt/format.h>

#include <memory>
#include <optional>

#include "cli/commands.hpp"
#include "cli/conductivities.hpp"
#include "cli/validators.hpp"
#include "cli/volume_input.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/progress.hpp"
#include "core/split.hpp"
#include "report/rev_page.hpp"
#include "solve/memory_check.hpp"
#include "solve/rev_study.hpp"
#include "voxel/region.hpp"

namespace condnet::cli {

namespace {

struct RevArgs {
  VolumeInput input;
  std::optional<double> phase;
  std::string conductivities;
  std::string axis = "all";
  std::string sizes;
  solve::RevOptions options;
  std::string html, json_out, max_memory;
  bool json = false, quiet = false;
};

std::vector<std::int64_t> parse_sizes(const std::string& text) {
  std::vector<std::int64_t> out;
  for (const auto view : split(text, ',')) {
    const std::string part(view);
    try {
      std::size_t used = 0;
      out.push_back(std::stoll(part, &used));
      if (used != part.size()) throw std::invalid_argument(part);
    } catch (const std::exception&) {
      fail("--sizes: '{}' is not a list of edges; allowed: e.g. 16,32,64", text);
    }
  }
  return out;
}

void print_study(const solve::RevStudy& study) {
  for (int a = 0; a < 3; ++a) {
    if (study.edges.empty() || !study.edges.front().axes[a]) continue;
    fmt::print("\naxis {}            D_eff over the sub-cubes          tau\n",
               voxel::kAxisNames[a]);
    fmt::print("{:>6} {:>6} {:>8} {:>9} {:>9} {:>8} {:>9} {:>9}\n", "edge", "cubes", "overlap",
               "mean", "std", "spread", "mean", "std");
    for (const auto& row : study.edges) {
      const auto& r = *row.axes[a];
      fmt::print("{:>6} {:>6} {:>8.2f} {:>9.5f} {:>9.5f} {:>8.4f} {:>9} {:>9}\n", row.edge,
                 row.corners.size(), row.overlap, r.mean, r.std, r.spread,
                 r.percolating > 0 ? fmt::format("{:.4f}", r.tau_mean) : "inf",
                 r.percolating > 1 ? fmt::format("{:.4f}", r.tau_std) : "-");
    }
    if (study.rev[a])
      fmt::print("REV along {}: {} voxels (spread of D_eff <= {} from there on)\n",
                 voxel::kAxisNames[a], *study.rev[a], study.threshold);
    else
      fmt::print(
          "REV along {}: not reached (the spread of D_eff never settles under {}); the volume "
          "may be smaller than an REV\n",
          voxel::kAxisNames[a], study.threshold);
  }
  fmt::print("\n{:.1f} s\n", study.seconds);
}

void run_rev(RevArgs& args) {
  const voxel::Volume volume = load_volume(args.input);
  const auto conductivity = conductivity_table(volume, args.phase, args.conductivities);
  if (args.axis != "all") args.options.axes = {voxel::parse_axis(args.axis, "--axis")};
  if (!args.sizes.empty()) args.options.edges = parse_sizes(args.sizes);
  if (args.options.edges.empty()) args.options.edges = solve::default_rev_edges(volume.shape());
  solve::check_rev_options(args.options, volume.shape());
  // The largest sub-cube decides the memory.
  const auto largest = args.options.edges.back();
  const voxel::Volume cube =
      voxel::extract_region(volume, voxel::Region{{0, 0, 0}, {largest, largest, largest}});
  solve::check_solve_memory(cube, conductivity, args.options.solve, args.options.axes,
                            args.max_memory, false);
  std::unique_ptr<ProgressLine> progress;
  const auto study = solve::rev_study(
      volume, conductivity, args.options, [&](std::int64_t done, std::int64_t total) {
        if (!progress)
          progress = std::make_unique<ProgressLine>("rev", total, "solves", !args.quiet);
        progress->update(done);
      });
  if (progress) progress->finish();
  auto json = solve::to_json(study);
  json["volume"] = args.input.path;
  if (args.json)
    fmt::print("{}\n", json.dump(2));
  else
    print_study(study);
  if (!args.json_out.empty())
    write_text_atomically(args.json_out, json.dump(2) + "\n", "JSON result");
  if (!args.html.empty())
    write_text_atomically(args.html, report::rev_page(study, args.input.path), "HTML page");
}

}  // namespace

void add_rev_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "rev", "Is the volume large enough? D_eff of sub-cubes of growing edge at several positions");
  auto args = std::make_shared<RevArgs>();
  add_volume_input(*command, args->input);
  add_conductivity_options(*command, args->phase, args->conductivities);
  command->add_option("--axis", args->axis, "Transport axis: x|y|z (or 0|1|2), or all")
      ->capture_default_str();
  command->add_option("--sizes", args->sizes,
                      "Sub-cube edges, ascending, e.g. 16,32,64 (default: 16, 24, 32, 48, ... up "
                      "to half the shortest extent)");
  command->add_option("--positions", args->options.positions, "Sub-cubes per edge")
      ->capture_default_str()
      ->check(positive());
  command
      ->add_option("--spread", args->options.spread,
                   "REV threshold on the relative spread std / mean of D_eff")
      ->capture_default_str();
  command->add_option("--seed", args->options.seed, "Seed of the sub-cubes' positions")
      ->capture_default_str();
  command->add_option("--tol", args->options.solve.tolerance, "Relative residual to stop at")
      ->capture_default_str();
  command->add_option("--max-memory", args->max_memory,
                      "Refuse to start when the largest sub-cube's solve would need more "
                      "(default: what the process can have)");
  command->add_option("--html", args->html, "Also write the study as an HTML page (charts)");
  command->add_option("--json-out", args->json_out, "Also write the result as JSON to this file");
  command->add_flag("--json", args->json, "Print the result as JSON");
  command->add_flag("--quiet", args->quiet, "No progress line");
  command->callback([args] { run_rev(*args); });
}

}  // namespace condnet::cli
