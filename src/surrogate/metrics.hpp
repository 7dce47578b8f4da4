#pragma once
// Regression metrics of predicted against true values (D_eff, tau), overall and per group
// (family, axis, ...), for evaluation reports.
//
// Pairs where either value is not finite are skipped and counted in `skipped`; every other
// metric is over the remaining `count` pairs:
//   r2        = 1 - SS_res / SS_tot, SS_res = sum (t - p)^2, SS_tot = sum (t - mean t)^2;
//               NaN when count < 2 or SS_tot = 0;
//   mape      = 100 / m * sum |t - p| / |t| in percent, over the m = mape_count pairs with
//               |t| >= the threshold and t != 0 (small true values would dominate it);
//               NaN when m = 0;
//   rmse      = sqrt(SS_res / count); NaN when count = 0;
//   max_error = max |t - p|; NaN when count = 0.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace condnet::surrogate {

struct RegressionMetrics {
  std::int64_t count = 0;       // finite pairs
  std::int64_t mape_count = 0;  // of those, pairs with |true| >= the MAPE threshold
  std::int64_t skipped = 0;     // pairs with a non-finite value
  double r2 = 0;
  double mape = 0;  // percent
  double rmse = 0;
  double max_error = 0;
};

// truth, predicted: the same length (asserted); mape_threshold >= 0.
RegressionMetrics regression_metrics(std::span<const double> truth,
                                     std::span<const double> predicted, double mape_threshold);

// Collects (group, true, predicted) triples; metrics per group and over all of them.
class MetricsAccumulator {
 public:
  explicit MetricsAccumulator(double mape_threshold);

  void add(std::string_view group, double truth, double predicted);

  RegressionMetrics overall() const;
  // Keyed by group, in ascending order of the group names.
  std::map<std::string, RegressionMetrics> per_group() const;

 private:
  struct Pairs {
    std::vector<double> truth;
    std::vector<double> predicted;
  };
  double mape_threshold_;
  std::map<std::string, Pairs, std::less<>> groups_;
  Pairs all_;
};

// {"r2", "mape", "rmse", "max_error", "count", "mape_count", "skipped"}, null for NaN.
nlohmann::json to_json(const RegressionMetrics& metrics);

}  // namespace condnet::surrogate
