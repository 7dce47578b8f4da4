#pragma once
// How well a trained surrogate reproduces the solver on labelled samples: per sample and axis
// the true and predicted D_eff and tau, and R^2, MAPE (D_eff >= 0.05; tau of those axes), RMSE
// and max error overall, per family and per axis. Axes that do not percolate (D_eff 0, tau
// infinite) count for D_eff; for tau they are skipped (metrics.hpp counts them).
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "surrogate/predictor.hpp"
#include "surrogate/sample_set.hpp"

namespace condnet::surrogate {

struct ParityPoint {
  std::string origin;  // "file.h5#index"
  std::string family;
  int axis = 0;
  double eps = 0;
  double d_eff_true = 0, d_eff_pred = 0;
  double tau_true = 0, tau_pred = 0;  // eps / D_eff; infinite where D_eff is 0
};

struct Evaluation {
  std::vector<ParityPoint> points;  // 3 per sample
  std::int64_t samples = 0;
  double seconds = 0;  // prediction only
};

Evaluation evaluate_samples(Predictor& predictor, const SampleSet& set);

// {"samples", "overall", "per_family", "per_axis": {"d_eff": metrics, "tau": metrics} each,
//  "parity": [{"origin", "family", "axis", "eps", "d_eff_true", ...}], "throughput":
//  {"samples_per_second", "seconds"}} with null for non-finite values.
nlohmann::json to_json(const Evaluation& evaluation);

// The parity data as CSV: origin,family,axis,eps,d_eff_true,d_eff_pred,tau_true,tau_pred.
std::string parity_csv(const Evaluation& evaluation);

}  // namespace condnet::surrogate
