#include "surrogate/interval.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.hpp"

namespace condnet::surrogate {

namespace {

struct MeanStd {
  double mean = 0, std = 0;
};

MeanStd mean_std(std::span<const double> values) {
  CONDNET_ASSERT(!values.empty());
  const auto k = static_cast<double>(values.size());
  MeanStd out;
  out.mean = std::accumulate(values.begin(), values.end(), 0.0) / k;
  if (values.size() < 2) return out;
  double squares = 0;
  for (const double v : values) squares += (v - out.mean) * (v - out.mean);
  out.std = std::sqrt(squares / (k - 1));
  return out;
}

}  // namespace

nlohmann::json Calibration::to_json() const {
  nlohmann::json out{
      {"method", "split-conformal"},  {"coverage", coverage}, {"scale", scale()},
      {"spread_floor", kSpreadFloor}, {"axes", axes},         {"val_scale", val_scale}};
  if (held_out)
    out["held_out"] = {
        {"scale", held_out->scale}, {"axes", held_out->axes}, {"families", held_out->families}};
  return out;
}

Calibration Calibration::from_json(const nlohmann::json& json, const std::string& where) {
  Calibration out;
  double scale = 0;
  try {
    out.coverage = json.at("coverage").get<double>();
    scale = json.at("scale").get<double>();
    out.axes = json.at("axes").get<std::int64_t>();
    // Ensembles made before held-out calibration have the val split's scale only.
    out.val_scale = json.value("val_scale", scale);
    if (json.contains("held_out")) {
      const auto& h = json.at("held_out");
      out.held_out = HeldOutScale{h.at("scale").get<double>(), h.at("axes").get<std::int64_t>(),
                                  h.at("families").get<std::vector<std::string>>()};
    }
  } catch (const nlohmann::json::exception&) {
    fail(
        "{}: calibration needs numbers coverage, scale and axes (held_out: scale, axes and "
        "families)",
        where);
  }
  if (out.held_out &&
      !(out.held_out->scale >= 0 && std::isfinite(out.held_out->scale) && out.held_out->axes >= 1))
    fail("{}: calibration held_out scale must be finite and >= 0, axes >= 1", where);
  if (!(out.coverage > 0 && out.coverage < 1) || !(scale >= 0) || !std::isfinite(scale) ||
      out.axes < 1)
    fail("{}: calibration coverage must be in (0, 1), scale finite and >= 0, axes >= 1", where);
  if (scale != out.scale())
    fail("{}: calibration scale {} is not the larger of val_scale and held_out scale ({})", where,
         scale, out.scale());
  return out;
}

Estimate estimate(std::span<const double> members, double bound,
                  const std::optional<Calibration>& calibration) {
  const auto [mean, std] = mean_std(members);
  Estimate out{mean, std, std::nullopt, std::nullopt};
  if (!calibration) return out;
  const double half = calibration->scale() * (std + kSpreadFloor);
  out.lo = std::clamp(mean - half, 0.0, bound);
  out.hi = std::clamp(mean + half, 0.0, bound);
  return out;
}

double conformal_score(std::span<const double> members, double truth) {
  const auto [mean, std] = mean_std(members);
  return std::fabs(truth - mean) / (std + kSpreadFloor);
}

double conformal_quantile(std::vector<double> scores, double coverage) {
  CONDNET_ASSERT(!scores.empty() && coverage > 0 && coverage < 1);
  const auto n = static_cast<std::int64_t>(scores.size());
  const auto rank = std::min<std::int64_t>(
      n, static_cast<std::int64_t>(std::ceil(static_cast<double>(n + 1) * coverage)));
  std::nth_element(scores.begin(), scores.begin() + (rank - 1), scores.end());
  return scores[rank - 1];
}

Calibration fit_calibration(std::vector<double> scores, double coverage) {
  const auto n = static_cast<std::int64_t>(scores.size());
  const auto q = conformal_quantile(std::move(scores), coverage);
  Calibration out;
  out.coverage = coverage;
  out.val_scale = q;
  out.axes = n;
  return out;
}

Calibration with_held_out(Calibration calibration, std::vector<double> scores,
                          std::vector<std::string> families) {
  const auto n = static_cast<std::int64_t>(scores.size());
  const auto q = conformal_quantile(std::move(scores), calibration.coverage);
  calibration.held_out = HeldOutScale{q, n, std::move(families)};
  return calibration;
}

}  // namespace condnet::surrogate
