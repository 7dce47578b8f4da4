// `condnet predict MODEL VOLUME...`: D_eff and tau along x, y, z of each volume from a trained
// surrogate, in milliseconds per tile; volumes larger than the model's input are tiled
// (surrogate/volume_prediction.hpp). An ensemble (surrogate/surrogate_model.hpp) adds the
// members' spread and a calibrated interval to every answer, and flags inputs unlike its
// training data; `--fallback solve` hands the flagged axes to the exact solver.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>

#include "cli/commands.hpp"
#include "cli/inference_options.hpp"
#include "core/error.hpp"
#include "core/stopwatch.hpp"
#include "data/dataset_file.hpp"
#include "surrogate/volume_answer.hpp"
#include "voxel/volume_io.hpp"

namespace condnet::cli {

namespace {

struct PredictArgs {
  std::vector<std::string> inputs;  // [MODEL] VOLUME...
  std::string model;
  std::vector<std::string> volumes;
  std::optional<double> phase;
  InferenceArgs inference;
  std::string fallback = "none";
  bool json = false;
};

std::string interval_text(const surrogate::Estimate& e) {
  if (!e.lo) return "";
  return fmt::format(" ± {:.5f}  [90%: {:.5f}, {:.5f}]", e.std, *e.lo, *e.hi);
}

// A run or ensemble directory, a checkpoint, or a path that does not exist and does not look
// like a volume (so that a mistyped model is reported as a model, not as a volume).
bool is_model(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    return std::filesystem::exists(path / "run.json", ec) ||
           std::filesystem::exists(path / "ensemble.json", ec);
  if (path.extension() == ".safetensors") return true;
  if (std::filesystem::exists(path, ec)) return false;
  static const std::set<std::string> volumes = {".tif", ".tiff", ".npy", ".raw", ".bin", ".dat"};
  return !volumes.contains(path.extension().string()) &&
         path.string().find(".h5:") == std::string::npos;
}

// MODEL is the first input when it is a run, an ensemble or a checkpoint; otherwise every input
// is a volume and the model is the recommended shipped one.
void split_inputs(PredictArgs& args) {
  if (args.inputs.size() >= 2 && is_model(args.inputs.front())) {
    args.model = args.inputs.front();
    args.volumes.assign(args.inputs.begin() + 1, args.inputs.end());
    return;
  }
  args.volumes = args.inputs;
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  const auto shipped = exe.parent_path().parent_path() / surrogate::kRecommendedModel;
  if (ec || !std::filesystem::exists(shipped / "ensemble.json"))
    fail(
        "MODEL: none given, and the recommended shipped model {} is not beside this condnet; "
        "give a run, an ensemble or a checkpoint before the volumes",
        surrogate::kRecommendedModel);
  args.model = shipped.string();
}

void run(PredictArgs args) {
  split_inputs(args);
  const auto start = std::chrono::steady_clock::now();
  const auto model = surrogate::load_surrogate(args.model);
  const auto edge = model.edge();
  surrogate::EnsemblePredictor predictor(model, args.inference.predictor_options());
  nlohmann::json results = nlohmann::json::array();
  std::int64_t tiles = 0, handed_over = 0;
  double predict_seconds = 0;
  for (const auto& path : args.volumes) {
    const auto volume = voxel::read_volume(path);
    const auto& shape = volume.shape();
    if (shape.nx < edge || shape.ny < edge || shape.nz < edge)
      fail(
          "{}: {} voxels, smaller than the model's {}^3 input; the surrogate needs at least "
          "{} voxels along every axis (condnet solve takes any size)",
          path, shape.str(), edge, edge);
    const auto label =
        args.phase ? volume.label_of(*args.phase, "--phase")
                   : volume.label_of(static_cast<double>(data::kConductingLabel), "--phase");
    const auto result =
        surrogate::answer_volume(predictor, model, volume, label,
                                 surrogate::parse_fallback(args.fallback, "--fallback"), path);
    const auto& p = result.prediction;
    const auto& answer = result.axes;
    tiles += p.tiles[0] * p.tiles[1] * p.tiles[2];
    predict_seconds += p.seconds;
    for (const auto& axis : answer) handed_over += axis.source == "solver";
    auto json = surrogate::to_json(result, shape, predictor.members());
    json["file"] = path;
    results.push_back(std::move(json));
    if (!args.json) {
      const auto count = p.tiles[0] * p.tiles[1] * p.tiles[2];
      fmt::print(
          "{}: {} voxels, phase {} (eps {:.4f}), {} tile{} of {}^3, {} network{} ({:.3f} s)\n",
          path, shape.str(), volume.value_of(label), p.eps, count, count == 1 ? "" : "s", edge,
          predictor.members(), predictor.members() == 1 ? "" : "s", p.seconds);
      for (int a = 0; a < 3; ++a) {
        if (p.spanning_fraction[a] == 0) {
          fmt::print("  {}: D_eff 0  tau inf  (no cluster touches both faces: exact)\n",
                     voxel::kAxisNames[a]);
          continue;
        }
        if (answer[a].source == "solver") {
          fmt::print(
              "  {}: D_eff {:.5f}  tau {:.4f}  (solver, {:.2f} s; the surrogate said "
              "{:.5f}: {})\n",
              voxel::kAxisNames[a], answer[a].d_eff, answer[a].tau, answer[a].solve_seconds,
              p.d_eff[a].mean, p.handover[a]);
          continue;
        }
        fmt::print("  {}: D_eff {:.5f}{}  tau {:.4f}{}\n", voxel::kAxisNames[a], p.d_eff[a].mean,
                   interval_text(p.d_eff[a]), p.tau[a],
                   count > 1
                       ? fmt::format("  (columns in series first: D_eff {:.5f})", p.d_eff_lower[a])
                       : "");
        if (!p.handover[a].empty())
          fmt::print(
              "     the surrogate may be far off ({}): run condnet solve {} --phase {} --axis {}, "
              "or predict --fallback solve\n",
              p.handover[a], path, volume.value_of(label), voxel::kAxisNames[a]);
      }
    }
  }
  const double total = seconds_since(start);
  const nlohmann::json throughput{
      {"volumes", args.volumes.size()},
      {"tiles", tiles},
      {"predict_seconds", predict_seconds},
      {"total_seconds", total},
      {"volumes_per_second", predict_seconds > 0 ? args.volumes.size() / predict_seconds : 0.0},
      {"tiles_per_second", predict_seconds > 0 ? tiles / predict_seconds : 0.0}};
  if (args.json) {
    const nlohmann::json report{
        {"model", model.members.front().graph.name()},
        {"members", predictor.members()},
        {"checkpoint", model.members.front().checkpoint.string()},
        {"input", edge},
        {"input_encoding", model.encoding().name()},
        {"interval_coverage",
         model.calibration ? nlohmann::json(model.calibration->coverage) : nullptr},
        {"interval_calibration",
         model.calibration ? model.calibration->to_json() : nlohmann::json(nullptr)},
        {"axes_from_solver", handed_over},
        {"results", results},
        {"throughput", throughput}};
    fmt::print("{}\n", report.dump(2));
    return;
  }
  fmt::print(
      "{} volume{}, {} tiles in {:.3f} s of prediction: {:.1f} tiles/s ({:.2f} s in all, "
      "with reading and set-up{})\n",
      args.volumes.size(), args.volumes.size() == 1 ? "" : "s", tiles, predict_seconds,
      throughput["tiles_per_second"].get<double>(), total,
      handed_over > 0 ? fmt::format(" and {} axes solved", handed_over) : "");
  if (!model.calibration)
    fmt::print("no intervals: {} is one network; condnet ensemble makes a calibrated ensemble\n",
               args.model);
  else if (model.calibration->held_out)
    fmt::print(
        "{:.0f}% intervals calibrated on {} structure families that leave-one-out ensembles never "
        "saw\n",
        100 * model.calibration->coverage, model.calibration->held_out->families.size());
  else
    fmt::print(
        "{:.0f}% intervals calibrated on data like the training data only (no --held-out "
        "ensembles): they may be too narrow for structures unlike it\n",
        100 * model.calibration->coverage);
}

}  // namespace

void add_predict_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "predict", "D_eff and tau along x, y, z of volumes from a trained surrogate (milliseconds)");
  auto args = std::make_shared<PredictArgs>();
  command
      ->add_option("[MODEL] VOLUME", args->inputs,
                   "MODEL: an ensemble (condnet ensemble -o), a run directory (condnet train -o), "
                   "a checkpoint or models/pretrained/NAME; without it, the recommended " +
                       std::string(surrogate::kRecommendedModel) +
                       ". VOLUME: .tif, .npy, .raw, FILE.h5:/dataset, one or more")
      ->required();
  command->add_option("--phase", args->phase,
                      "The conducting phase's value in the files (default 1, the datasets' "
                      "conducting label)");
  add_inference_options(*command, args->inference, "Tiles per inference call");
  command
      ->add_option("--fallback", args->fallback,
                   "none: flag inputs unlike the ensemble's training data; solve: answer the "
                   "flagged axes with the exact solver")
      ->capture_default_str()
      ->check(CLI::IsMember({"none", "solve"}));
  command->add_flag("--json", args->json, "Print the result as JSON");
  command->footer(
      "\nA volume larger than the model's n^3 input is cut into n^3 tiles; the tiles of each "
      "layer\n"
      "normal to the axis conduct in parallel, the layers in series (the columns-in-series-first\n"
      "combination, a lower estimate, is printed beside it). An ensemble prints D_eff +- the\n"
      "members' spread and its calibrated 90% interval. See docs/surrogate.md.");
  command->callback([args] { run(*args); });
}

}  // namespace condnet::cli
