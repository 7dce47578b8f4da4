#pragma once
// What `condnet dataset info` reports about a dataset file, as JSON:
//   file, version, samples, sample_shape [X, Y, Z], phases, description, split_fractions,
//   splits {train, val, test}, families {FAMILY: {train, val, test, total}},
//   labelled, unlabelled, conducting_fraction {min, mean, max} (label 1, all samples),
//   labels {x|y|z: {d_eff {min, mean, max}, tau {min, mean, max} (percolating samples),
//           not_percolating, not_converged, failed}} over the labelled samples,
//   solver_settings (null until labelled).
// Ranges of an empty set are null.
#include <nlohmann/json.hpp>

#include "data/dataset_file.hpp"

namespace condnet::data {

nlohmann::json summarize(const DatasetFile& dataset);

}  // namespace condnet::data
