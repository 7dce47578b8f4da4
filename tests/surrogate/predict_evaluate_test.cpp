// condnet evaluate and predict on a small trained run: metrics agree with the parity data
// they write, predictions obey 0 <= D_eff <= eps, a tiled volume combines its tiles' answers in
// series along the axis and in parallel across it, and bad input ends in one line, exit 2.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <sstream>

#include "data/dataset_file.hpp"
#include "surrogate/surrogate_fixture.hpp"
#include "test_paths.hpp"
#include "voxel/volume_io.hpp"

namespace condnet::test {
namespace {

void expect_one_line_error(const CommandResult& result, const std::string& mentions) {
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_EQ(result.output.rfind("condnet: error: ", 0), 0u) << result.output;
  EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 1) << result.output;
  EXPECT_NE(result.output.find(mentions), std::string::npos) << result.output;
}

TEST(Evaluate, MetricsMatchTheParityDataAndPredictionsRespectPhysics) {
  const auto r = trained_run("evaluate_metrics");
  const auto json_out = r.dir / "eval.json", csv = r.dir / "parity.csv";
  const auto result =
      run_condnet("evaluate " + r.run.string() + " " + r.data.string() +
                  " --split all --json-out " + json_out.string() + " --parity " + csv.string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("D_eff R2"), std::string::npos) << result.output;
  // numpy recomputes R^2, RMSE and MAPE of D_eff from the CSV, and checks 0 <= pred <= eps.
  const auto check = run_shell(
      "/usr/bin/python3 -c \"import json, numpy as np; "
      "d = np.genfromtxt('" +
      csv.string() +
      "', delimiter=',', names=True, dtype=None, "
      "encoding='utf-8', comments=None); t, p, e = d['d_eff_true'], d['d_eff_pred'], d['eps']; "
      "j = json.load(open('" +
      json_out.string() +
      "'))['overall']['d_eff']; "
      "r2 = 1 - ((t - p)**2).sum() / ((t - t.mean())**2).sum(); m = t >= 0.05; "
      "mape = 100 * np.mean(np.abs(t[m] - p[m]) / t[m]); rmse = np.sqrt(np.mean((t - p)**2)); "
      "assert len(t) == j['count'] == 144, len(t); "
      "assert abs(r2 - j['r2']) < 1e-6, (r2, j['r2']); "
      "assert abs(mape - j['mape']) < 1e-4, (mape, j['mape']); "
      "assert abs(rmse - j['rmse']) < 1e-6, (rmse, j['rmse']); "
      "assert (p >= 0).all() and (p <= e + 1e-7).all(); print('ok')\"");
  EXPECT_NE(check.output.find("ok"), std::string::npos) << check.output;
  const auto report = nlohmann::json::parse(std::ifstream(json_out));
  EXPECT_EQ(report["per_axis"].size(), 3u);
  EXPECT_TRUE(report["per_family"].contains("gaussian-field"));
}

TEST(Predict, TiledVolumeCombinesItsTilesInSeriesAlongTheAxis) {
  const auto r = trained_run("predict_tiled");
  // Two different 16^3 samples side by side along x: a 32 x 16 x 16 volume of two tiles.
  const auto file = data::DatasetFile::open(r.data);
  const auto first = file.read_volume(0), second = file.read_volume(1);
  voxel::Volume pair({32, 16, 16});
  for (int x = 0; x < 16; ++x)
    for (int y = 0; y < 16; ++y)
      for (int z = 0; z < 16; ++z) {
        pair(x, y, z) = first(x, y, z);
        pair(16 + x, y, z) = second(x, y, z);
      }
  const auto dir = r.dir;
  voxel::write_volume(first, (dir / "first.npy").string());
  voxel::write_volume(second, (dir / "second.npy").string());
  voxel::write_volume(pair, (dir / "pair.npy").string());
  const auto result =
      run_condnet("predict --json " + r.run.string() + " " + (dir / "first.npy").string() + " " +
                  (dir / "second.npy").string() + " " + (dir / "pair.npy").string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto out = parse_json(result.output)["results"];
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0]["tiles"], 1);
  EXPECT_EQ(out[2]["tiles"], 2);
  const auto d1 = out[0]["d_eff"], d2 = out[1]["d_eff"], dp = out[2]["d_eff"];
  const double series = 2.0 / (1.0 / d1[0].get<double>() + 1.0 / d2[0].get<double>());
  EXPECT_NEAR(dp[0].get<double>(), series, 1e-6 * series);
  for (int axis : {1, 2}) {
    const double parallel = 0.5 * (d1[axis].get<double>() + d2[axis].get<double>());
    EXPECT_NEAR(dp[axis].get<double>(), parallel, 1e-6 * parallel);
  }
  // The two tiles differ, so series and parallel differ: the check above can tell them apart.
  EXPECT_GT(std::fabs(d1[0].get<double>() - d2[0].get<double>()), 1e-4);
  for (const auto& entry : out)
    for (int axis = 0; axis < 3; ++axis) {
      EXPECT_GE(entry["d_eff"][axis].get<double>(), 0.0);
      EXPECT_LE(entry["d_eff"][axis].get<double>(), entry["eps"].get<double>());
      EXPECT_GE(entry["d_eff"][axis].get<double>(),
                entry["surrogate"]["d_eff_lower"][axis].get<double>());
    }
  // A volume that is not a multiple of the tile: the last tile shifts back, 3 per axis at 40.
  voxel::Volume odd({40, 40, 40});
  for (std::int64_t i = 0; i < odd.count(); ++i) odd.data()[i] = pair.data()[i % pair.count()];
  voxel::write_volume(odd, (dir / "odd.npy").string());
  const auto odd_result =
      run_condnet("predict --json " + r.run.string() + " " + (dir / "odd.npy").string());
  ASSERT_EQ(odd_result.exit_code, 0) << odd_result.output;
  EXPECT_EQ(parse_json(odd_result.output)["results"][0]["tiles"], 27);
}

TEST(Predict, AnAxisBlockedByASolidLayerIsExactlyZero) {
  // A trained run of the default (spanning) encoding at 16^3, and the shipped fast-48 (trained
  // before encodings existed: the phase encoding). Random conducting voxels (porosity 0.7) with
  // a solid layer normal to x: nothing spans along x, so D_eff there is exactly 0 and tau
  // infinite (null in JSON), while y and z conduct.
  const auto r = trained_run("predict_blocked");
  const std::vector<std::pair<std::filesystem::path, std::int64_t>> models = {
      {r.run, 32}, {repository_root() / "models/pretrained/fast-48", 48}};
  for (const auto& [model, edge] : models) {
    voxel::Volume volume({edge, edge, edge});
    std::uint32_t state = 12345;
    for (std::int64_t i = 0; i < volume.count(); ++i) {
      state = state * 1664525u + 1013904223u;
      volume.data()[i] = (state >> 8) % 10 < 7 ? 1 : 0;
    }
    for (std::int64_t y = 0; y < edge; ++y)
      for (std::int64_t z = 0; z < edge; ++z) volume(edge / 2 + 3, y, z) = 0;
    const auto file = r.dir / ("blocked-" + std::to_string(edge) + ".npy");
    voxel::write_volume(volume, file.string());
    const auto result = run_condnet("predict --json " + model.string() + " " + file.string());
    ASSERT_EQ(result.exit_code, 0) << result.output;
    const auto out = parse_json(result.output)["results"][0];
    EXPECT_EQ(out["d_eff"][0].get<double>(), 0.0) << model;
    EXPECT_EQ(out["surrogate"]["d_eff_lower"][0].get<double>(), 0.0) << model;
    EXPECT_TRUE(out["tau"][0].is_null()) << model;
    EXPECT_EQ(out["spanning_fraction"][0].get<double>(), 0.0) << model;
    for (int axis : {1, 2}) EXPECT_GT(out["d_eff"][axis].get<double>(), 0.05) << model;
    const auto text = run_condnet("predict " + model.string() + " " + file.string());
    EXPECT_NE(text.output.find("x: D_eff 0  tau inf"), std::string::npos) << text.output;
  }
}

TEST(SurrogateBadInput, OneLineAndExitTwo) {
  const auto r = trained_run("surrogate_bad_input");
  const auto dir = r.dir;
  expect_one_line_error(run_condnet("predict " + (dir / "missing").string() + " x.npy"),
                        "no such run directory");
  voxel::Volume small({8, 16, 16}, 1);
  voxel::write_volume(small, (dir / "small.npy").string());
  expect_one_line_error(
      run_condnet("predict " + r.run.string() + " " + (dir / "small.npy").string()),
      "smaller than the model's 16^3 input");
  // Another sample size than the model's.
  const auto other = labelled_dataset(dir, "other", 8, 24);
  expect_one_line_error(
      run_condnet("evaluate " + r.run.string() + " " + other.string() + " --split all"),
      "the model");
  // A damaged checkpoint: cut in half.
  const auto best = r.run / "best.safetensors";
  const auto size = std::filesystem::file_size(best);
  std::filesystem::copy_file(best, dir / "cut.safetensors");
  std::filesystem::resize_file(dir / "cut.safetensors", size / 2);
  expect_one_line_error(run_condnet("predict " + (dir / "cut.safetensors").string() + " " +
                                    (dir / "small.npy").string()),
                        "cut.safetensors");
  // A run directory is never overwritten.
  expect_one_line_error(run_condnet("train --data " + r.data.string() + " -o " + r.run.string()),
                        "--resume");
  // Unlabelled data.
  const auto unlabelled = dir / "unlabelled.h5";
  ASSERT_EQ(run_condnet("generate --family gaussian-field --size 16 --count 8 --quiet -o " +
                        unlabelled.string())
                .exit_code,
            0);
  expect_one_line_error(
      run_condnet("train --data " + unlabelled.string() + " -o " + (dir / "new").string()),
      "condnet label");
  EXPECT_FALSE(std::filesystem::exists(dir / "new" / "run.json"));
}

// `train --resume` of a run that finished says so instead of reporting a throughput of nothing,
// and leaves its checkpoints as they were.
TEST(Train, ResumingAFinishedRunSaysSoAndTrainsNothing) {
  const auto r = trained_run("train_resume_finished");
  const auto read = [](const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const auto best = read(r.run / "best.safetensors"), last = read(r.run / "last.safetensors");
  const auto resumed = run_condnet("train --resume " + r.run.string() + " --quiet");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("finished already after 2 epochs"), std::string::npos)
      << resumed.output;
  EXPECT_EQ(resumed.output.find("samples/s"), std::string::npos) << resumed.output;
  EXPECT_EQ(read(r.run / "best.safetensors"), best);
  EXPECT_EQ(read(r.run / "last.safetensors"), last);
}

}  // namespace
}  // namespace condnet::test
