#pragma once
// What `condnet predict` (and Python's Surrogate.predict) answers for one volume: the
// surrogate's prediction (volume_prediction.hpp) and, per axis, the answer reported — the
// surrogate's, or with Fallback::solve the exact solver's where the prediction was flagged for
// hand-over (input_domain.hpp). One place, so that the command and the Python module answer
// alike.
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "surrogate/volume_prediction.hpp"

namespace condnet::surrogate {

// Which answer an axis the surrogate flags gets.
enum class Fallback {
  none,   // the surrogate's, with the flag
  solve,  // the solver's (solve/solve.hpp, multigrid, default tolerance)
};
// "none" or "solve"; Error naming `what` and the allowed names otherwise.
Fallback parse_fallback(std::string_view text, std::string_view what);

struct AxisAnswer {
  std::string source = "surrogate";  // or "solver"
  double d_eff = 0, tau = 0;
  double solve_seconds = 0;  // the solver's, where it answered
};

struct VolumeAnswer {
  std::uint8_t label = 0;  // the conducting label
  double phase = 0;        // its value in the user's file
  VolumePrediction prediction;
  std::array<AxisAnswer, 3> axes;
};

// `conducting`: the label that conducts; the volume is at least the model's n^3 input, of cubic
// voxels (the networks learned cubic voxels: another spacing is an Error naming `where` that
// points to condnet solve, which takes any spacing).
VolumeAnswer answer_volume(EnsemblePredictor& predictor, const SurrogateModel& model,
                           const voxel::Volume& volume, std::uint8_t conducting, Fallback fallback,
                           const std::string& where);

// One volume's result as `condnet predict --json` prints it (without "file"): shape, phase,
// eps, spanning_fraction, tiles, tile_grid, d_eff, tau (null: infinite), source, surrogate
// {d_eff, d_eff_lower, d_eff_std (null for one network), d_eff_interval ([lo, hi] or null),
// relative_spread}, handover (why, or null), tiles_outside_domain, seconds.
nlohmann::json to_json(const VolumeAnswer& answer, const voxel::Shape& shape, std::int64_t members);

}  // namespace condnet::surrogate
