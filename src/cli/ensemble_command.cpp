// `condnet ensemble RUN RUN... -o ENS`: trained runs made into a calibrated ensemble
// (surrogate/ensemble_builder.hpp) that predict and evaluate take as MODEL.
#include <fmt/format.h>

#include <memory>

#include "cli/commands.hpp"
#include "surrogate/ensemble_builder.hpp"

namespace condnet::cli {

namespace {

struct EnsembleArgs {
  std::vector<std::string> members, data, held_out;
  double coverage = 0.9;
  std::string output;
};

void run(const EnsembleArgs& args) {
  surrogate::EnsembleRequest request;
  request.members.assign(args.members.begin(), args.members.end());
  request.data.assign(args.data.begin(), args.data.end());
  request.held_out.assign(args.held_out.begin(), args.held_out.end());
  request.coverage = args.coverage;
  request.output = args.output;
  const auto s = surrogate::build_ensemble(request);
  fmt::print(
      "{}: {} members; {:.0f}% intervals calibrated on {} val samples ({} percolating axes): "
      "scale {:.3g}; input domain from {} train samples, spread limit {:.3g} ({:.1f} s)\n",
      args.output, s.members, 100 * args.coverage, s.calibration_samples, s.calibration_axes,
      s.val_scale, s.training_samples, s.spread_limit, s.seconds);
  if (s.held_out_axes > 0)
    fmt::print(
        "{}: held-out scale {:.3g} on {} percolating axes of families the held-out ensembles never "
        "saw; the intervals use {:.3g}\n",
        args.output, s.held_out_scale, s.held_out_axes, s.scale);
}

}  // namespace

void add_ensemble_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "ensemble", "Make trained runs one calibrated ensemble: answers with 90% intervals");
  auto args = std::make_shared<EnsembleArgs>();
  command->add_option("RUN", args->members, "Run directories of the members (condnet train -o)")
      ->required();
  command->add_option("-o,--output", args->output, "Ensemble directory to create")->required();
  command
      ->add_option("--data", args->data,
                   "Labelled datasets: val split calibrates, train split sets the input domain "
                   "(default: the first member's training data)")
      ->check(CLI::ExistingFile);
  command
      ->add_option("--held-out", args->held_out,
                   "Leave-one-family-out ensembles (members trained with --exclude-family): their "
                   "errors on the family they never saw calibrate the intervals for unseen "
                   "structures")
      ->check(CLI::ExistingDirectory);
  command->add_option("--coverage", args->coverage, "Interval coverage")->capture_default_str();
  command->callback([args] { run(*args); });
}

}  // namespace condnet::cli
