// foam: a cellular solid (ceramic, metal or polymer foam) at high porosity. Seed points, one per
// --cell-size^3 voxels and at least half a cell size apart (random sequential addition: cells
// of similar size), define a periodic Voronoi tessellation; the solid (label 0) lies along its
// edges (--cells open: struts, the pores form one connected space) or its faces (--cells closed:
// walls, every cell a closed pore). Each voxel's distance to the nearest face is that to the
// bisector plane of its two nearest seeds, (d2^2 - d1^2) / (2 |s2 - s1|), and to the nearest
// edge about the larger of the distances to the bisector planes of the nearest and the second
// and third nearest seeds; the voxels nearest an edge (face) are solid, exactly as many as the
// porosity leaves (a quantile threshold: the porosity is hit to one voxel, and struts or walls
// have one thickness throughout).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

#include "core/error.hpp"
#include "voxel/generate/families.hpp"
#include "voxel/generate/family_support.hpp"
#include "voxel/generate/gaussian_filter.hpp"

namespace condnet::voxel::generate {

namespace {

constexpr double kMinSeedSpacing = 0.5;  // x --cell-size
constexpr int kMaxSeedAttempts = 1000;
// x --cell-size: the third nearest seed lies within one to one and a half cell sizes, so the
// search mostly ends at 2 or 3 buckets around a voxel's own.
constexpr double kBucketSize = 0.5;

// The three nearest seeds of points in a periodic box, found by searching the grid of buckets
// around the point's own bucket, wider until the third nearest is certain.
class SeedGrid {
 public:
  SeedGrid(const Shape& shape, const std::vector<Vec3>& seeds, double bucket_size)
      : extent_{static_cast<double>(shape.nx), static_cast<double>(shape.ny),
                static_cast<double>(shape.nz)},
        seeds_(seeds) {
    for (int a = 0; a < 3; ++a) {
      buckets_[a] = std::max<std::int64_t>(1, static_cast<std::int64_t>(extent_[a] / bucket_size));
      bucket_size_[a] = extent_[a] / static_cast<double>(buckets_[a]);
    }
    members_.resize(static_cast<std::size_t>(buckets_[0] * buckets_[1] * buckets_[2]));
    for (std::size_t i = 0; i < seeds.size(); ++i)
      members_[index(bucket_of(seeds[i][0], 0), bucket_of(seeds[i][1], 1),
                     bucket_of(seeds[i][2], 2))]
          .push_back(i);
  }

  // Displacements from `p` to its three nearest seeds (minimum image), nearest first.
  std::array<Vec3, 3> nearest_three(const Vec3& p) {
    const std::array<std::int64_t, 3> home = {bucket_of(p[0], 0), bucket_of(p[1], 1),
                                              bucket_of(p[2], 2)};
    const double smallest_bucket = std::min({bucket_size_[0], bucket_size_[1], bucket_size_[2]});
    for (std::int64_t k = 1;; ++k) {
      const bool everything =
          2 * k + 1 >= buckets_[0] && 2 * k + 1 >= buckets_[1] && 2 * k + 1 >= buckets_[2];
      const std::vector<std::size_t>& near = candidates(home, k);
      std::array<Vec3, 3> best{};
      std::array<double, 3> best_d2 = {kFar, kFar, kFar};
      for (const std::size_t m : near) {
        const Vec3 v = displacement(p, seeds_[m]);
        const double d2 = v[0] * v[0] + v[1] * v[1] + v[2] * v[2];
        if (d2 >= best_d2[2]) continue;
        int slot = 2;
        while (slot > 0 && d2 < best_d2[slot - 1]) {
          best_d2[slot] = best_d2[slot - 1];
          best[slot] = best[slot - 1];
          --slot;
        }
        best_d2[slot] = d2;
        best[slot] = v;
      }
      const double certain = static_cast<double>(k) * smallest_bucket;
      if (everything || best_d2[2] <= certain * certain) return best;
    }
  }

 private:
  static constexpr double kFar = std::numeric_limits<double>::infinity();

  // Both points lie in the box, so one wrap at most brings a component within half the box.
  Vec3 displacement(const Vec3& from, const Vec3& to) const {
    Vec3 v{};
    for (int a = 0; a < 3; ++a) {
      v[a] = to[a] - from[a];
      if (v[a] > 0.5 * extent_[a])
        v[a] -= extent_[a];
      else if (v[a] < -0.5 * extent_[a])
        v[a] += extent_[a];
    }
    return v;
  }
  std::int64_t bucket_of(double x, int axis) const {
    return std::min(buckets_[axis] - 1, static_cast<std::int64_t>(x / bucket_size_[axis]));
  }
  std::size_t index(std::int64_t i, std::int64_t j, std::int64_t l) const {
    return static_cast<std::size_t>((i * buckets_[1] + j) * buckets_[2] + l);
  }
  // The seeds in the buckets within k of `home` along every axis (each bucket once); kept for
  // the next call with this k, as neighbouring voxels share their bucket.
  const std::vector<std::size_t>& candidates(const std::array<std::int64_t, 3>& home,
                                             std::int64_t k) {
    if (cache_.size() <= static_cast<std::size_t>(k)) cache_.resize(k + 1);
    Cached& cached = cache_[k];
    if (home == cached.home) return cached.seeds;
    cached.home = home;
    cached.seeds.clear();
    std::array<std::vector<std::int64_t>, 3> near;
    for (int a = 0; a < 3; ++a)
      for (std::int64_t d = -k; d <= k; ++d) {
        const std::int64_t c = ((home[a] + d) % buckets_[a] + buckets_[a]) % buckets_[a];
        if (std::find(near[a].begin(), near[a].end(), c) == near[a].end()) near[a].push_back(c);
      }
    for (const std::int64_t i : near[0])
      for (const std::int64_t j : near[1])
        for (const std::int64_t l : near[2])
          for (const std::size_t m : members_[index(i, j, l)]) cached.seeds.push_back(m);
    return cached.seeds;
  }

  Vec3 extent_;
  const std::vector<Vec3>& seeds_;
  std::array<std::int64_t, 3> buckets_{};
  Vec3 bucket_size_{};
  std::vector<std::vector<std::size_t>> members_;
  struct Cached {
    std::array<std::int64_t, 3> home = {-1, -1, -1};
    std::vector<std::size_t> seeds;
  };
  std::vector<Cached> cache_;  // by k
};

// Distance from the point at displacement 0 to the bisector plane of seeds at displacements a
// (the nearer) and b.
double to_bisector(const Vec3& a, const Vec3& b) {
  const Vec3 ab = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
  return (dot(b, b) - dot(a, a)) / (2 * std::sqrt(dot(ab, ab)));
}

class Foam final : public Generator {
 public:
  explicit Foam(const nlohmann::json& config) {
    const ParamReader reader(config, foam_family());
    porosity_ = read_porosity(reader, 0.85, 0.05, 0.99, "foams 0.7 to 0.95");
    cell_size_ = reader.scaled_number("cell-size", 16, {3, 1000, "cell sizes of 3 to 1000 voxels"});
    closed_ = reader.choice("cells", "open", {"open", "closed"}) == "closed";
  }

  std::string family() const override { return "foam"; }
  int phases() const override { return 2; }

  nlohmann::json to_json() const override {
    nlohmann::json params = {{"family", family()},
                             {"porosity", porosity_.to_json()},
                             {"cells", closed_ ? "closed" : "open"}};
    cell_size_.describe(params, "cell-size");
    return params;
  }

  void check_shape(const Shape& shape) const override {
    const double cell = cell_size_.at(shape);
    const std::int64_t smallest = std::min({shape.nx, shape.ny, shape.nz});
    if (2 * cell > static_cast<double>(smallest))
      fail(
          "--size {}: too small for the cells: foam cells of size {} need at least {} voxels "
          "along every axis (two cells); use a larger --size or a smaller --cell-size",
          shape.str(), cell, static_cast<std::int64_t>(std::ceil(2 * cell)));
  }

  Generated generate(const Shape& shape, std::uint64_t seed) const override {
    check_shape(shape);
    Rng parameters(seed, Stream::parameters);
    const double porosity = porosity_.sample(parameters);
    const double cell = cell_size_.at(shape);
    Rng rng(seed, Stream::geometry);
    const std::vector<Vec3> seeds = place_seeds(shape, cell, rng);
    SeedGrid grid(shape, seeds, kBucketSize * cell);
    // score: (x, y, z) C order; minus the distance to the nearest edge (open) or face (closed).
    std::vector<float> score(static_cast<std::size_t>(shape.count())), scratch;
    std::size_t i = 0;
    for (std::int64_t x = 0; x < shape.nx; ++x)
      for (std::int64_t y = 0; y < shape.ny; ++y)
        for (std::int64_t z = 0; z < shape.nz; ++z, ++i) {
          const auto [a, b, c] = grid.nearest_three(
              {static_cast<double>(x), static_cast<double>(y), static_cast<double>(z)});
          const double face = to_bisector(a, b);
          score[i] = static_cast<float>(-(closed_ ? face : std::max(face, to_bisector(a, c))));
        }
    Volume volume(shape, kConducting);
    label_largest(score, {volume.data(), static_cast<std::size_t>(volume.count())}, kConducting,
                  kSolid, shape.count() - target_count(shape, porosity), scratch);
    nlohmann::json params = resolved_params(to_json(), porosity);
    params["cell-size"] = cell;
    return {std::move(volume), std::move(params)};
  }

 private:
  // One seed per cell^3 voxels (at least 4), each at least kMinSeedSpacing cells from the
  // others (periodically); a seed that finds no room in kMaxSeedAttempts tries goes anywhere.
  static std::vector<Vec3> place_seeds(const Shape& shape, double cell, Rng& rng) {
    const auto count = std::max<std::int64_t>(
        4, std::llround(static_cast<double>(shape.count()) / (cell * cell * cell)));
    const Vec3 extent = {static_cast<double>(shape.nx), static_cast<double>(shape.ny),
                         static_cast<double>(shape.nz)};
    const double min_d2 = kMinSeedSpacing * kMinSeedSpacing * cell * cell;
    std::vector<Vec3> seeds;
    while (static_cast<std::int64_t>(seeds.size()) < count) {
      Vec3 p{};
      for (int attempt = 0; attempt < kMaxSeedAttempts; ++attempt) {
        p = random_point(rng, shape);
        const bool room = std::none_of(seeds.begin(), seeds.end(), [&](const Vec3& s) {
          double d2 = 0;
          for (int a = 0; a < 3; ++a) {
            double d = p[a] - s[a];
            d -= extent[a] * std::round(d / extent[a]);
            d2 += d * d;
          }
          return d2 < min_d2;
        });
        if (room) break;
      }
      seeds.push_back(p);
    }
    return seeds;
  }

  Range porosity_;
  SizeScaled<double> cell_size_;
  bool closed_ = false;
};

}  // namespace

const FamilyInfo& foam_family() {
  static const FamilyInfo info{
      "foam",
      "solid struts (--cells open) or walls (closed) along a periodic Voronoi tessellation "
      "(porosity 0.7 to 0.95)",
      {"porosity", "cell-size", "cells"},
      [](const nlohmann::json& config) -> std::unique_ptr<Generator> {
        return std::make_unique<Foam>(config);
      }};
  return info;
}

}  // namespace condnet::voxel::generate
