#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "cli/commands.hpp"
#include "cli/validators.hpp"
#include "core/cpu_set.hpp"
#include "core/error.hpp"
#include "core/mpi.hpp"
#include "core/progress.hpp"
#include "data/label_dataset.hpp"
#include "data/label_exchange.hpp"
#include "solve/parallel.hpp"
#include "voxel/spacing.hpp"

namespace condnet::cli {

namespace {

struct LabelArgs {
  std::string path;
  std::string spacing;  // "DX,DY,DZ"; empty: 1,1,1
  int threads = 0;      // 0: the cores of this machine, shared among the ranks on it
  data::LabelOptions options;
  bool json = false;
  bool quiet = false;
};

int default_threads(int ranks) {
  const int cores = allowed_cpu_count();
  const int sharing = ranks > 1 ? mpi::node_ranks().size : 1;
  return std::max(1, cores / sharing);
}

void print_summary(const data::LabelSummary& s, const std::string& path, bool json) {
  const double rate = s.seconds > 0 ? static_cast<double>(s.labelled) / s.seconds : 0.0;
  if (json) {
    const nlohmann::json report{{"file", path},
                                {"samples", s.samples},
                                {"already_labelled", s.already_labelled},
                                {"labelled", s.labelled},
                                {"not_converged", s.not_converged},
                                {"non_percolating_axes", s.non_percolating_axes},
                                {"seconds", s.seconds},
                                {"samples_per_second", rate},
                                {"threads", s.threads},
                                {"ranks", s.ranks},
                                {"solver_settings", s.settings}};
    fmt::print("{}\n", report.dump(2));
    return;
  }
  std::string workers = fmt::format("{} worker thread{}", s.threads, s.threads == 1 ? "" : "s");
  if (s.ranks > 1) workers += fmt::format(" on each of {} ranks", s.ranks);
  fmt::print(
      "labelled {} samples of {} in {} (axes x, y, z) in {:.2f} s: {:.1f} samples/s ({}); {} "
      "were labelled already\n",
      s.labelled, s.samples, path, s.seconds, rate, workers, s.already_labelled);
  if (s.not_converged > 0)
    fmt::print("  {} samples have an axis that did not converge (/labels/status 2)\n",
               s.not_converged);
  fmt::print("  {} sample axes do not percolate (D_eff 0, tau infinite)\n", s.non_percolating_axes);
}

void run_label(LabelArgs& args) {
  if (!(args.options.settings.tolerance > 0 && args.options.settings.tolerance < 1))
    fail("--tol: {} must be in (0, 1)", args.options.settings.tolerance);
  if (args.options.settings.max_iterations < 1)
    fail("--max-iterations: {} must be >= 1", args.options.settings.max_iterations);
  if (args.options.batch < 1) fail("--batch: {} must be >= 1", args.options.batch);
  if (!args.spacing.empty())
    args.options.settings.spacing = voxel::parse_spacing(args.spacing, "--spacing");
  // Each worker solves one sample at a time on its own core: the solver's loops stay serial.
  setenv("CONDNET_THREADS", "1", 1);
  CONDNET_ASSERT(solve::solver_threads() == 1);
  const int ranks = mpi::launched_by_mpi() ? mpi::size() : 1;
  const int rank = ranks > 1 ? mpi::rank() : 0;
  args.options.threads = args.threads > 0 ? args.threads : default_threads(ranks);

  std::unique_ptr<ProgressLine> progress;  // made on rank 0 once the number of samples is known
  data::LabelSummary summary;
  try {
    summary =
        data::label_dataset(args.path, args.options, [&](std::int64_t done, std::int64_t total) {
          if (!progress)
            progress = std::make_unique<ProgressLine>("label", total, "samples", !args.quiet);
          progress->update(done);
        });
  } catch (const std::exception& e) {
    // Under mpirun an error once labelling has started would leave the other ranks waiting:
    // report it and end the job. Before that (no progress yet on rank 0), every rank stops.
    if (ranks > 1 && (rank != 0 || progress)) {
      std::fprintf(stderr, "condnet: error: rank %d: %s\n", rank, e.what());
      mpi::abort_job(2);
    }
    throw;
  }
  if (summary.stopped) std::exit(2);  // rank 0 reports why
  if (rank != 0) return;
  if (progress) progress->finish();
  print_summary(summary, args.path, args.json);
}

}  // namespace

void add_label_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "label",
      "Compute the labels (D_eff, tau, ... along x, y, z) of every unlabelled sample of a "
      "dataset, in parallel; resumable; under mpirun over the ranks");
  command->footer(
      "\nA killed run resumes where it stopped when started again. A dataset labelled with "
      "other\n--tol/--max-iterations/--spacing is refused unless --relabel (which recomputes every "
      "label).");
  auto args = std::make_shared<LabelArgs>();
  command->add_option("DATA", args->path, "Dataset file (.h5) from condnet generate or crop")
      ->required();
  command
      ->add_option("--threads", args->threads,
                   "Worker threads, one sample each (default: all cores; under mpirun the "
                   "cores of a machine shared among its ranks)")
      ->check(positive());
  command->add_option("--tol", args->options.settings.tolerance, "Relative residual to stop at")
      ->capture_default_str();
  command->add_option("--max-iterations", args->options.settings.max_iterations, "Iteration limit")
      ->capture_default_str();
  command->add_option("--spacing", args->spacing,
                      "Voxel edge lengths DX,DY,DZ of every sample (crops of an anisotropic "
                      "scan; default 1,1,1)");
  command->add_option("--batch", args->options.batch, "Samples per write to the file")
      ->capture_default_str();
  command->add_flag("--relabel", args->options.relabel,
                    "Clear every label and recompute them all (needed to change the settings)");
  command->add_flag("--json", args->json, "Print the summary as JSON");
  command->add_flag("--quiet", args->quiet, "No progress line");
  command->callback([args] { run_label(*args); });
}

}  // namespace condnet::cli
