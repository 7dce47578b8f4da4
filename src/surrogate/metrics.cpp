// Regression metrics (R^2, MAPE, RMSE, max error) and their per-group accumulator.
#include "surrogate/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "core/json_number.hpp"

namespace condnet::surrogate {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

RegressionMetrics regression_metrics(std::span<const double> truth,
                                     std::span<const double> predicted, double mape_threshold) {
  CONDNET_ASSERT(truth.size() == predicted.size());
  CONDNET_ASSERT(mape_threshold >= 0);
  RegressionMetrics m;
  double sum_truth = 0, ss_res = 0, sum_relative = 0, max_error = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    if (!std::isfinite(truth[i]) || !std::isfinite(predicted[i])) {
      ++m.skipped;
      continue;
    }
    const double error = std::abs(truth[i] - predicted[i]);
    ++m.count;
    sum_truth += truth[i];
    ss_res += error * error;
    max_error = std::max(max_error, error);
    if (std::abs(truth[i]) >= mape_threshold && truth[i] != 0) {
      ++m.mape_count;
      sum_relative += error / std::abs(truth[i]);
    }
  }
  // SS_tot in a second pass about the mean, not from sum t^2 - n mean^2 (cancellation).
  const double mean = m.count > 0 ? sum_truth / static_cast<double>(m.count) : 0;
  double ss_tot = 0;
  for (std::size_t i = 0; i < truth.size(); ++i)
    if (std::isfinite(truth[i]) && std::isfinite(predicted[i]))
      ss_tot += (truth[i] - mean) * (truth[i] - mean);
  m.r2 = m.count >= 2 && ss_tot > 0 ? 1 - ss_res / ss_tot : kNaN;
  m.mape = m.mape_count > 0 ? 100 * sum_relative / static_cast<double>(m.mape_count) : kNaN;
  m.rmse = m.count > 0 ? std::sqrt(ss_res / static_cast<double>(m.count)) : kNaN;
  m.max_error = m.count > 0 ? max_error : kNaN;
  return m;
}

MetricsAccumulator::MetricsAccumulator(double mape_threshold) : mape_threshold_(mape_threshold) {
  CONDNET_ASSERT(mape_threshold >= 0);
}

void MetricsAccumulator::add(std::string_view group, double truth, double predicted) {
  auto found = groups_.find(group);
  if (found == groups_.end()) found = groups_.emplace(std::string(group), Pairs{}).first;
  for (Pairs* pairs : {&found->second, &all_}) {
    pairs->truth.push_back(truth);
    pairs->predicted.push_back(predicted);
  }
}

RegressionMetrics MetricsAccumulator::overall() const {
  return regression_metrics(all_.truth, all_.predicted, mape_threshold_);
}

std::map<std::string, RegressionMetrics> MetricsAccumulator::per_group() const {
  std::map<std::string, RegressionMetrics> result;
  for (const auto& [group, pairs] : groups_)
    result.emplace(group, regression_metrics(pairs.truth, pairs.predicted, mape_threshold_));
  return result;
}

nlohmann::json to_json(const RegressionMetrics& metrics) {
  return {{"r2", finite_or_null(metrics.r2)},
          {"mape", finite_or_null(metrics.mape)},
          {"rmse", finite_or_null(metrics.rmse)},
          {"max_error", finite_or_null(metrics.max_error)},
          {"count", metrics.count},
          {"mape_count", metrics.mape_count},
          {"skipped", metrics.skipped}};
}

}  // namespace condnet::surrogate
