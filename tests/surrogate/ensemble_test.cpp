// condnet ensemble, and predict and evaluate on an ensemble: three small runs (other seeds) made
// one calibrated ensemble; its answers carry ordered intervals, evaluate reports their coverage,
// inputs unlike the training data are flagged, `--fallback solve` answers as `condnet solve`
// does, and bad requests end in one line.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "surrogate/surrogate_fixture.hpp"
#include "voxel/volume_io.hpp"

namespace condnet::test {
namespace {

struct Ensemble {
  std::filesystem::path dir, data, ensemble;
  std::vector<std::filesystem::path> runs;
};

// scratch_dir(name): 48 Gaussian-field samples of 16^3; three runs of the small model, seeds 1,
// 2, 3, made one ensemble. Each test has its own (CTest runs them in parallel processes).
Ensemble small_ensemble(const std::string& name) {
  Ensemble e;
  {
    e.dir = scratch_dir(name);
    e.data = labelled_dataset(e.dir, "data", 48);
    const auto model = small_model(e.dir, "small", true);
    std::string runs;
    for (int seed = 1; seed <= 3; ++seed) {
      e.runs.push_back(e.dir / ("run-" + std::to_string(seed)));
      const auto trained = run_condnet("train --quiet --data " + e.data.string() + " --model " +
                                       model.string() + " --batch 8 --epochs 3 --seed " +
                                       std::to_string(seed) + " -o " + e.runs.back().string());
      EXPECT_EQ(trained.exit_code, 0) << trained.output;
      runs += " " + e.runs.back().string();
    }
    e.ensemble = e.dir / "ens";
    const auto built = run_condnet("ensemble" + runs + " -o " + e.ensemble.string());
    EXPECT_EQ(built.exit_code, 0) << built.output;
    EXPECT_NE(built.output.find("3 members"), std::string::npos) << built.output;
  }
  return e;
}

TEST(Ensemble, AnswersCarryOrderedIntervalsAndEvaluateReportsCoverage) {
  const auto e = small_ensemble("ensemble_answers");
  const auto manifest = nlohmann::json::parse(std::ifstream(e.ensemble / "ensemble.json"));
  EXPECT_EQ(manifest["members"].size(), 3u);
  EXPECT_GT(manifest["calibration"]["scale"].get<double>(), 0.0);
  EXPECT_TRUE(manifest["domain"]["ranges"].contains("correlation_length"));
  for (int k = 0; k < 3; ++k)
    EXPECT_TRUE(
        std::filesystem::exists(e.ensemble / ("member-" + std::to_string(k)) / "best.safetensors"));

  const auto evaluated =
      run_condnet("evaluate --json " + e.ensemble.string() + " " + e.data.string() +
                  " --split all --parity " + (e.dir / "ensemble-parity.csv").string());
  ASSERT_EQ(evaluated.exit_code, 0) << evaluated.output;
  const auto report = parse_json(evaluated.output);
  EXPECT_EQ(report["members"], 3);
  const auto& coverage = report["overall"]["coverage"];
  ASSERT_FALSE(coverage.is_null());
  EXPECT_GT(coverage["axes"].get<int>(), 100);
  EXPECT_GE(coverage["fraction"].get<double>(), 0.0);
  EXPECT_LE(coverage["fraction"].get<double>(), 1.0);
  int covered = 0, axes = 0;
  for (const auto& p : report["parity"]) {
    const double lo = p["d_eff_lo"], hi = p["d_eff_hi"], mean = p["d_eff_pred"];
    EXPECT_LE(lo, mean);
    EXPECT_LE(mean, hi);
    EXPECT_GE(lo, 0.0);
    EXPECT_LE(hi, p["bound"].get<double>() + 1e-12);
    EXPECT_GE(p["d_eff_std"].get<double>(), 0.0);
    if (p["bound"].get<double>() > 0 && p["source"] == "surrogate") {
      ++axes;
      covered += lo <= p["d_eff_true"].get<double>() && p["d_eff_true"].get<double>() <= hi;
    }
  }
  EXPECT_EQ(axes, coverage["axes"].get<int>());
  EXPECT_NEAR(coverage["fraction"].get<double>(), static_cast<double>(covered) / axes, 1e-12);

  // A single network answers without an interval, and says how to get one.
  const auto single = run_condnet("evaluate --json " + e.runs[0].string() + " " + e.data.string() +
                                  " --split all --parity " + (e.dir / "p.csv").string());
  ASSERT_EQ(single.exit_code, 0) << single.output;
  EXPECT_TRUE(parse_json(single.output)["overall"]["coverage"].is_null());
}

// 16^3 inputs unlike Gaussian fields of porosity 0.3..0.8: columns of a 2D checkerboard along z
// (porosity 0.5, but correlated along z only), and one straight 3x3 channel along x in solid
// (porosity 0.035). Both are flagged; with --fallback solve their flagged axes are the solver's.
TEST(Ensemble, ForeignInputsAreFlaggedAndTheFallbackIsTheSolver) {
  const auto e = small_ensemble("ensemble_foreign");
  voxel::Volume columns({16, 16, 16}), channel({16, 16, 16});
  for (std::int64_t x = 0; x < 16; ++x)
    for (std::int64_t y = 0; y < 16; ++y)
      for (std::int64_t z = 0; z < 16; ++z) {
        columns(x, y, z) = ((x / 2) + (y / 2)) % 2;
        channel(x, y, z) = y >= 6 && y < 9 && z >= 6 && z < 9;
      }
  for (const auto& [name, volume] :
       {std::pair{std::string("columns"), columns}, std::pair{std::string("channel"), channel}}) {
    const auto file = e.dir / (name + ".npy");
    voxel::write_volume(volume, file.string());
    const auto flagged = run_condnet("predict " + e.ensemble.string() + " " + file.string());
    ASSERT_EQ(flagged.exit_code, 0) << flagged.output;
    EXPECT_NE(flagged.output.find("the surrogate may be far off"), std::string::npos)
        << name << flagged.output;
    EXPECT_NE(flagged.output.find("--fallback solve"), std::string::npos) << flagged.output;

    const auto solved =
        run_condnet("predict --json --fallback solve " + e.ensemble.string() + " " + file.string());
    ASSERT_EQ(solved.exit_code, 0) << solved.output;
    const auto result = parse_json(solved.output)["results"][0];
    int from_solver = 0;
    for (int axis = 0; axis < 3; ++axis) {
      if (result["source"][axis] != "solver") continue;
      ++from_solver;
      const auto exact = run_condnet("solve --json " + file.string() + " --phase 1 --axis " +
                                     std::string(1, "xyz"[axis]));
      ASSERT_EQ(exact.exit_code, 0) << exact.output;
      EXPECT_EQ(result["d_eff"][axis].get<double>(),
                parse_json(exact.output)["axes"][0]["d_eff"].get<double>())
          << name << " axis " << axis;
    }
    EXPECT_GE(from_solver, 1) << name << solved.output;
  }
}

// Without a model, predict answers with the recommended shipped ensemble: five networks, an
// interval per percolating axis, exact zeros elsewhere.
TEST(Ensemble, PredictWithoutAModelUsesTheShippedEnsemble) {
  const auto dir = scratch_dir("ensemble_shipped");
  const auto volume = dir / "g.npy";
  ASSERT_EQ(run_condnet("generate --family gaussian-field --porosity 0.5 --size 48 --seed 4 -o " +
                        volume.string())
                .exit_code,
            0);
  const auto result = run_condnet("predict --json " + volume.string());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto report = parse_json(result.output);
  EXPECT_EQ(report["members"], 5);
  EXPECT_EQ(report["input_encoding"], "spanning");
  const auto& answer = report["results"][0];
  for (int axis = 0; axis < 3; ++axis) {
    const auto& interval = answer["surrogate"]["d_eff_interval"][axis];
    ASSERT_TRUE(interval.is_array()) << answer.dump(2);
    EXPECT_LE(interval[0].get<double>(), answer["surrogate"]["d_eff"][axis].get<double>());
    EXPECT_GE(interval[1].get<double>(), answer["surrogate"]["d_eff"][axis].get<double>());
  }
  // A volume that is not a model, given first: all inputs are volumes.
  const auto two = run_condnet("predict --json " + volume.string() + " " + volume.string());
  ASSERT_EQ(two.exit_code, 0) << two.output;
  EXPECT_EQ(parse_json(two.output)["results"].size(), 2u);
}

// Checked before any member is read: no training needed.
TEST(Ensemble, BadRequestsAreOneLine) {
  const auto dir = scratch_dir("ensemble_bad_requests");
  const auto expect_error = [](const CommandResult& r, const std::string& mentions) {
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    EXPECT_NE(r.output.find(mentions), std::string::npos) << r.output;
  };
  expect_error(run_condnet("ensemble " + (dir / "a").string() + " -o " + (dir / "one").string()),
               "at least 2 member runs");
  std::filesystem::create_directories(dir / "taken");
  expect_error(run_condnet("ensemble " + (dir / "a").string() + " " + (dir / "b").string() +
                           " -o " + (dir / "taken").string()),
               "exists already");
  expect_error(run_condnet("ensemble " + (dir / "a").string() + " " + (dir / "b").string() +
                           " -o " + (dir / "two").string()),
               "not a run directory");
  EXPECT_FALSE(std::filesystem::exists(dir / "one"));
  EXPECT_FALSE(std::filesystem::exists(dir / "two"));
}

// Held-out calibration: two runs trained without the sphere family make a held-out ensemble;
// its scores on the spheres' train and val samples, recomputed here from `condnet evaluate`'s
// parity points, give the held-out scale, and the intervals use the larger of it and the val
// split's scale.
TEST(Ensemble, HeldOutEnsemblesCalibrateTheIntervalsForAnUnseenFamily) {
  const auto e = small_ensemble("ensemble_held_out");
  const auto spheres = e.dir / "spheres.h5";
  ASSERT_EQ(run_condnet("generate --family overlapping-spheres --porosity 0.4:0.8 --radius 1:2 "
                        "--size 16 --count 40 --seed 7 --quiet -o " +
                        spheres.string())
                .exit_code,
            0);
  ASSERT_EQ(run_condnet("label --quiet " + spheres.string()).exit_code, 0);
  const auto data = " --data " + e.data.string() + " --data " + spheres.string();
  const auto model = small_model(e.dir, "small", true);
  std::string lofo_runs;
  for (int seed = 1; seed <= 2; ++seed) {
    const auto run = e.dir / ("without-spheres-" + std::to_string(seed));
    const auto trained = run_condnet("train --quiet" + data + " --model " + model.string() +
                                     " --exclude-family overlapping-spheres --batch 8 --epochs 2 "
                                     "--seed " +
                                     std::to_string(seed) + " -o " + run.string());
    ASSERT_EQ(trained.exit_code, 0) << trained.output;
    lofo_runs += " " + run.string();
  }
  const auto lofo = e.dir / "lofo";
  ASSERT_EQ(run_condnet("ensemble" + lofo_runs + data + " -o " + lofo.string()).exit_code, 0);

  std::string runs;
  for (const auto& run : e.runs) runs += " " + run.string();
  const auto plain = e.dir / "plain", held = e.dir / "held";
  ASSERT_EQ(run_condnet("ensemble" + runs + data + " -o " + plain.string()).exit_code, 0);
  const auto built = run_condnet("ensemble" + runs + data + " --held-out " + lofo.string() +
                                 " -o " + held.string());
  ASSERT_EQ(built.exit_code, 0) << built.output;
  EXPECT_NE(built.output.find("held-out scale"), std::string::npos) << built.output;

  // The scores of the held-out ensemble on the spheres it never saw, from its own answers.
  std::vector<double> scores;
  for (const char* split : {"train", "val"}) {
    const auto out = e.dir / (std::string("lofo-") + split + ".json");
    const auto evaluated = run_condnet("evaluate " + lofo.string() + " " + spheres.string() +
                                       " --split " + split + " --json-out " + out.string());
    ASSERT_EQ(evaluated.exit_code, 0) << evaluated.output;
    const auto report = nlohmann::json::parse(std::ifstream(out));
    for (const auto& p : report["parity"])
      if (p["bound"].get<double>() > 0)
        scores.push_back(std::fabs(p["d_eff_true"].get<double>() - p["d_eff_pred"].get<double>()) /
                         (p["d_eff_std"].get<double>() + 1e-3));
  }
  ASSERT_GT(scores.size(), 30u);
  std::sort(scores.begin(), scores.end());
  const auto rank = static_cast<std::size_t>(std::ceil((scores.size() + 1) * 0.9));
  const double expected = scores[std::min(rank, scores.size()) - 1];

  const auto plain_calibration =
      nlohmann::json::parse(std::ifstream(plain / "ensemble.json"))["calibration"];
  const auto calibration =
      nlohmann::json::parse(std::ifstream(held / "ensemble.json"))["calibration"];
  EXPECT_FALSE(plain_calibration.contains("held_out"));
  EXPECT_EQ(calibration["val_scale"].get<double>(), plain_calibration["scale"].get<double>());
  const auto& held_out = calibration["held_out"];
  EXPECT_EQ(held_out["families"], nlohmann::json::array({"overlapping-spheres"}));
  EXPECT_EQ(held_out["axes"].get<std::size_t>(), scores.size());
  EXPECT_NEAR(held_out["scale"].get<double>(), expected, 1e-9 * expected);
  EXPECT_EQ(calibration["scale"].get<double>(),
            std::max(calibration["val_scale"].get<double>(), held_out["scale"].get<double>()));

  // The spheres are far from the Gaussian fields: the held-out scale is the one in use.
  EXPECT_GT(held_out["scale"].get<double>(), calibration["val_scale"].get<double>());

  // The intervals use that scale: m +- q (s + s0), clipped to [0, bound].
  const auto out = e.dir / "held-test.json";
  const auto evaluated = run_condnet("evaluate " + held.string() + " " + e.data.string() +
                                     " --split test --json-out " + out.string());
  ASSERT_EQ(evaluated.exit_code, 0) << evaluated.output;
  const double q = calibration["scale"];
  int checked = 0;
  const auto report = nlohmann::json::parse(std::ifstream(out));
  for (const auto& p : report["parity"]) {
    const double mean = p["d_eff_pred"], bound = p["bound"];
    const double half = q * (p["d_eff_std"].get<double>() + 1e-3);
    EXPECT_NEAR(p["d_eff_lo"].get<double>(), std::clamp(mean - half, 0.0, bound), 1e-9);
    EXPECT_NEAR(p["d_eff_hi"].get<double>(), std::clamp(mean + half, 0.0, bound), 1e-9);
    ++checked;
  }
  EXPECT_GT(checked, 0);

  // A held-out ensemble must have left a family out, and must be an ensemble.
  const auto refused = [&](const std::filesystem::path& held_out, const std::string& mentions) {
    const auto r = run_condnet("ensemble" + runs + data + " --held-out " + held_out.string() +
                               " -o " + (e.dir / "refused").string());
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    EXPECT_NE(r.output.find(mentions), std::string::npos) << r.output;
  };
  refused(plain, "left no family out");
  refused(e.runs.front(), "not an ensemble directory");
  EXPECT_FALSE(std::filesystem::exists(e.dir / "refused"));
}

}  // namespace
}  // namespace condnet::test
