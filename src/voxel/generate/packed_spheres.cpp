// packed-spheres: random sequential addition (RSA) of solid spheres that never overlap
// (centres further apart than the sum of radii, measured periodically): a loose random
// packing of particles in conducting pores. Radii are fixed or drawn per sphere from LO:HI;
// the radii of a batch of spheres that would about fill the remaining solid are drawn first
// and placed largest first, so that the drawn size distribution is kept. RSA jams near a
// solid fraction of 0.38 (monodisperse, continuum); within kMaxAttempts tries per sphere, at
// 64^3, radius 5 jammed in 10 of 50 samples at solid 0.34, never in 200 at 0.32 (radii 2, 5,
// 2:6, 1:8) nor in 420 at 0.30 (radii 1 to 6), so the porosity must be at least kMinPorosity
// (solid 0.30). Small spheres are slow: radius 5 makes about 500 samples of 64^3 per second,
// radius 2 about 50.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

#include "core/error.hpp"
#include "voxel/generate/canvas.hpp"
#include "voxel/generate/families.hpp"
#include "voxel/generate/family_support.hpp"

namespace condnet::voxel::generate {

namespace {

constexpr double kMinPorosity = 0.7;
// Failed placements of one sphere before the packing counts as jammed.
constexpr int kMaxAttempts = 20000;

// Spheres placed so far, bucketed in a periodic grid of cells at least one largest diameter
// wide, so that a sphere can only overlap spheres in its own and the 26 neighbouring cells.
class SphereCells {
 public:
  SphereCells(const Shape& shape, double max_radius) : extent_{shape.nx, shape.ny, shape.nz} {
    for (int a = 0; a < 3; ++a) {
      cells_[a] = std::max<std::int64_t>(
          1, static_cast<std::int64_t>(static_cast<double>(extent_[a]) / (2 * max_radius)));
      cell_size_[a] = static_cast<double>(extent_[a]) / static_cast<double>(cells_[a]);
    }
    members_.resize(static_cast<std::size_t>(cells_[0] * cells_[1] * cells_[2]));
  }

  bool overlaps(const Sphere& s) const {
    // The distinct cells next to the sphere's along each axis (fewer than 3 with few cells).
    std::array<std::array<std::int64_t, 3>, 3> near{};
    std::array<int, 3> count{};
    for (int a = 0; a < 3; ++a) {
      const std::int64_t home = cell_of(s.centre[a], a);
      for (std::int64_t d = -1; d <= 1; ++d) {
        const std::int64_t c = ((home + d) % cells_[a] + cells_[a]) % cells_[a];
        if (std::find(near[a].begin(), near[a].begin() + count[a], c) == near[a].begin() + count[a])
          near[a][count[a]++] = c;
      }
    }
    for (int i = 0; i < count[0]; ++i)
      for (int j = 0; j < count[1]; ++j)
        for (int k = 0; k < count[2]; ++k)
          for (const std::size_t m : members_[index(near[0][i], near[1][j], near[2][k])])
            if (touch(s, spheres_[m])) return true;
    return false;
  }

  void add(const Sphere& s) {
    members_[index(cell_of(s.centre[0], 0), cell_of(s.centre[1], 1), cell_of(s.centre[2], 2))]
        .push_back(spheres_.size());
    spheres_.push_back(s);
  }

 private:
  std::int64_t cell_of(double x, int axis) const {
    return std::min(cells_[axis] - 1, static_cast<std::int64_t>(x / cell_size_[axis]));
  }
  std::size_t index(std::int64_t cx, std::int64_t cy, std::int64_t cz) const {
    return static_cast<std::size_t>((cx * cells_[1] + cy) * cells_[2] + cz);
  }
  // Centres closer than the sum of radii, with the periodic minimum image.
  bool touch(const Sphere& a, const Sphere& b) const {
    double d2 = 0;
    for (int k = 0; k < 3; ++k) {
      const double n = static_cast<double>(extent_[k]);
      double d = a.centre[k] - b.centre[k];
      d -= n * std::round(d / n);
      d2 += d * d;
    }
    const double reach = a.radius + b.radius;
    return d2 <= reach * reach;
  }

  std::array<std::int64_t, 3> extent_;
  std::array<std::int64_t, 3> cells_{};
  std::array<double, 3> cell_size_{};
  std::vector<std::vector<std::size_t>> members_;
  std::vector<Sphere> spheres_;
};

class PackedSpheres final : public Generator {
 public:
  explicit PackedSpheres(const nlohmann::json& config) {
    const ParamReader reader(config, packed_spheres_family());
    porosity_ =
        read_porosity(reader, 0.7, kMinPorosity, 1.0,
                      "random sequential addition reaches solid fractions of about 0.3 reliably");
    radius_ = reader.scaled_range("radius", {5, 5}, {1, 1000, "radii of 1 to 1000 voxels"});
  }

  std::string family() const override { return "packed-spheres"; }
  int phases() const override { return 2; }

  nlohmann::json to_json() const override {
    nlohmann::json params = {{"family", family()}, {"porosity", porosity_.to_json()}};
    radius_.describe(params, "radius");
    return params;
  }

  void check_shape(const Shape& shape) const override {
    const double r = radius_.at(shape).hi;
    check_particle_fits(shape, sphere_voxels(r), "--radius",
                        fmt::format("a sphere of radius {}", r));
    const std::int64_t smallest = std::min({shape.nx, shape.ny, shape.nz});
    if (4 * r > static_cast<double>(smallest))
      fail(
          "--size {}: too small for the particles: packed spheres of radius {} need at least {} "
          "voxels along every axis (two diameters); use a larger --size or a smaller --radius",
          shape.str(), r, static_cast<std::int64_t>(std::ceil(4 * r)));
  }

  Generated generate(const Shape& shape, std::uint64_t seed) const override {
    check_shape(shape);
    Rng parameters(seed, Stream::parameters);
    const double porosity = porosity_.sample(parameters);
    const Range radius_range = radius_.at(shape);
    Rng rng(seed, Stream::geometry);
    Volume volume(shape, kConducting);
    Canvas canvas(volume, kSolid);
    SphereCells placed(shape, radius_range.hi);
    const std::int64_t target = target_count(shape, porosity);
    std::vector<double> radii;  // still to place, smallest first
    paint_until(canvas, target, [&] {
      if (radii.empty()) radii = draw_radii(radius_range, canvas.conducting() - target, rng);
      const double radius = radii.back();
      radii.pop_back();
      for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
        const Sphere sphere{random_point(rng, shape), radius};
        if (placed.overlaps(sphere)) continue;
        placed.add(sphere);
        return sphere;
      }
      fail(
          "--porosity {}: packed-spheres jammed at porosity {:.3f} (no room for a sphere of "
          "radius {:.2f} after {} tries); ask for a higher porosity",
          porosity, static_cast<double>(canvas.conducting()) / static_cast<double>(shape.count()),
          radius, kMaxAttempts);
    });
    nlohmann::json params = resolved_params(to_json(), porosity);
    params["radius"] = radius_range;
    return {std::move(volume), std::move(params)};
  }

 private:
  // Radii from `range` whose spheres fill about `voxels` voxels, sorted so that the largest
  // comes last (placed first: big spheres find room only in an emptier box).
  static std::vector<double> draw_radii(const Range& range, std::int64_t voxels, Rng& rng) {
    std::vector<double> radii;
    for (double filled = 0; filled < static_cast<double>(voxels);) {
      radii.push_back(range.sample(rng));
      filled += 4.0 / 3.0 * std::numbers::pi * std::pow(radii.back(), 3);
    }
    std::sort(radii.begin(), radii.end());
    return radii;
  }

  Range porosity_;
  SizeScaled<Range> radius_;
};

}  // namespace

const FamilyInfo& packed_spheres_family() {
  static const FamilyInfo info{
      "packed-spheres",
      "non-overlapping solid spheres by random sequential addition, in conducting pores "
      "(porosity >= 0.7)",
      {"porosity", "radius"},
      [](const nlohmann::json& config) -> std::unique_ptr<Generator> {
        return std::make_unique<PackedSpheres>(config);
      }};
  return info;
}

}  // namespace condnet::voxel::generate
