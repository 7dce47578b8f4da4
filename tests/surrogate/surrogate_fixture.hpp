#pragma once
// Small labelled datasets and models for the surrogate's tests: Gaussian-field cubes of 16^3
// (porosity 0.3..0.8, labelled by the solver) and a model small enough to train in a second.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "test_paths.hpp"

namespace condnet::test {

// The JSON a command printed (--json): from the first '{' of its output.
inline nlohmann::json parse_json(const std::string& text) {
  const auto start = text.find('{');
  EXPECT_NE(start, std::string::npos) << text;
  return nlohmann::json::parse(text.substr(start));
}

// Generates and labels `count` samples of `edge`^3 into dir/name.h5.
inline std::filesystem::path labelled_dataset(const std::filesystem::path& dir,
                                              const std::string& name, int count, int edge = 16,
                                              int seed = 1) {
  const auto path = dir / (name + ".h5");
  const auto made = run_condnet(
      "generate --family gaussian-field --porosity 0.3:0.8 --correlation-length 4 --size " +
      std::to_string(edge) + " --count " + std::to_string(count) + " --seed " +
      std::to_string(seed) + " --quiet -o " + path.string());
  EXPECT_EQ(made.exit_code, 0) << made.output;
  const auto labelled = run_condnet("label --quiet " + path.string());
  EXPECT_EQ(labelled.exit_code, 0) << labelled.output;
  return path;
}

// dir/name.json, taking 1 x edge^3 cubes: conv(1->4) [+ batchnorm] + ReLU [| stage marker],
// conv(4->8, stride 2) + ReLU, global average pool, linear 8->3.
inline std::filesystem::path small_model(const std::filesystem::path& dir, const std::string& name,
                                         bool batchnorm, int edge = 16, bool staged = false) {
  nlohmann::json layers = nlohmann::json::array();
  layers.push_back({{"type", "conv3d"},
                    {"name", "conv1"},
                    {"in_channels", 1},
                    {"out_channels", 4},
                    {"kernel", 3},
                    {"stride", 1},
                    {"padding", 1},
                    {"bias", !batchnorm}});
  if (batchnorm) layers.push_back({{"type", "batchnorm3d"}, {"name", "bn1"}});
  layers.push_back({{"type", "relu"}, {"name", "relu1"}});
  if (staged) layers.push_back({{"type", "stage"}, {"name", "cut"}});
  layers.push_back({{"type", "conv3d"},
                    {"name", "conv2"},
                    {"in_channels", 4},
                    {"out_channels", 8},
                    {"kernel", 3},
                    {"stride", 2},
                    {"padding", 1},
                    {"bias", true}});
  layers.push_back({{"type", "relu"}, {"name", "relu2"}});
  layers.push_back({{"type", "global_avg_pool"}, {"name", "gap"}});
  layers.push_back({{"type", "linear"}, {"name", "fc"}, {"in_features", 8}, {"out_features", 3}});
  const nlohmann::json model{{"name", name},
                             {"input", {1, edge, edge, edge}},
                             {"outputs", {"D_x", "D_y", "D_z"}},
                             {"layers", layers}};
  const auto path = dir / (name + ".json");
  std::ofstream(path) << model.dump(2);
  return path;
}

struct TrainedRun {
  std::filesystem::path dir, data, run;
};

// scratch_dir(name)/run: a small model (small_model, with batchnorm) trained for two epochs on
// data.h5, 48 Gaussian-field samples of 16^3, on `device` (cpu, or reference: plain loops, much
// faster for a model this small).
inline TrainedRun trained_run(const std::string& name, const std::string& device = "cpu") {
  TrainedRun out;
  out.dir = scratch_dir(name);
  out.data = labelled_dataset(out.dir, "data", 48);
  const auto model = small_model(out.dir, "small", true);
  out.run = out.dir / "run";
  const auto trained =
      run_condnet("train --quiet --data " + out.data.string() + " --model " + model.string() +
                  " --batch 8 --epochs 2 --device " + device + " -o " + out.run.string());
  EXPECT_EQ(trained.exit_code, 0) << trained.output;
  return out;
}

// dir/staged.json, taking 1 x 16^3 cubes: conv(1->16) + ReLU | stage marker | conv(16->16,
// stride 2) + ReLU, global average pool, linear 16->3. No batchnorm, so the thread counts of
// one device and of each stage change only the rounding.
inline std::filesystem::path staged_model(const std::filesystem::path& dir) {
  const auto path = dir / "staged.json";
  std::ofstream(path) << R"({"name": "staged", "input": [1, 16, 16, 16],
    "outputs": ["D_x", "D_y", "D_z"], "layers": [
    {"type": "conv3d", "name": "conv1", "in_channels": 1, "out_channels": 16, "kernel": 3,
     "stride": 1, "padding": 1, "bias": true},
    {"type": "relu", "name": "relu1"}, {"type": "stage", "name": "cut"},
    {"type": "conv3d", "name": "conv2", "in_channels": 16, "out_channels": 16, "kernel": 3,
     "stride": 2, "padding": 1, "bias": true},
    {"type": "relu", "name": "relu2"}, {"type": "global_avg_pool", "name": "gap"},
    {"type": "linear", "name": "fc", "in_features": 16, "out_features": 3}]})";
  return path;
}

// The largest |a - b| over the largest |a|: 0 when bit-identical.
inline double max_relative_difference(const std::vector<float>& a, const std::vector<float>& b) {
  EXPECT_EQ(a.size(), b.size());
  double scale = 0, worst = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    scale = std::max(scale, static_cast<double>(std::fabs(a[i])));
    worst = std::max(worst, static_cast<double>(std::fabs(a[i] - b[i])));
  }
  return worst / std::max(scale, 1e-30);
}

}  // namespace condnet::test
