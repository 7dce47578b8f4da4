// Regression metrics against a hand-computed case and against numpy, their edge cases (NaN
// where undefined, non-finite pairs skipped), per-group accumulation and the JSON form.
#include "surrogate/metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <sstream>

#include "test_paths.hpp"

namespace condnet::test {
namespace {

using surrogate::MetricsAccumulator;
using surrogate::regression_metrics;
using surrogate::RegressionMetrics;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

TEST(RegressionMetrics, HandComputedCase) {
  // Errors 0.1, -0.1, 0.2, -0.4: SS_res 0.22; mean 2.5, SS_tot 5.
  const std::vector<double> truth = {1, 2, 3, 4}, predicted = {1.1, 1.9, 3.2, 3.6};
  const RegressionMetrics m = regression_metrics(truth, predicted, 1.5);
  EXPECT_EQ(m.count, 4);
  EXPECT_EQ(m.skipped, 0);
  EXPECT_NEAR(m.r2, 1 - 0.22 / 5, 1e-12);
  EXPECT_NEAR(m.rmse, std::sqrt(0.22 / 4), 1e-12);
  EXPECT_NEAR(m.max_error, 0.4, 1e-12);
  // |true| >= 1.5: 2, 3, 4 -> 100 * (0.1/2 + 0.2/3 + 0.4/4) / 3 percent.
  EXPECT_EQ(m.mape_count, 3);
  EXPECT_NEAR(m.mape, 100 * (0.05 + 0.2 / 3 + 0.1) / 3, 1e-10);
}

TEST(RegressionMetrics, UndefinedValuesAreNaN) {
  const RegressionMetrics empty = regression_metrics({}, {}, 0.1);
  EXPECT_EQ(empty.count, 0);
  EXPECT_TRUE(std::isnan(empty.r2) && std::isnan(empty.mape) && std::isnan(empty.rmse) &&
              std::isnan(empty.max_error));
  const std::vector<double> one = {0.5}, one_predicted = {0.7};
  const RegressionMetrics single = regression_metrics(one, one_predicted, 0.1);
  EXPECT_TRUE(std::isnan(single.r2));
  EXPECT_NEAR(single.rmse, 0.2, 1e-12);
  EXPECT_NEAR(single.mape, 40, 1e-10);
  const std::vector<double> constant = {0.3, 0.3, 0.3}, guesses = {0.2, 0.3, 0.4};
  EXPECT_TRUE(std::isnan(regression_metrics(constant, guesses, 0.1).r2));
  // No true value reaches the threshold: MAPE undefined, nothing counted.
  const RegressionMetrics small = regression_metrics(constant, guesses, 0.5);
  EXPECT_EQ(small.mape_count, 0);
  EXPECT_TRUE(std::isnan(small.mape));
  // A true 0 never enters MAPE, even with threshold 0.
  const std::vector<double> with_zero = {0, 1}, zero_predicted = {0.1, 1.5};
  const RegressionMetrics zero = regression_metrics(with_zero, zero_predicted, 0);
  EXPECT_EQ(zero.mape_count, 1);
  EXPECT_NEAR(zero.mape, 50, 1e-10);
}

TEST(RegressionMetrics, NonFinitePairsAreSkipped) {
  const std::vector<double> truth = {1, kNaN, 2, 3, kInf, 4}, predicted = {1.1, 1, kNaN, 3, 1, 4};
  const RegressionMetrics m = regression_metrics(truth, predicted, 0);
  const std::vector<double> kept_truth = {1, 3, 4}, kept_predicted = {1.1, 3, 4};
  const RegressionMetrics kept = regression_metrics(kept_truth, kept_predicted, 0);
  EXPECT_EQ(m.skipped, 3);
  EXPECT_EQ(m.count, 3);
  EXPECT_DOUBLE_EQ(m.r2, kept.r2);
  EXPECT_DOUBLE_EQ(m.mape, kept.mape);
  EXPECT_DOUBLE_EQ(m.rmse, kept.rmse);
  EXPECT_DOUBLE_EQ(m.max_error, kept.max_error);
  const std::vector<double> all_bad = {kNaN, kInf};
  const RegressionMetrics none = regression_metrics(all_bad, all_bad, 0);
  EXPECT_EQ(none.count, 0);
  EXPECT_EQ(none.skipped, 2);
  EXPECT_TRUE(std::isnan(none.rmse));
}

TEST(RegressionMetrics, MatchesNumpy) {
  if (run_shell("/usr/bin/python3 -c 'import numpy'").exit_code != 0)
    GTEST_SKIP() << "python3 with numpy not found";
  std::mt19937 generator(9);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::normal_distribution<double> noise(0.0, 0.05);
  std::vector<double> truth, predicted;
  for (int i = 0; i < 500; ++i) {
    truth.push_back(uniform(generator));
    predicted.push_back(truth.back() + noise(generator));
  }
  truth[10] = kNaN;
  predicted[20] = kInf;
  predicted[30] = -kInf;
  const auto dir = scratch_dir("metrics_numpy");
  {
    std::ofstream file(dir / "pairs.txt");
    file.precision(17);
    for (std::size_t i = 0; i < truth.size(); ++i) file << truth[i] << " " << predicted[i] << "\n";
  }
  const auto script = dir / "metrics.py";
  std::ofstream(script) << R"(import sys, numpy as np
d = np.loadtxt(sys.argv[1]); t, p = d[:, 0], d[:, 1]
ok = np.isfinite(t) & np.isfinite(p); t, p = t[ok], p[ok]
m = np.abs(t) >= 0.1
r2 = 1 - np.sum((t - p) ** 2) / np.sum((t - t.mean()) ** 2)
mape = 100 * np.mean(np.abs(t[m] - p[m]) / np.abs(t[m]))
rmse = np.sqrt(np.mean((t - p) ** 2))
print(repr(r2), repr(mape), repr(rmse), repr(np.max(np.abs(t - p))), ok.sum(), m.sum(), (~ok).sum())
)";
  const auto result = run_shell("/usr/bin/python3 '" + script.string() + "' '" +
                                (dir / "pairs.txt").string() + "'");
  ASSERT_EQ(result.exit_code, 0) << result.output;
  std::istringstream numbers(result.output);
  double r2, mape, rmse, max_error;
  std::int64_t count, mape_count, skipped;
  numbers >> r2 >> mape >> rmse >> max_error >> count >> mape_count >> skipped;
  ASSERT_FALSE(numbers.fail()) << result.output;
  const RegressionMetrics m = regression_metrics(truth, predicted, 0.1);
  EXPECT_NEAR(m.r2, r2, 1e-12);
  EXPECT_NEAR(m.mape, mape, 1e-10 * mape);
  EXPECT_NEAR(m.rmse, rmse, 1e-12 * rmse);
  EXPECT_DOUBLE_EQ(m.max_error, max_error);
  EXPECT_EQ(m.count, count);
  EXPECT_EQ(m.mape_count, mape_count);
  EXPECT_EQ(m.skipped, skipped);
  EXPECT_EQ(m.skipped, 3);
}

TEST(MetricsAccumulator, GroupsAndOverallEqualDirectComputation) {
  MetricsAccumulator accumulator(0.05);
  std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> by_group;
  std::vector<double> all_truth, all_predicted;
  std::mt19937 generator(2);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const char* names[] = {"z-fibres", "blobs", "spheres"};
  for (int i = 0; i < 300; ++i) {
    const std::string group = names[i % 3];
    const double t = uniform(generator), p = t * (0.9 + 0.2 * uniform(generator));
    accumulator.add(group, t, i == 7 ? kNaN : p);
    by_group[group].first.push_back(t);
    by_group[group].second.push_back(i == 7 ? kNaN : p);
    all_truth.push_back(t);
    all_predicted.push_back(i == 7 ? kNaN : p);
  }
  const auto groups = accumulator.per_group();
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups.begin()->first, "blobs");
  for (const auto& [name, pairs] : by_group) {
    const RegressionMetrics expected = regression_metrics(pairs.first, pairs.second, 0.05);
    EXPECT_EQ(surrogate::to_json(groups.at(name)), surrogate::to_json(expected)) << name;
  }
  EXPECT_EQ(surrogate::to_json(accumulator.overall()),
            surrogate::to_json(regression_metrics(all_truth, all_predicted, 0.05)));
  EXPECT_EQ(accumulator.overall().count, 299);
  EXPECT_EQ(groups.at("blobs").skipped, 1);  // i = 7 is in group 7 % 3 = 1
}

TEST(RegressionMetrics, JsonHasEveryFieldAndNullForNaN) {
  const std::vector<double> one = {0.5}, one_predicted = {0.7};
  const auto json = surrogate::to_json(regression_metrics(one, one_predicted, 1.0));
  EXPECT_EQ(json.size(), 7u);
  EXPECT_TRUE(json.at("r2").is_null());
  EXPECT_TRUE(json.at("mape").is_null());
  EXPECT_NEAR(json.at("rmse").get<double>(), 0.2, 1e-12);
  EXPECT_NEAR(json.at("max_error").get<double>(), 0.2, 1e-12);
  EXPECT_EQ(json.at("count"), 1);
  EXPECT_EQ(json.at("mape_count"), 0);
  EXPECT_EQ(json.at("skipped"), 0);
}

}  // namespace
}  // namespace condnet::test
