#pragma once
// The surrogate's demo report: one JSON summary of the numbers, and one self-contained HTML
// page (inline CSS and SVG, no scripts, nothing fetched) that shows the same numbers with
// charts. Sections whose inputs are absent (no evaluation, no prediction, no solve) are left
// out of both.
#include <nlohmann/json.hpp>
#include <string>

#include "report/report_inputs.hpp"

namespace condnet::report {

// {"inputs", "model", "members", "interval_coverage",
//  "training": {"config", "epochs_run", "final", "best", "history"},
//  "test": {"split", "samples", "members", "handed_over", "overall", "per_family", "per_axis",
//           "parity_points"},   (each metrics group: {"d_eff", "tau", "coverage"})
//  "predict_vs_solver": [{"file", "axis", "source", "handover", "d_eff_predict",
//                         "d_eff_surrogate", "d_eff_std", "d_eff_interval", "d_eff_solver",
//                         "solver_inside_interval", "d_eff_relative_difference",
//                         "tau_...": same}],
//  "timing": {"predict_seconds", "solver_seconds"},
//  "throughput": {"train_samples_per_second", "evaluate_samples_per_second",
//                 "predict_volumes_per_second", "predict_tiles_per_second"}}
// Unknown or non-finite numbers are null; "best" is the epoch with the lowest val_loss;
// train_samples_per_second is the median over epochs; relative differences are fractions,
// (predict - solver) / |solver| (the page shows them x 100 in percent); MAPE values are percent.
// An ensemble's fields (members > 1: intervals, their coverage, sources) are null for one network
// or for files older than ensembles; d_eff_std is null wherever there is no interval.
nlohmann::json summarise(const ReportInputs& inputs, const ReportPaths& paths);

// The HTML page for `summary` (from summarise) and the inputs it came from (parity points and
// per-epoch curves are drawn from the inputs).
std::string render_html(const ReportInputs& inputs, const nlohmann::json& summary);

}  // namespace condnet::report
