#include "solve/rev_study.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/json_number.hpp"
#include "core/random.hpp"
#include "core/stopwatch.hpp"
#include "voxel/region.hpp"

namespace condnet::solve {

namespace {

std::int64_t shortest_extent(const voxel::Shape& shape) {
  return std::min({shape.nx, shape.ny, shape.nz});
}

// Distinct corners of `edge`-cubes inside `shape`: all of them when there are at most `count`,
// else `count` drawn uniformly.
std::vector<std::array<std::int64_t, 3>> draw_corners(const voxel::Shape& shape, std::int64_t edge,
                                                      int count, std::uint64_t seed) {
  const std::array<std::int64_t, 3> range = {shape.nx - edge + 1, shape.ny - edge + 1,
                                             shape.nz - edge + 1};
  const double available = static_cast<double>(range[0]) * range[1] * range[2];
  std::vector<std::array<std::int64_t, 3>> out;
  if (available <= count) {
    for (std::int64_t x = 0; x < range[0]; ++x)
      for (std::int64_t y = 0; y < range[1]; ++y)
        for (std::int64_t z = 0; z < range[2]; ++z) out.push_back({x, y, z});
    return out;
  }
  std::uint64_t state = random::mix64(seed ^ random::mix64(static_cast<std::uint64_t>(edge)));
  random::Xoshiro256 generator({random::splitmix64(state), random::splitmix64(state),
                                random::splitmix64(state), random::splitmix64(state)});
  std::set<std::array<std::int64_t, 3>> seen;
  while (static_cast<int>(out.size()) < count) {
    std::array<std::int64_t, 3> corner{};
    for (int a = 0; a < 3; ++a)
      corner[a] =
          static_cast<std::int64_t>(generator.next() % static_cast<std::uint64_t>(range[a]));
    if (seen.insert(corner).second) out.push_back(corner);
  }
  return out;
}

double mean_overlap(const std::vector<std::array<std::int64_t, 3>>& corners, std::int64_t edge) {
  double sum = 0;
  std::int64_t pairs = 0;
  for (std::size_t i = 0; i < corners.size(); ++i)
    for (std::size_t j = i + 1; j < corners.size(); ++j, ++pairs) {
      double shared = 1;
      for (int a = 0; a < 3; ++a)
        shared *= static_cast<double>(
                      std::max<std::int64_t>(0, edge - std::abs(corners[i][a] - corners[j][a]))) /
                  static_cast<double>(edge);
      sum += shared;
    }
  return pairs > 0 ? sum / static_cast<double>(pairs) : 0.0;
}

// Mean and sample standard deviation (0 for fewer than two values).
std::pair<double, double> mean_and_std(const std::vector<double>& values) {
  if (values.empty()) return {0.0, 0.0};
  double mean = 0;
  for (const double v : values) mean += v / static_cast<double>(values.size());
  if (values.size() < 2) return {mean, 0.0};
  double squares = 0;
  for (const double v : values) squares += (v - mean) * (v - mean);
  return {mean, std::sqrt(squares / static_cast<double>(values.size() - 1))};
}

RevAxis summarise(std::vector<double> d_eff, const std::vector<double>& tau) {
  RevAxis out;
  out.d_eff = std::move(d_eff);
  std::tie(out.mean, out.std) = mean_and_std(out.d_eff);
  out.spread = out.mean > 0 ? out.std / out.mean : 0.0;
  out.percolating = static_cast<std::int64_t>(tau.size());
  std::tie(out.tau_mean, out.tau_std) = mean_and_std(tau);
  return out;
}

}  // namespace

std::vector<std::int64_t> default_rev_edges(const voxel::Shape& shape) {
  const std::int64_t shortest = shortest_extent(shape);
  if (shortest < 32) {
    std::vector<std::int64_t> out;
    for (const auto edge : {shortest / 4, shortest / 2, shortest})
      if (edge >= 4 && (out.empty() || edge > out.back())) out.push_back(edge);
    return out.empty() ? std::vector<std::int64_t>{shortest} : out;
  }
  std::vector<std::int64_t> out;
  for (std::int64_t edge = 16; edge <= shortest / 2;
       edge = edge % 3 == 0 ? edge * 4 / 3 : edge * 3 / 2)
    out.push_back(edge);
  return out;
}

void check_rev_options(const RevOptions& options, const voxel::Shape& shape) {
  const std::int64_t shortest = shortest_extent(shape);
  for (std::size_t i = 0; i < options.edges.size(); ++i) {
    const auto edge = options.edges[i];
    if (edge < 2 || edge > shortest)
      fail("--sizes: {} is outside 2..{} (the volume's shortest extent, {})", edge, shortest,
           shape.str());
    if (i > 0 && edge <= options.edges[i - 1])
      fail("--sizes: {} after {}; allowed: ascending edges", edge, options.edges[i - 1]);
  }
  if (options.positions < 1) fail("--positions: {}; allowed: >= 1", options.positions);
  if (!(options.spread > 0) || !std::isfinite(options.spread))
    fail("--spread: {}; allowed: a number > 0 (e.g. 0.05 for 5%)", options.spread);
  if (options.axes.empty()) fail("--axis: no axis to study");
}

RevStudy rev_study(const voxel::Volume& volume, const std::array<double, 256>& conductivity,
                   RevOptions options,
                   const std::function<void(std::int64_t, std::int64_t)>& progress) {
  const auto start = std::chrono::steady_clock::now();
  if (options.edges.empty()) options.edges = default_rev_edges(volume.shape());
  check_rev_options(options, volume.shape());
  RevStudy study;
  study.shape = volume.shape();
  study.spacing = volume.spacing();
  study.threshold = options.spread;
  std::vector<std::vector<std::array<std::int64_t, 3>>> corners;
  std::int64_t total = 0;
  for (const auto edge : options.edges) {
    corners.push_back(draw_corners(volume.shape(), edge, options.positions, options.seed));
    total += static_cast<std::int64_t>(corners.back().size() * options.axes.size());
  }
  std::int64_t done = 0;
  SolveOptions solve = options.solve;
  solve.keep_field = false;
  for (std::size_t e = 0; e < options.edges.size(); ++e) {
    RevEdge row;
    row.edge = options.edges[e];
    row.corners = corners[e];
    row.overlap = mean_overlap(row.corners, row.edge);
    std::array<std::vector<double>, 3> d_eff, tau;
    for (const auto& corner : row.corners) {
      voxel::Region region;
      for (int a = 0; a < 3; ++a) region.begin[a] = corner[a], region.end[a] = corner[a] + row.edge;
      const voxel::Volume cube = voxel::extract_region(volume, region);
      for (const int axis : options.axes) {
        throw_if_interrupted();
        solve.axis = axis;
        const auto result = solve_axis(cube, conductivity, solve);
        d_eff[axis].push_back(result.d_eff);
        if (result.percolating) tau[axis].push_back(result.tau_total);
        if (progress) progress(++done, total);
      }
    }
    for (const int axis : options.axes) row.axes[axis] = summarise(d_eff[axis], tau[axis]);
    study.edges.push_back(std::move(row));
  }
  for (const int axis : options.axes) {
    // Walk down from the largest edge while the spread stays under the threshold.
    std::optional<std::int64_t> rev;
    for (auto row = study.edges.rbegin(); row != study.edges.rend(); ++row) {
      if (row->corners.size() < 2) continue;
      if (row->axes[axis]->spread > options.spread) break;
      rev = row->edge;
    }
    study.rev[axis] = rev;
  }
  study.seconds = seconds_since(start);
  return study;
}

nlohmann::json to_json(const RevStudy& study) {
  nlohmann::json edges = nlohmann::json::array();
  for (const auto& row : study.edges) {
    nlohmann::json axes = nlohmann::json::object();
    for (int a = 0; a < 3; ++a) {
      if (!row.axes[a]) continue;
      const RevAxis& r = *row.axes[a];
      axes[std::string(1, voxel::kAxisNames[a])] = {
          {"d_eff", r.d_eff},
          {"mean", r.mean},
          {"std", r.std},
          {"spread", r.spread},
          {"percolating", r.percolating},
          {"tau_mean", r.percolating > 0 ? nlohmann::json(r.tau_mean) : nlohmann::json(nullptr)},
          {"tau_std", r.percolating > 0 ? nlohmann::json(r.tau_std) : nlohmann::json(nullptr)}};
    }
    edges.push_back(
        {{"edge", row.edge}, {"overlap", row.overlap}, {"corners", row.corners}, {"axes", axes}});
  }
  nlohmann::json rev = nlohmann::json::object();
  for (int a = 0; a < 3; ++a)
    if (!study.edges.empty() && study.edges.front().axes[a])
      rev[std::string(1, voxel::kAxisNames[a])] =
          study.rev[a] ? nlohmann::json(*study.rev[a]) : nlohmann::json(nullptr);
  return {{"shape", {study.shape.nx, study.shape.ny, study.shape.nz}},
          {"spacing", study.spacing},
          {"threshold", study.threshold},
          {"edges", edges},
          {"rev", rev},
          {"seconds", study.seconds}};
}

}  // namespace condnet::solve
