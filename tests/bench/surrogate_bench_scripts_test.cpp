// bench/surrogate_real.sh and bench/surrogate_speed.sh, run small: the real-structure table
// from solver-labelled crops of Berea sandstone (skipped without the shared data), rerun on the
// crops it kept; and the speed table, every row's rates and ratios consistent.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "test_paths.hpp"

namespace condnet::test {
namespace {

std::string script(const std::string& name) {
  return (repository_root() / "bench" / name).string();
}

std::string build_dir() { return std::filesystem::path(CONDNET_BINARY).parent_path().string(); }

nlohmann::json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  return nlohmann::json::parse(in);
}

TEST(SurrogateRealBench, SkipsWithoutTheReferenceVolumes) {
  const auto dir = scratch_dir("surrogate_real_skip");
  const auto result =
      run_shell(script("surrogate_real.sh") + " --data " + (dir / "absent").string() + " --out " +
                (dir / "out").string() + " --build " + build_dir());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_NE(result.output.find("skipped"), std::string::npos) << result.output;
  EXPECT_FALSE(std::filesystem::exists(dir / "out")) << "nothing is written when it skips";
}

TEST(SurrogateRealBench, RefusesACropSizeOtherThanTheModels) {
  const auto dir = scratch_dir("surrogate_real_size");
  const auto result = run_shell(script("surrogate_real.sh") + " --size 64 --data " + dir.string() +
                                " --out " + (dir / "out").string() + " --build " + build_dir());
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_NE(result.output.find("--size 64"), std::string::npos) << result.output;
}

TEST(SurrogateRealBench, BereaCropsGiveOneRowAndARerunReusesThem) {
  const auto berea = shared_data("berea-200.tif");
  if (!std::filesystem::exists(berea)) GTEST_SKIP() << "shared data absent: " << berea;
  const auto dir = scratch_dir("surrogate_real_berea");
  // 48^3 crops at stride 152 of 200^3: corners 0 and 152 along each axis, 8 crops.
  const std::string command = script("surrogate_real.sh") + " --only berea-200 --stride 152 " +
                              "--data " + berea.parent_path().string() + " --out " + dir.string() +
                              " --build " + build_dir();
  for (const bool rerun : {false, true}) {
    const auto result = run_shell(command);
    ASSERT_EQ(result.exit_code, 0) << result.output;
    const auto table = read_json(dir / "surrogate-real-fast-48-48-fp32.json");
    ASSERT_EQ(table["rows"].size(), 1u) << table.dump(2);
    const auto& row = table["rows"][0];
    EXPECT_EQ(row["volume"], "berea-200");
    EXPECT_EQ(row["phase"], "1");
    EXPECT_EQ(row["crops"], 8);
    EXPECT_EQ(row["crop_seconds"] == "reused", rerun) << row.dump(2);
    // The table's own figures against the evaluation they came from.
    const auto evaluation = read_json(row["evaluation"].get<std::string>());
    int non_percolating = 0, mape_axes = 0;
    double max_closed = 0;
    for (const auto& point : evaluation["parity"]) {
      const double truth = point["d_eff_true"], predicted = point["d_eff_pred"];
      if (truth == 0) {
        ++non_percolating;
        max_closed = std::max(max_closed, predicted);
      }
      if (truth >= 0.05) ++mape_axes;
    }
    EXPECT_EQ(row["non_percolating_axes"], non_percolating);
    EXPECT_EQ(row["mape_axes"], mape_axes);
    if (non_percolating > 0)
      EXPECT_DOUBLE_EQ(row["max_pred_non_percolating"].get<double>(), max_closed);
    // No made-up numbers: without intervals in the evaluation there is no coverage.
    if (!row["uncertainty_in_evaluation"].get<bool>()) {
      EXPECT_TRUE(row["coverage"].is_null()) << row.dump(2);
      EXPECT_NE(result.output.find("n/a"), std::string::npos) << result.output;
    }
  }
}

// The interval and hand-over columns read what `condnet evaluate --fallback solve` writes for an
// ensemble (surrogate/evaluation.hpp): a hand-written evaluation of two samples x 3 axes.
TEST(SurrogateRealBench, ReadsIntervalsAndSolverHandOversWhenTheEvaluationHasThem) {
  const auto dir = scratch_dir("surrogate_real_fields");
  nlohmann::json parity = nlohmann::json::array();
  // sample a: three percolating axes answered by the network, 10% high each
  for (const double truth : {0.2, 0.3, 0.4})
    parity.push_back({{"origin", "c.h5#0"},
                      {"d_eff_true", truth},
                      {"d_eff_pred", 1.1 * truth},
                      {"d_eff_surrogate", 1.1 * truth},
                      {"source", "surrogate"}});
  // sample b: handed to the solver (its answers are the truth); the network said 0.07 on the
  // axis that does not percolate and 0.15 on the others
  for (const double truth : {0.0, 0.1, 0.1})
    parity.push_back({{"origin", "c.h5#1"},
                      {"d_eff_true", truth},
                      {"d_eff_pred", truth == 0 ? 0.07 : truth},
                      {"d_eff_surrogate", truth == 0 ? 0.07 : 0.15},
                      {"source", "solver"}});
  const nlohmann::json evaluation = {{"samples", 2},
                                     {"members", 5},
                                     {"overall",
                                      {{"d_eff", {{"r2", 0.9}, {"mape", 12.5}, {"mape_count", 5}}},
                                       {"coverage", {{"fraction", 5.0 / 6.0}, {"axes", 6}}}}},
                                     {"parity", parity},
                                     {"throughput", {{"samples_per_second", 100.0}}}};
  std::ofstream(dir / "evaluation.json") << evaluation.dump();
  const auto result = run_shell("/usr/bin/python3 -B " + script("surrogate_real_table.py") +
                                " --out " + (dir / "table").string() + " --title t 'v|1|" +
                                (dir / "evaluation.json").string() + "|1.0|2.0|3.0'");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto row = read_json(dir / "table.json")["rows"][0];
  EXPECT_DOUBLE_EQ(row["coverage"].get<double>(), 5.0 / 6.0) << row.dump(2);
  EXPECT_EQ(row["ood_handed_to_solver"], 1);
  EXPECT_EQ(row["non_percolating_axes"], 1);
  EXPECT_DOUBLE_EQ(row["max_pred_non_percolating"].get<double>(), 0.07);
  // (10 + 10 + 10 + 50 + 50) / 5 axes with D_eff >= 0.05
  EXPECT_NEAR(row["surrogate_mape_percent"].get<double>(), 26.0, 1e-9) << row.dump(2);
  EXPECT_EQ(row["targets"], "fails MAPE,zero,cover");
  EXPECT_TRUE(row["uncertainty_in_evaluation"].get<bool>());
}

TEST(SurrogateSpeedBench, EveryRowHasBothRatesAndTheirRatio) {
  if (std::getenv("ASAN_OPTIONS")) GTEST_SKIP() << "sanitizer build: a speed benchmark";
  const auto dir = scratch_dir("surrogate_speed");
  const auto result = run_shell(script("surrogate_speed.sh") + " --count 6 --repeat 3 --out " +
                                dir.string() + " --build " + build_dir());
  ASSERT_EQ(result.exit_code, 0) << result.output;
  const auto table = read_json(dir / "surrogate-speed.json");
  // 2 precisions x (2 shipped single networks at 48^3, 3 one-step architectures at 64^3), and
  // the shipped ensemble at 48^3
  const bool ensemble =
      std::filesystem::exists(repository_root() / "models/pretrained/ensemble-48");
  ASSERT_EQ(table["rows"].size(), ensemble ? 12u : 10u) << table.dump(2);
  int untrained = 0;
  for (const auto& row : table["rows"]) {
    const double solver = row["solver_per_second"], surrogate = row["surrogate_per_second"];
    EXPECT_GT(solver, 0) << row.dump(2);
    EXPECT_GT(surrogate, 0) << row.dump(2);
    EXPECT_DOUBLE_EQ(row["ratio"].get<double>(), surrogate / solver);
    EXPECT_GT(row["solver_per_cpu_second"].get<double>(), 0) << row.dump(2);
    if (!row["surrogate_per_cpu_second"].is_null())
      EXPECT_DOUBLE_EQ(row["ratio_per_cpu"].get<double>(),
                       row["surrogate_per_cpu_second"].get<double>() /
                           row["solver_per_cpu_second"].get<double>());
    EXPECT_EQ(row["untrained"].get<bool>(), row["size"] == 64) << row.dump(2);
    untrained += row["untrained"].get<bool>();
  }
  EXPECT_EQ(untrained, 6);
}

}  // namespace
}  // namespace condnet::test
