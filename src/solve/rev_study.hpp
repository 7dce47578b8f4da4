#pragma once
// "Is my volume large enough?": a representative-volume-element (REV) study. Sub-cubes of
// growing edge are cut at several positions of the volume and solved along each axis; per axis
// and edge, the mean and spread of D_eff (and tau) over the positions say how much an answer
// from a volume of that size depends on where it was taken. The REV edge along an axis is the
// smallest edge from which the relative spread std / mean of D_eff stays at or under the
// threshold at every larger edge studied.
//
// Positions: corners drawn uniformly from those that keep the sub-cube inside the volume
// (core/random.hpp's generator, from the seed), distinct, at most as many as exist. Sub-cubes
// of an edge close to the volume's overlap and so agree more than independent samples would:
// each edge reports the mean overlap of its pairs of sub-cubes, and the default edges stop at
// half the volume's shortest extent.
#include <array>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "solve/solve.hpp"
#include "voxel/volume.hpp"

namespace condnet::solve {

struct RevOptions {
  std::vector<std::int64_t> edges;  // ascending; empty: default_rev_edges
  int positions = 8;                // sub-cubes per edge (fewer where fewer exist)
  double spread = 0.05;             // threshold on std / mean of D_eff
  std::uint64_t seed = 0;
  std::vector<int> axes = {0, 1, 2};
  SolveOptions solve;  // tolerance, method, sides (axis and keep_field are set per solve)
};

// Per axis at one edge: D_eff of each sub-cube (in the order of RevEdge::corners) and their
// statistics. std is the sample standard deviation (n - 1); spread = std / mean (0 when every
// sub-cube gives 0). tau over the sub-cubes that percolate.
struct RevAxis {
  std::vector<double> d_eff;
  double mean = 0, std = 0, spread = 0;
  std::int64_t percolating = 0;
  double tau_mean = 0, tau_std = 0;
};

struct RevEdge {
  std::int64_t edge = 0;
  std::vector<std::array<std::int64_t, 3>> corners;
  double overlap = 0;  // mean over pairs of sub-cubes of their shared voxels / edge^3
  std::array<std::optional<RevAxis>, 3> axes;  // those studied
};

struct RevStudy {
  voxel::Shape shape;
  voxel::Spacing spacing = voxel::kUnitSpacing;
  double threshold = 0;
  std::vector<RevEdge> edges;
  // Per studied axis: the REV edge, or none when the spread never settles under the threshold
  // (the volume may be smaller than an REV). Edges with a single sub-cube have no spread and do
  // not count.
  std::array<std::optional<std::int64_t>, 3> rev;
  double seconds = 0;
};

// 16, 24, 32, 48, 64, 96, 128, 192, 256, ... up to half the shortest extent; for a shortest
// extent n under 32: n / 4, n / 2 and n (those of at least 4 voxels).
std::vector<std::int64_t> default_rev_edges(const voxel::Shape& shape);

// Throws Error naming the option for edges outside 2..shortest extent or not ascending,
// positions < 1, a threshold not > 0, or no axis.
void check_rev_options(const RevOptions& options, const voxel::Shape& shape);

// `progress(done, total)` after every solve (total: edges x positions x axes).
RevStudy rev_study(const voxel::Volume& volume, const std::array<double, 256>& conductivity,
                   RevOptions options,
                   const std::function<void(std::int64_t, std::int64_t)>& progress = {});

// {"shape", "spacing", "threshold", "edges": [{"edge", "overlap", "corners", "axes": {"x":
// {"d_eff", "mean", "std", "spread", "percolating", "tau_mean", "tau_std"}, ...}}], "rev":
// {"x": edge or null, ...}, "seconds"}; tau_mean/tau_std null where nothing percolates.
nlohmann::json to_json(const RevStudy& study);

}  // namespace condnet::solve
