#pragma once
// Small hand-written inputs of `condnet report`, in the formats train, evaluate, predict and
// solve write. The numbers are chosen so that the expected summary follows by hand: best
// validation loss at epoch 2, median training rate 400 samples/s, and the x/y/z comparison of
// predict.json against solve.json given in kPredicted/kSolved below.
#include <filesystem>
#include <fstream>
#include <string>

namespace condnet::test {

struct ReportFiles {
  std::filesystem::path run_dir, evaluation, prediction, solution;
};

// Per axis x, y, z: what predict.json and solve.json say (NaN where they hold null).
inline constexpr double kPredictedDeff[3] = {0.21, 0.2, 0.22};
inline constexpr double kSolvedDeff[3] = {0.2, 0.25, 0.0};
inline constexpr double kPredictedTau[3] = {2.1, 2.2, 2.3};
inline constexpr double kSolvedTau[3] = {2.0, 1.6, -1};  // -1: null (not percolating)

inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

inline ReportFiles write_report_inputs(const std::filesystem::path& dir) {
  ReportFiles files{dir / "run", dir / "eval.json", dir / "predict.json", dir / "solve.json"};
  std::filesystem::create_directories(files.run_dir);
  write_file(files.run_dir / "run.json",
             R"({"model": {"name": "base <v1>", "layers": []}, "samples": {"train": 480},
                 "options": {"precision": "fp32", "batch": 8, "accum": 2, "epochs": 3,
                             "seed": 7}})");
  write_file(
      files.run_dir / "metrics.jsonl",
      R"({"epoch":1,"step":60,"train_loss":0.05,"val_loss":0.04,"val_r2_d_eff":0.8,"val_mape_d_eff":0.2,"lr":0.001,"samples_per_second":300.0,"seconds":1.6,"loader_stall_seconds":0.01}
{"epoch":2,"step":120,"train_loss":0.02,"val_loss":0.015,"val_r2_d_eff":0.93,"val_mape_d_eff":0.09,"lr":0.001,"samples_per_second":420.0,"seconds":1.1,"loader_stall_seconds":0.0}
{"epoch":3,"step":180,"train_loss":0.012,"val_loss":0.018,"val_r2_d_eff":null,"lr":0.0005,"samples_per_second":400.0,"seconds":1.2}

)");
  write_file(files.evaluation, R"({"split": "test", "samples": 4,
    "overall": {"d_eff": {"r2": 0.97, "mape": 0.031, "rmse": 0.01, "max_error": 0.03, "count": 12},
                "tau": {"r2": 0.9, "mape": 0.06, "rmse": 0.2, "max_error": 0.5, "count": 11}},
    "per_family": {
      "fibres": {"d_eff": {"r2": 0.96, "mape": 0.04, "rmse": 0.01, "max_error": 0.03, "count": 6},
                 "tau": {"r2": 0.88, "mape": 0.07, "rmse": 0.2, "max_error": 0.5, "count": 5}},
      "<family & co>": {"d_eff": {"r2": 0.98, "mape": 0.02, "rmse": 0.01, "max_error": 0.02, "count": 6},
                        "tau": {"r2": 0.93, "mape": 0.05, "rmse": 0.1, "max_error": 0.3, "count": 6}}},
    "per_axis": {"x": {"d_eff": {"r2": 0.97, "mape": 0.03, "rmse": 0.01, "max_error": 0.03, "count": 4},
                       "tau": {"r2": 0.9, "mape": 0.06, "rmse": 0.2, "max_error": 0.5, "count": 4}}},
    "parity": [
      {"family": "fibres", "axis": "x", "d_eff_true": 0.31, "d_eff_pred": 0.30, "tau_true": 2.1, "tau_pred": 2.2},
      {"family": "fibres", "axis": "y", "d_eff_true": 0.0, "d_eff_pred": 0.01, "tau_true": null, "tau_pred": null},
      {"family": "<family & co>", "axis": "x", "d_eff_true": 0.5, "d_eff_pred": 0.52, "tau_true": 1.4, "tau_pred": 1.35},
      {"family": "<family & co>", "axis": "z", "d_eff_true": 0.12, "d_eff_pred": 0.11, "tau_true": 4.0, "tau_pred": 4.4}],
    "throughput": {"samples_per_second": 900.0}})");
  write_file(files.prediction, R"({"model": "base", "results": [{"file": "data/vol.tiff",
    "shape": [64, 64, 64], "phase": 0, "tiles": 8, "d_eff": [0.21, 0.2, 0.22],
    "tau": [2.1, 2.2, 2.3], "seconds": 0.4}],
    "throughput": {"volumes_per_second": 2.5, "tiles_per_second": 20.0}})");
  write_file(files.solution, R"({"volume": "/elsewhere/vol.tiff", "axes": [
    {"axis": 0, "axis_name": "x", "d_eff": 0.2, "tau": 2.0, "percolating": true, "wall_seconds": 3.0},
    {"axis": 1, "axis_name": "y", "d_eff": 0.25, "tau": 1.6, "percolating": true, "wall_seconds": 2.5},
    {"axis": 2, "axis_name": "z", "d_eff": 0.0, "tau": null, "percolating": false, "wall_seconds": 1.0}]})");
  return files;
}

// The same run with an ensemble's evaluate and predict files (condnet ensemble, 3 members, 90%
// intervals): per axis x, y, z the interval, whether the solver's D_eff (kSolvedDeff) lies in it,
// and the source; z was handed to the solver (predict --fallback solve), so its answer is the
// solver's 0 while the surrogate said 0.05. Test coverage: 0.9 of 10 axes overall, per family
// 1.0 of 4 (fibres) and 5 of 6 (<family & co>).
inline constexpr double kIntervalLo[3] = {0.19, 0.17, 0.01};
inline constexpr double kIntervalHi[3] = {0.23, 0.23, 0.09};
inline constexpr bool kSolverInside[3] = {true, false, false};

inline ReportFiles write_ensemble_report_inputs(const std::filesystem::path& dir) {
  const ReportFiles files = write_report_inputs(dir);
  write_file(files.evaluation, R"({"split": "test", "samples": 4, "members": 3, "handed_over": 1,
    "overall": {"d_eff": {"r2": 0.97, "mape": 0.031, "rmse": 0.01, "max_error": 0.03, "count": 12},
                "tau": {"r2": 0.9, "mape": 0.06, "rmse": 0.2, "max_error": 0.5, "count": 11},
                "coverage": {"fraction": 0.9, "axes": 10}},
    "per_family": {
      "fibres": {"d_eff": {"r2": 0.96, "mape": 0.04, "rmse": 0.01, "max_error": 0.03, "count": 6},
                 "tau": {"r2": 0.88, "mape": 0.07, "rmse": 0.2, "max_error": 0.5, "count": 5},
                 "coverage": {"fraction": 1.0, "axes": 4}},
      "<family & co>": {"d_eff": {"r2": 0.98, "mape": 0.02, "rmse": 0.01, "max_error": 0.02, "count": 6},
                        "tau": {"r2": 0.93, "mape": 0.05, "rmse": 0.1, "max_error": 0.3, "count": 6},
                        "coverage": {"fraction": 0.8333333333333334, "axes": 6}}},
    "per_axis": {"x": {"d_eff": {"r2": 0.97, "mape": 0.03, "rmse": 0.01, "max_error": 0.03, "count": 4},
                       "tau": {"r2": 0.9, "mape": 0.06, "rmse": 0.2, "max_error": 0.5, "count": 4},
                       "coverage": null}},
    "parity": [
      {"family": "fibres", "axis": "x", "d_eff_true": 0.31, "d_eff_pred": 0.30, "d_eff_std": 0.01, "d_eff_lo": 0.28, "d_eff_hi": 0.32, "source": "surrogate", "handover": null, "tau_true": 2.1, "tau_pred": 2.2},
      {"family": "<family & co>", "axis": "z", "d_eff_true": 0.12, "d_eff_pred": 0.11, "d_eff_std": 0.02, "d_eff_lo": 0.05, "d_eff_hi": 0.17, "source": "surrogate", "handover": null, "tau_true": 4.0, "tau_pred": 4.4}],
    "throughput": {"samples_per_second": 300.0}})");
  write_file(files.prediction, R"({"model": "base", "members": 3, "interval_coverage": 0.9,
    "results": [{"file": "data/vol.tiff", "shape": [64, 64, 64], "phase": 0, "tiles": 8,
    "d_eff": [0.21, 0.2, 0.0], "tau": [2.1, 2.2, null], "source": ["surrogate", "surrogate", "solver"],
    "surrogate": {"d_eff": [0.21, 0.2, 0.05], "d_eff_lower": [0.2, 0.19, 0.04],
                  "d_eff_std": [0.004, 0.012, 0.02],
                  "d_eff_interval": [[0.19, 0.23], [0.17, 0.23], [0.01, 0.09]],
                  "relative_spread": [0.02, 0.06, 0.4]},
    "handover": [null, null, "members disagree: spread 40% of D_eff"], "seconds": 0.4}],
    "throughput": {"volumes_per_second": 2.5, "tiles_per_second": 20.0}})");
  return files;
}

// The same run with the files of one network as condnet writes them: no intervals, no coverage.
inline ReportFiles write_single_run_report_inputs(const std::filesystem::path& dir) {
  const ReportFiles files = write_report_inputs(dir);
  write_file(files.evaluation, R"({"split": "test", "samples": 1, "members": 1, "handed_over": 0,
    "overall": {"d_eff": {"r2": 0.97, "mape": 0.031, "rmse": 0.01, "max_error": 0.03, "count": 3},
                "tau": {"r2": 0.9, "mape": 0.06, "rmse": 0.2, "max_error": 0.5, "count": 3},
                "coverage": null},
    "per_family": {"fibres": {"d_eff": {"r2": 0.96, "mape": 0.04, "rmse": 0.01, "max_error": 0.03, "count": 3},
                              "tau": null, "coverage": null}},
    "parity": [{"family": "fibres", "axis": "x", "d_eff_true": 0.31, "d_eff_pred": 0.30, "d_eff_std": 0.0, "d_eff_lo": null, "d_eff_hi": null, "source": "surrogate", "handover": null, "tau_true": 2.1, "tau_pred": 2.2}]})");
  write_file(files.prediction, R"({"model": "base", "members": 1, "interval_coverage": null,
    "results": [{"file": "data/vol.tiff", "tiles": 8, "d_eff": [0.21, 0.2, 0.22],
    "tau": [2.1, 2.2, 2.3], "source": ["surrogate", "surrogate", "surrogate"],
    "surrogate": {"d_eff": [0.21, 0.2, 0.22], "d_eff_std": [0.0, 0.0, 0.0],
                  "d_eff_interval": [null, null, null]},
    "handover": [null, null, null], "seconds": 0.4}]})");
  return files;
}

}  // namespace condnet::test
