#pragma once
// Uncertainty of a surrogate's answer from a deep ensemble's spread, calibrated by split
// conformal prediction.
//
// K members (networks of the same input, trained with other seeds and data orders) each give
// D_eff along an axis of a cube; their mean m is the answer and their standard deviation s
// (K - 1 in the denominator) its raw spread. The interval is
//     [m - q (s + s0), m + q (s + s0)]  clipped to [0, bound]
// (bound: input_encoding.hpp; the clip is exact physics). s0 = kSpreadFloor keeps an interval
// where the members agree to the last digit. q is fitted on labelled cubes the members did not
// train on (their validation split): with scores e_i = |y_i - m_i| / (s_i + s0) over the n axes
// that have a bound > 0, q is the ceil((n + 1) c)-th smallest score, c the coverage (0.9). A new
// axis drawn like the calibration axes is then covered with probability at least c (split
// conformal prediction); how far that holds for structures unlike them is measured
// (docs/surrogate.md, leave-one-family-out). Axes with bound 0 have D_eff exactly 0: the
// interval [0, 0], always right, and left out of fitting and of coverage.
//
// A tomogram is a structure no training family drew; the val split promises nothing for it.
// Held-out calibration fits a second scale on what that costs: the scores of leave-one-family-
// out ensembles (members trained without a family) on the family they never saw
// (held_out_calibration.hpp). The interval then uses the larger of the two scales, so it is
// calibrated for an unseen family and conservative on data like the training data.
#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace condnet::surrogate {

inline constexpr double kSpreadFloor = 1e-3;  // s0, in units of D_eff
inline constexpr double kDefaultCoverage = 0.9;

// q fitted on the scores of families that the ensembles scoring them never saw.
struct HeldOutScale {
  double scale = 0;
  std::int64_t axes = 0;
  std::vector<std::string> families;  // the families scored, one per held-out ensemble
};

struct Calibration {
  double coverage = kDefaultCoverage;  // c
  std::int64_t axes = 0;               // n, the val axes val_scale was fitted on
  double val_scale = 0;                // q of the val split
  std::optional<HeldOutScale> held_out;

  // q the intervals use: the larger of val_scale and the held-out scale.
  double scale() const { return held_out ? std::max(val_scale, held_out->scale) : val_scale; }

  nlohmann::json to_json() const;
  // Error naming `where` when a field is missing or out of range, or when "scale" is not the
  // larger of the two it is made of. A file without "val_scale" (written before held-out
  // calibration) has the val split's scale only.
  static Calibration from_json(const nlohmann::json& json, const std::string& where);
};

// D_eff along one axis of one cube.
struct Estimate {
  double mean = 0;
  double std = 0;  // the members' raw spread s (0 for one member)
  // The calibrated interval; absent without a calibration.
  std::optional<double> lo, hi;

  bool covers(double truth) const { return lo && hi && *lo <= truth && truth <= *hi; }
};

// members: the K members' D_eff (K >= 1).
Estimate estimate(std::span<const double> members, double bound,
                  const std::optional<Calibration>& calibration);

// The score of one axis: |truth - m| / (s + s0).
double conformal_score(std::span<const double> members, double truth);
// q from the scores of n >= 1 calibration axes at coverage c in (0, 1): the ceil((n + 1) c)-th
// smallest score (the largest when that exceeds n).
double conformal_quantile(std::vector<double> scores, double coverage);
// The val split's calibration: val_scale = conformal_quantile(scores, coverage).
Calibration fit_calibration(std::vector<double> scores, double coverage);
// `calibration` widened by held-out scores (>= 1): held_out->scale is their quantile.
Calibration with_held_out(Calibration calibration, std::vector<double> scores,
                          std::vector<std::string> families);

}  // namespace condnet::surrogate
