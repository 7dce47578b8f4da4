// `condnet predict MODEL VOLUME...`: D_eff and tau along x, y, z of each volume from a trained
// surrogate, in milliseconds per tile; volumes larger than the model's input are tiled
// (surrogate/volume_prediction.hpp).
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <optional>

#include "cli/commands.hpp"
#include "cli/inference_options.hpp"
#include "core/error.hpp"
#include "core/json_number.hpp"
#include "data/dataset_file.hpp"
#include "surrogate/run_files.hpp"
#include "surrogate/volume_prediction.hpp"
#include "voxel/volume_io.hpp"

namespace condnet::cli {

namespace {

struct PredictArgs {
  std::string model;
  std::vector<std::string> volumes;
  std::optional<double> phase;
  InferenceArgs inference;
  bool json = false;
};

void run(const PredictArgs& args) {
  const auto start = std::chrono::steady_clock::now();
  const auto model = surrogate::load_trained_model(args.model);
  const auto edge = model.graph.input_shape()[1];
  const auto options = args.inference.predictor_options();
  surrogate::Predictor predictor(model.graph, model.params, model.buffers, model.encoding, options);
  nlohmann::json results = nlohmann::json::array();
  std::int64_t tiles = 0;
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
    const auto p = surrogate::predict_volume(predictor, volume, label);
    tiles += p.tiles[0] * p.tiles[1] * p.tiles[2];
    predict_seconds += p.seconds;
    nlohmann::json tau = nlohmann::json::array();
    for (double t : p.tau) tau.push_back(finite_or_null(t));
    results.push_back({{"file", path},
                       {"shape", {shape.nx, shape.ny, shape.nz}},
                       {"phase", volume.value_of(label)},
                       {"eps", p.eps},
                       {"spanning_fraction", p.spanning_fraction},
                       {"tiles", p.tiles[0] * p.tiles[1] * p.tiles[2]},
                       {"tile_grid", p.tiles},
                       {"d_eff", p.d_eff},
                       {"d_eff_lower", p.d_eff_lower},
                       {"tau", tau},
                       {"seconds", p.seconds}});
    if (!args.json) {
      fmt::print("{}: {} voxels, phase {} (eps {:.4f}), {} tile{} of {}^3 ({:.3f} s)\n", path,
                 shape.str(), volume.value_of(label), p.eps, results.back()["tiles"].get<int>(),
                 results.back()["tiles"].get<int>() == 1 ? "" : "s", edge, p.seconds);
      for (int a = 0; a < 3; ++a) {
        if (p.spanning_fraction[a] == 0) {
          fmt::print("  {}: D_eff 0  tau inf  (no cluster touches both faces: exact)\n",
                     voxel::kAxisNames[a]);
          continue;
        }
        fmt::print("  {}: D_eff {:.5f}  tau {:.4f}{}\n", voxel::kAxisNames[a], p.d_eff[a], p.tau[a],
                   p.tiles[0] * p.tiles[1] * p.tiles[2] > 1
                       ? fmt::format("  (columns in series first: D_eff {:.5f})", p.d_eff_lower[a])
                       : "");
      }
    }
  }
  const double total =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const nlohmann::json throughput{
      {"volumes", args.volumes.size()},
      {"tiles", tiles},
      {"predict_seconds", predict_seconds},
      {"total_seconds", total},
      {"volumes_per_second", predict_seconds > 0 ? args.volumes.size() / predict_seconds : 0.0},
      {"tiles_per_second", predict_seconds > 0 ? tiles / predict_seconds : 0.0}};
  if (args.json) {
    const nlohmann::json report{{"model", model.graph.name()},
                                {"checkpoint", model.checkpoint.string()},
                                {"input", edge},
                                {"results", results},
                                {"throughput", throughput}};
    fmt::print("{}\n", report.dump(2));
    return;
  }
  fmt::print(
      "{} volume{}, {} tiles in {:.3f} s of prediction: {:.1f} tiles/s ({:.2f} s in all, "
      "with reading and set-up)\n",
      args.volumes.size(), args.volumes.size() == 1 ? "" : "s", tiles, predict_seconds,
      throughput["tiles_per_second"].get<double>(), total);
}

}  // namespace

void add_predict_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "predict", "D_eff and tau along x, y, z of volumes from a trained surrogate (milliseconds)");
  auto args = std::make_shared<PredictArgs>();
  command
      ->add_option("MODEL", args->model,
                   "Run directory (condnet train -o), a checkpoint, or models/pretrained/NAME")
      ->required();
  command->add_option("VOLUME", args->volumes, "Volume file(s): .tif, .npy, .raw, FILE.h5:/dataset")
      ->required();
  command->add_option("--phase", args->phase,
                      "The conducting phase's value in the files (default 1, the datasets' "
                      "conducting label)");
  add_inference_options(*command, args->inference, "Tiles per inference call");
  command->add_flag("--json", args->json, "Print the result as JSON");
  command->footer(
      "\nA volume larger than the model's n^3 input is cut into n^3 tiles; the tiles of each "
      "layer\n"
      "normal to the axis conduct in parallel, the layers in series (the columns-in-series-first\n"
      "combination, a lower estimate, is printed beside it). See docs/surrogate.md.");
  command->callback([args] { run(*args); });
}

}  // namespace condnet::cli
