// `condnet evaluate RUN/ DATA.h5...`: the trained surrogate against the solver's labels of a
// split: R^2, MAPE, RMSE and max error on D_eff and tau, overall, per family and per axis, and
// the parity data (true vs predicted per sample and axis) as CSV. It writes files where --parity
// and --json-out say, and by default the parity CSV into MODEL only when MODEL is a training
// run the user made: never into a shipped model (models/pretrained/*) or a checkpoint's folder.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/inference_options.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "surrogate/conductivity_head.hpp"
#include "surrogate/evaluation.hpp"
#include "surrogate/run_files.hpp"
#include "surrogate/surrogate_model.hpp"

namespace condnet::cli {

namespace {

struct EvaluateArgs {
  std::string model;
  std::vector<std::string> data;
  std::string split = "test";
  InferenceArgs inference;
  std::string parity;
  std::string json_out;
  std::string fallback = "none";
  std::vector<std::string> families;
  bool json = false;
};

std::vector<data::Split> parse_splits(const std::string& split) {
  if (split == "train") return {data::Split::train};
  if (split == "val") return {data::Split::val};
  if (split == "test") return {data::Split::test};
  return {data::Split::train, data::Split::val, data::Split::test};
}

std::string cell(const nlohmann::json& metrics, const char* key, const char* format) {
  if (metrics.is_null() || !metrics.contains(key) || metrics[key].is_null()) return "-";
  return fmt::format(fmt::runtime(format), metrics[key].get<double>());
}

void print_row(const std::string& name, const nlohmann::json& row) {
  fmt::print("  {:<22} {:>8} {:>7} {:>9} {:>9} {:>8} {:>7} {:>7}\n", name,
             cell(row["d_eff"], "r2", "{:.4f}"), cell(row["d_eff"], "mape", "{:.2f}%"),
             cell(row["d_eff"], "rmse", "{:.4f}"), cell(row["d_eff"], "max_error", "{:.4f}"),
             cell(row["tau"], "r2", "{:.4f}"), cell(row["tau"], "mape", "{:.2f}%"),
             row["d_eff"]["count"].get<std::int64_t>());
}

void run(const EvaluateArgs& args) {
  const auto model = surrogate::load_surrogate(args.model);
  std::vector<std::filesystem::path> files(args.data.begin(), args.data.end());
  data::SampleSetReport report;
  data::SampleSelection selection{parse_splits(args.split)};
  selection.families = args.families;
  const auto set = data::load_samples(files, selection, &report);
  if (set.size() == 0)
    fail("{}: no labelled samples{} in the {} split", args.data.front(),
         args.families.empty() ? "" : fmt::format(" of family {}", fmt::join(args.families, ", ")),
         args.split);
  const auto edge = model.edge();
  if (set.edge != edge)
    fail(
        "{}: samples of {}^3 voxels, but the model {} takes {}^3; evaluate on data of the "
        "model's size (condnet predict tiles larger volumes)",
        args.data.front(), set.edge, args.model, edge);
  const auto options = args.inference.predictor_options();
  surrogate::EnsemblePredictor predictor(model, options);
  const auto evaluation =
      surrogate::evaluate_samples(predictor, model, set, args.fallback == "solve");
  auto result = surrogate::to_json(evaluation);
  result["split"] = args.split;
  result["model"] = args.model;
  result["checkpoint"] = model.members.front().checkpoint.string();
  result["data"] = args.data;
  result["skipped_unconverged"] = report.skipped_unconverged;

  // Files go where the options say; by default only into a training run the user made, never
  // into a shipped model or a checkpoint's folder (surrogate/run_files.hpp).
  std::string parity = args.parity, not_written;
  if (parity.empty()) {
    const std::string why_not = surrogate::why_not_an_output_run(args.model);
    if (why_not.empty())
      parity =
          (std::filesystem::path(args.model) / fmt::format("parity-{}.csv", args.split)).string();
    else
      not_written = fmt::format("parity data not written: {} is {}; --parity FILE writes it",
                                args.model, why_not);
  }
  if (!parity.empty())
    write_text_atomically(parity, surrogate::parity_csv(evaluation), "parity data");
  if (!args.json_out.empty())
    write_text_atomically(args.json_out, result.dump(2) + "\n", "JSON result");
  if (args.json) {
    fmt::print("{}\n", result.dump(2));
    if (!not_written.empty()) fmt::print(stderr, "{}\n", not_written);
    return;
  }
  fmt::print("{} on the {} split: {} samples x 3 axes, {:.1f} samples/s ({})\n", args.model,
             args.split, set.size(), result["throughput"]["samples_per_second"].get<double>(),
             model.members.front().checkpoint.string());
  fmt::print("  {:<22} {:>8} {:>7} {:>9} {:>9} {:>8} {:>7} {:>7}\n", "", "D_eff R2", "MAPE", "RMSE",
             "max err", "tau R2", "MAPE", "axes");
  print_row("all", result["overall"]);
  for (const auto& [family, row] : result["per_family"].items()) print_row(family, row);
  for (const auto& [axis, row] : result["per_axis"].items()) print_row("axis " + axis, row);
  fmt::print("  MAPE over axes with D_eff >= {}; tau over percolating axes\n",
             surrogate::kMapeThreshold);
  if (!result["overall"]["coverage"].is_null())
    fmt::print("  {:.0f}% intervals cover {:.1f}% of {} percolating axes ({} networks)\n",
               100 * model.calibration->coverage,
               100 * result["overall"]["coverage"]["fraction"].get<double>(),
               result["overall"]["coverage"]["axes"].get<std::int64_t>(), predictor.members());
  if (model.domain)
    fmt::print("  {} of {} axes flagged for the solver{}\n", evaluation.handed_over,
               evaluation.points.size(),
               args.fallback == "solve" ? " (their answers are the solver's)" : "");
  fmt::print("{}\n", parity.empty() ? not_written : "parity data: " + parity);
}

}  // namespace

void add_evaluate_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "evaluate", "Accuracy of a trained surrogate against the solver's labels of a dataset");
  auto args = std::make_shared<EvaluateArgs>();
  command->add_option("MODEL", args->model, "Run directory (condnet train -o) or checkpoint")
      ->required();
  command->add_option("DATA", args->data, "Labelled dataset file(s) (.h5)")
      ->required()
      ->check(CLI::ExistingFile);
  command->add_option("--split", args->split, "train, val, test or all")
      ->capture_default_str()
      ->check(CLI::IsMember({"train", "val", "test", "all"}));
  add_inference_options(*command, args->inference, "Samples per inference call");
  command->add_option("--parity", args->parity,
                      "Parity CSV to write (default: RUN/parity-SPLIT.csv when MODEL is a run "
                      "of yours, one with last.safetensors; none for a shipped model or a "
                      "checkpoint file)");
  command->add_option("--json-out", args->json_out, "Also write the JSON result to this file");
  command->add_option("--family", args->families,
                      "Only the samples of this generator family (repeat for several)");
  command
      ->add_option("--fallback", args->fallback,
                   "As predict's: none, or solve (flagged axes take the solver's answer, the "
                   "label)")
      ->capture_default_str()
      ->check(CLI::IsMember({"none", "solve"}));
  command->add_flag("--json", args->json, "Print the result as JSON");
  command->callback([args] { run(*args); });
}

}  // namespace condnet::cli
