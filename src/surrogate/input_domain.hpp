#pragma once
// Whether the surrogate has seen the like of a cube: statistics of every cube the network
// answers, against their ranges over the cubes it was trained on, and the ensemble's spread
// against the spread it showed on held-out cubes. `condnet predict` flags what falls outside
// (and `--fallback solve` hands it to the solver); `condnet ensemble` fits the ranges.
//
// The statistics of a cube (its conducting voxels as the network sees them):
//   porosity             conducting fraction eps
//   specific_surface     faces between conducting and other voxels, per voxel (voxel/stats.hpp)
//   percolating_fraction the conducting voxels on clusters spanning an axis, per conducting
//                        voxel, the mean over the three axes (0 when eps is 0)
//   correlation_length   the two-point correlation length (voxel/correlation.hpp), the mean
//                        over the three axes, in voxels
//   anisotropy           the largest over the smallest correlation length (1 when isotropic)
// Ranges: the 0.1th to 99.9th percentile of each statistic over the training cubes.
// Spread: s / (m + s0) per axis (interval.hpp: the members' standard deviation over their mean);
// the limit is its 99th percentile over the calibration axes with a bound > 0.
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "voxel/clusters.hpp"

namespace condnet::surrogate {

inline constexpr int kStatistics = 5;
inline constexpr std::array<const char*, kStatistics> kStatisticNames = {
    "porosity", "specific_surface", "percolating_fraction", "correlation_length", "anisotropy"};

using CubeStatistics = std::array<double, kStatistics>;  // in kStatisticNames' order

// conducting: n^3 bytes, nonzero where the voxel conducts, C order.
CubeStatistics cube_statistics(std::span<const std::uint8_t> conducting, std::int64_t n);
// The same of a mask whose clusters are already labelled: mask is n^3 bytes of 0 or 1,
// clusters = voxel::label_clusters(mask, {n, n, n}). Equal to the above, bit for bit.
CubeStatistics cube_statistics(std::span<const std::uint8_t> mask, const voxel::Clusters& clusters);

// s / (m + s0) of members' D_eff along one axis.
double relative_spread(std::span<const double> members);

struct InputDomain {
  struct Range {
    double lo = 0, hi = 0;
  };
  std::array<Range, kStatistics> ranges;
  double spread_limit = 0;

  // One phrase per statistic outside its range, e.g. "porosity 0.031 (trained 0.12 to 0.95)";
  // empty when every one is inside.
  std::vector<std::string> outside(const CubeStatistics& statistics) const;
  // Why an axis should go to the solver: `outside` (what about its input is unlike the
  // training data; empty when nothing is), else its relative spread over the limit; empty
  // when neither.
  std::string handover(const std::string& outside, double spread) const;

  nlohmann::json to_json() const;
  // Error naming `where` when a statistic or the limit is missing or not a number.
  static InputDomain from_json(const nlohmann::json& json, const std::string& where);
};

// training: the statistics of every training cube (>= 1); spreads: relative spreads of the
// calibration axes (>= 1).
InputDomain fit_domain(const std::vector<CubeStatistics>& training, std::vector<double> spreads);

}  // namespace condnet::surrogate
