#pragma once
// How well a trained surrogate reproduces the solver on labelled samples: per sample and axis
// the true and predicted D_eff and tau, and R^2, MAPE (D_eff >= 0.05; tau of those axes), RMSE
// and max error overall, per family and per axis. Axes that do not percolate (D_eff 0, tau
// infinite) count for D_eff; for tau they are skipped (metrics.hpp counts them).
// With an ensemble (several members and a calibration, interval.hpp) every point also carries
// the members' spread and the calibrated interval, and every group its coverage: the fraction
// of the axes with a bound > 0 whose true D_eff lies in the interval (axes with bound 0 are
// exactly 0, always covered, and not counted).
// An ensemble with a domain (input_domain.hpp) flags the axes `predict` would hand to the
// solver (`handover`: why); with `fallback`, those points take the solver's answer, which is
// the label itself (the labels are the solver's, at its default settings), and every metric is
// of the answers a user of `predict --fallback solve` gets. Coverage counts the surrogate's
// answers only: a solver's answer has no interval.
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "data/sample_set.hpp"
#include "surrogate/ensemble_predictor.hpp"
#include "surrogate/interval.hpp"
#include "surrogate/surrogate_model.hpp"

namespace condnet::surrogate {

struct ParityPoint {
  std::string origin;  // "file.h5#index"
  std::string family;
  int axis = 0;
  double eps = 0;
  double bound = 0;                       // input_encoding.hpp: 0 where nothing spans
  double d_eff_true = 0, d_eff_pred = 0;  // d_eff_pred: the members' mean
  double d_eff_std = 0;                   // the members' spread (0 for one network)
  Estimate estimate;                      // with the interval when calibrated
  std::string handover;                   // why the solver should answer; empty: it need not
  bool solver = false;                    // the answer is the solver's (fallback)
  double tau_true = 0, tau_pred = 0;      // eps / D_eff; infinite where D_eff is 0
};

struct Evaluation {
  std::vector<ParityPoint> points;  // 3 per sample
  std::int64_t samples = 0;
  std::int64_t members = 1;
  std::optional<double> interval_coverage;  // the calibration's nominal coverage (0.9)
  std::int64_t handed_over = 0;  // points flagged (and, with fallback, answered by the solver)
  double seconds = 0;            // prediction only
};

// `model`: the predictor's (calibration and domain).
Evaluation evaluate_samples(EnsemblePredictor& predictor, const SurrogateModel& model,
                            const data::SampleSet& set, bool fallback);

// {"samples", "members", "interval_coverage" (nominal, null without intervals), "overall",
// "per_family", "per_axis": {"d_eff": metrics, "tau": metrics,
//  "coverage": {"fraction", "axes"} or null without intervals} each, "parity": [{"origin",
//  "family", "axis", "eps", "bound", "d_eff_true", "d_eff_pred", "d_eff_std" (null for one
//  network), "d_eff_lo",
//  "d_eff_hi", "handover", "source", ...}], "handed_over", "throughput": {"samples_per_second",
//  "seconds"}} with null for non-finite values, absent intervals and no hand-over.
nlohmann::json to_json(const Evaluation& evaluation);

// The parity data as CSV:
// origin,family,axis,eps,d_eff_true,d_eff_pred,tau_true,tau_pred,d_eff_std,d_eff_lo,d_eff_hi
// (the last two empty without intervals).
std::string parity_csv(const Evaluation& evaluation);

}  // namespace condnet::surrogate
