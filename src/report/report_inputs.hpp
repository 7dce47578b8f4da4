#pragma once
// The files `condnet report` reads, loaded into plain structs and checked on the way in:
// a missing, unparsable or mistyped file throws condnet::Error naming the file (and the line
// or key). Values that are absent or null are NaN; the report shows them as "n/a".
//
//   RUN/metrics.jsonl  one object per epoch (condnet train)
//   RUN/run.json       the training configuration (any JSON object)
//   eval.json          condnet evaluate --json-out
//   predict.json       condnet predict --json
//   solve.json         condnet solve --json-out
#include <array>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace condnet::report {

struct EpochMetrics {
  double epoch = 0, step = 0;
  double train_loss = 0, val_loss = 0, val_r2_d_eff = 0, val_mape_d_eff = 0;
  double lr = 0, samples_per_second = 0, seconds = 0, loader_stall_seconds = 0;
};

struct TrainingRun {
  nlohmann::json config = nlohmann::json::object();  // run.json
  std::vector<EpochMetrics> epochs;                  // metrics.jsonl, in file order
};

// Error metrics of one quantity over a set of samples (mape in percent, as surrogate/metrics.hpp).
struct Metrics {
  double r2 = 0, mape = 0, rmse = 0, max_error = 0, count = 0;
};

// The share of a group's axes whose true D_eff lies inside the calibrated interval, and how
// many axes that counts; NaN for a single network (no intervals) or an older file.
struct Coverage {
  double fraction = 0, axes = 0;
};

struct QuantityMetrics {
  Metrics d_eff, tau;
  Coverage coverage;
};

using NamedMetrics = std::vector<std::pair<std::string, QuantityMetrics>>;

// One test sample along one axis; tau is NaN where the sample does not percolate, d_eff_lo and
// d_eff_hi (an ensemble's calibrated interval) where the file has none.
struct ParityPoint {
  std::string family, axis;
  double d_eff_true = 0, d_eff_pred = 0, tau_true = 0, tau_pred = 0;
  double d_eff_lo = 0, d_eff_hi = 0;
};

struct Evaluation {
  std::string split;
  double samples = 0, members = 0, handed_over = 0;  // NaN where the file does not say
  std::optional<QuantityMetrics> overall;
  NamedMetrics per_family, per_axis;  // sorted by name
  std::vector<ParityPoint> parity;
  double samples_per_second = 0;
};

// One predicted volume; d_eff and tau along x, y, z: the answers (the solver's where it took
// over). The rest is what an ensemble adds (NaN or empty where the file does not say): which
// tool answered each axis, the surrogate's own D_eff, its members' spread, its calibrated
// interval [lo, hi] and why the axis was handed over.
struct PredictedVolume {
  std::string file;
  std::array<double, 3> d_eff{}, tau{};
  double tiles = 0, seconds = 0;
  std::array<std::string, 3> source, handover;
  std::array<double, 3> surrogate_d_eff{}, d_eff_std{}, interval_lo{}, interval_hi{};
};

struct Prediction {
  std::string model;
  double members = 0, interval_coverage = 0;  // NaN where the file does not say
  std::vector<PredictedVolume> results;
  double volumes_per_second = 0, tiles_per_second = 0;
};

struct SolvedAxis {
  int axis = 0;  // 0, 1, 2 = x, y, z
  double d_eff = 0, tau = 0, wall_seconds = 0;
};

struct Solution {
  std::string volume;
  std::vector<SolvedAxis> axes;
};

struct ReportInputs {
  TrainingRun run;
  std::optional<Evaluation> evaluation;
  std::optional<Prediction> prediction;
  std::optional<Solution> solution;
};

// Where the inputs are; the optional files may be empty paths.
struct ReportPaths {
  std::filesystem::path run_dir, evaluation, prediction, solution;
};

// Loads the run and each optional file that is named.
ReportInputs load_report_inputs(const ReportPaths& paths);

TrainingRun load_training_run(const std::filesystem::path& run_dir);
Evaluation load_evaluation(const std::filesystem::path& path);
Prediction load_prediction(const std::filesystem::path& path);
Solution load_solution(const std::filesystem::path& path);

}  // namespace condnet::report
