#include "surrogate/evaluation.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <map>

#include "core/json_number.hpp"
#include "core/stopwatch.hpp"
#include "surrogate/conductivity_head.hpp"
#include "surrogate/input_domain.hpp"
#include "surrogate/metrics.hpp"
#include "voxel/shape.hpp"

namespace condnet::surrogate {

namespace {

double tau_of(double eps, double d_eff) {
  return d_eff > 0 ? eps / d_eff : std::numeric_limits<double>::infinity();
}

// {group: {"d_eff": metrics, "tau": metrics}} of the points grouped by `key`.
struct Coverage {
  std::int64_t covered = 0, axes = 0;
};

template <typename Key>
nlohmann::json grouped(const Evaluation& evaluation, Key key) {
  MetricsAccumulator d_eff(kMapeThreshold), tau(0);
  std::map<std::string, Coverage> coverage;
  for (const auto& p : evaluation.points) {
    const std::string group = key(p);
    if (p.estimate.lo && p.bound > 0 && !p.solver) {
      ++coverage[group].axes;
      coverage[group].covered += p.estimate.covers(p.d_eff_true);
    }
    d_eff.add(group, p.d_eff_true, p.d_eff_pred);
    // tau's MAPE over the same axes as D_eff's: those with D_eff >= the threshold.
    if (p.d_eff_true >= kMapeThreshold || !std::isfinite(p.tau_true))
      tau.add(group, p.tau_true, p.tau_pred);
  }
  nlohmann::json out = nlohmann::json::object();
  const auto d_groups = d_eff.per_group();
  const auto t_groups = tau.per_group();
  for (const auto& [group, metrics] : d_groups) {
    out[group]["d_eff"] = to_json(metrics);
    const auto t = t_groups.find(group);
    out[group]["tau"] = t == t_groups.end() ? nlohmann::json(nullptr) : to_json(t->second);
    const auto c = coverage.find(group);
    out[group]["coverage"] =
        c == coverage.end() ? nlohmann::json(nullptr)
                            : nlohmann::json{{"fraction", static_cast<double>(c->second.covered) /
                                                              static_cast<double>(c->second.axes)},
                                             {"axes", c->second.axes}};
  }
  return out;
}

}  // namespace

Evaluation evaluate_samples(EnsemblePredictor& predictor, const SurrogateModel& model,
                            const data::SampleSet& set, bool fallback) {
  const auto start = std::chrono::steady_clock::now();
  const auto predictions = predict_samples(predictor, set, model.domain.has_value());
  Evaluation out;
  out.seconds = seconds_since(start);
  out.samples = set.size();
  out.members = predictions.members;
  if (model.calibration) out.interval_coverage = model.calibration->coverage;
  for (std::int64_t i = 0; i < set.size(); ++i) {
    std::string outside;
    if (model.domain) {
      const auto phrases = model.domain->outside(predictions.statistics[i]);
      if (!phrases.empty())
        outside = fmt::format("unlike the training data: {}", fmt::join(phrases, ", "));
    }
    for (int a = 0; a < 3; ++a) {
      ParityPoint p;
      p.origin = set.origin[i];
      p.family = set.family[i];
      p.axis = a;
      p.eps = set.eps[i];
      p.d_eff_true = set.d_eff[i][a];
      p.bound = predictions.bounds[i][a];
      p.estimate = estimate(predictions.of(i, a), p.bound, model.calibration);
      p.d_eff_pred = p.estimate.mean;
      p.d_eff_std = p.estimate.std;
      if (model.domain && p.bound > 0)
        p.handover = model.domain->handover(outside, relative_spread(predictions.of(i, a)));
      if (!p.handover.empty()) {
        ++out.handed_over;
        if (fallback) {
          p.solver = true;
          p.d_eff_pred = p.d_eff_true;
        }
      }
      p.tau_true = tau_of(p.eps, p.d_eff_true);
      p.tau_pred = tau_of(p.eps, p.d_eff_pred);
      out.points.push_back(p);
    }
  }
  return out;
}

nlohmann::json to_json(const Evaluation& evaluation) {
  nlohmann::json parity = nlohmann::json::array();
  for (const auto& p : evaluation.points)
    parity.push_back(
        {{"origin", p.origin},
         {"family", p.family},
         {"axis", std::string(1, voxel::kAxisNames[p.axis])},
         {"eps", p.eps},
         {"bound", p.bound},
         {"d_eff_true", p.d_eff_true},
         {"d_eff_pred", p.d_eff_pred},
         {"d_eff_surrogate", p.estimate.mean},
         {"d_eff_std", evaluation.members > 1 ? nlohmann::json(p.d_eff_std) : nullptr},
         {"d_eff_lo", p.estimate.lo ? nlohmann::json(*p.estimate.lo) : nullptr},
         {"d_eff_hi", p.estimate.hi ? nlohmann::json(*p.estimate.hi) : nullptr},
         {"handover", p.handover.empty() ? nlohmann::json(nullptr) : nlohmann::json(p.handover)},
         {"source", p.solver ? "solver" : "surrogate"},
         {"tau_true", finite_or_null(p.tau_true)},
         {"tau_pred", finite_or_null(p.tau_pred)}});
  return {{"samples", evaluation.samples},
          {"members", evaluation.members},
          {"handed_over", evaluation.handed_over},
          {"interval_coverage",
           evaluation.interval_coverage ? nlohmann::json(*evaluation.interval_coverage) : nullptr},
          {"mape_threshold_d_eff", kMapeThreshold},
          {"overall",
           grouped(evaluation, [](const ParityPoint&) { return std::string("all"); })["all"]},
          {"per_family", grouped(evaluation, [](const ParityPoint& p) { return p.family; })},
          {"per_axis",
           grouped(evaluation,
                   [](const ParityPoint& p) { return std::string(1, voxel::kAxisNames[p.axis]); })},
          {"parity", parity},
          {"throughput",
           {{"seconds", evaluation.seconds},
            {"samples_per_second",
             evaluation.seconds > 0 ? static_cast<double>(evaluation.samples) / evaluation.seconds
                                    : 0.0}}}};
}

std::string parity_csv(const Evaluation& evaluation) {
  std::string out =
      "origin,family,axis,eps,d_eff_true,d_eff_pred,tau_true,tau_pred,d_eff_std,d_eff_lo,"
      "d_eff_hi\n";
  const auto optional = [](const std::optional<double>& v) {
    return v ? fmt::format("{:.8g}", *v) : std::string();
  };
  for (const auto& p : evaluation.points)
    out += fmt::format("{},{},{},{:.6g},{:.8g},{:.8g},{:.8g},{:.8g},{:.8g},{},{}\n", p.origin,
                       p.family, voxel::kAxisNames[p.axis], p.eps, p.d_eff_true, p.d_eff_pred,
                       p.tau_true, p.tau_pred, p.d_eff_std, optional(p.estimate.lo),
                       optional(p.estimate.hi));
  return out;
}

}  // namespace condnet::surrogate
