#pragma once
// The labels of one dataset sample: the solver (solve/solve.hpp) along x, y and z for the
// conducting label 1 (binary: label 1 conducts with 1, every other label 0), no-flux sides.
#include <cstdint>
#include <nlohmann/json.hpp>

#include "data/dataset_file.hpp"
#include "solve/solve.hpp"
#include "voxel/volume.hpp"

namespace condnet::data {

// What decides a label's value; stored in the dataset's `solver_settings` attribute.
struct LabelSettings {
  double tolerance = solve::SolveOptions{}.tolerance;
  int max_iterations = solve::SolveOptions{}.max_iterations;
  voxel::Spacing spacing = voxel::kUnitSpacing;  // of every sample (linear_system.hpp)
};

// {"solver": "multigrid", "tolerance", "max_iterations", "sides": "noflux",
//  "conducting_label": 1}, and "spacing" unless 1,1,1: two runs whose JSON is equal compute
// equal labels.
nlohmann::json settings_json(const LabelSettings& settings);

// One axis's label from the solver's result.
AxisLabel axis_label(const solve::SolveResult& result);

// Solves the three axes of `volume` (serial multigrid; its loops use solve::solver_threads()).
SampleLabels label_sample(std::int64_t index, const voxel::Volume& volume,
                          const LabelSettings& settings);

}  // namespace condnet::data
