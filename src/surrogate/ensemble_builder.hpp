#pragma once
// `condnet ensemble`: K trained runs of the same input size and encoding (other seeds, other
// data orders) made into one ensemble directory (surrogate_model.hpp), its intervals calibrated
// (interval.hpp) on the validation split of the data and its domain (input_domain.hpp) fitted
// on the training split. The directory appears whole or not at all (built beside it under a
// temporary name, then renamed); an existing one is never replaced. With held-out ensembles
// (held_out_calibration.hpp) the intervals are calibrated for families the members never saw.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace condnet::surrogate {

struct EnsembleRequest {
  std::vector<std::filesystem::path> members;   // run directories, >= 2
  std::vector<std::filesystem::path> data;      // labelled datasets; empty: the first member's
  std::vector<std::filesystem::path> held_out;  // leave-one-family-out ensembles; may be empty
  double coverage = 0.9;
  std::filesystem::path output;
};

struct EnsembleSummary {
  std::int64_t members = 0;
  std::int64_t calibration_samples = 0, calibration_axes = 0, training_samples = 0;
  double scale = 0, val_scale = 0, spread_limit = 0;
  std::int64_t held_out_axes = 0;  // 0 without held-out ensembles
  double held_out_scale = 0;
  double seconds = 0;
};

EnsembleSummary build_ensemble(const EnsembleRequest& request);

}  // namespace condnet::surrogate
