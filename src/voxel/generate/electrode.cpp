// electrode: a three-phase battery-electrode-like structure. Active-material particles
// (label 0) are overlapping spheres of --radius (fixed or LO:HI per particle); the
// carbon-binder domain (label 2, volume fraction --binder) coats them, gathering in the necks
// between particles; the rest is pore space filled with electrolyte (label 1, the conducting
// phase, volume fraction --porosity).
//
// Binder placement: every pore voxel scores the active fraction of its neighbourhood (the
// active indicator smoothed with a Gaussian of kBinderReach voxels, high next to particles and
// highest in necks) plus a little smooth noise (white noise smoothed with it: patchy
// coatings); the binder takes exactly the pore voxels of highest score that it needs. The porosity
// is hit within 1%, like the other particle families, and the binder then takes exactly the voxels
// that the porosity leaves.
#include <fmt/format.h>

#include <numbers>

#include "core/error.hpp"
#include "voxel/generate/canvas.hpp"
#include "voxel/generate/families.hpp"
#include "voxel/generate/family_support.hpp"
#include "voxel/generate/pore_fill.hpp"

namespace condnet::voxel::generate {

namespace {

constexpr double kBinderReach = 1.5;  // voxels; the neighbourhood that attracts binder
// Uniform noise of this amplitude per voxel, smoothed with the indicator: its standard deviation
// in the score is about 0.05, against about 0.3 between a particle's surface and the next
// voxel layer.
constexpr float kNoiseAmplitude = 2.0f;
constexpr double kMinActive = 0.05;

class Electrode final : public Generator {
 public:
  explicit Electrode(const nlohmann::json& config) {
    const ParamReader reader(config, electrode_family());
    porosity_ = read_porosity(reader, 0.35, 0.1, 0.9, "electrode-like porosities");
    binder_ = reader.range("binder", {0.1, 0.1}, {0, 0.3, "binder fractions of 0 to 0.3"});
    radius_ = reader.scaled_range("radius", {4, 8}, {1, 1000, "radii of 1 to 1000 voxels"});
    if (porosity_.hi + binder_.hi > 1 - kMinActive)
      fail(
          "--binder {}: with --porosity {} it leaves less than {} active material; allowed: "
          "porosity + binder <= {}",
          describe_value(binder_.to_json()), describe_value(porosity_.to_json()), kMinActive,
          1 - kMinActive);
  }

  std::string family() const override { return "electrode"; }
  int phases() const override { return 3; }

  nlohmann::json to_json() const override {
    nlohmann::json params = {
        {"family", family()}, {"porosity", porosity_.to_json()}, {"binder", binder_.to_json()}};
    radius_.describe(params, "radius");
    return params;
  }

  void check_shape(const Shape& shape) const override {
    const double r = radius_.at(shape).hi;
    check_particle_fits(shape, sphere_voxels(r), "--radius",
                        fmt::format("a particle of radius {}", r));
  }

  Generated generate(const Shape& shape, std::uint64_t seed) const override {
    check_shape(shape);
    Rng parameters(seed, Stream::parameters);
    const double porosity = porosity_.sample(parameters);
    const double binder = binder_.sample(parameters);
    const Range radius = radius_.at(shape);
    Rng rng(seed, Stream::geometry);
    Volume volume(shape, kConducting);
    Canvas canvas(volume, kSolid);
    paint_until(canvas, target_count(shape, porosity + binder), [&] {
      return Sphere{random_point(rng, shape), radius.sample(rng)};
    });
    const std::int64_t binder_voxels = canvas.conducting() - target_count(shape, porosity);
    if (binder_voxels > 0)
      fill_pores_from_solid(volume, kBinder, binder_voxels, kBinderReach, kNoiseAmplitude, seed);
    nlohmann::json params = resolved_params(to_json(), porosity);
    params["binder"] = binder;
    params["radius"] = radius;
    return {std::move(volume), std::move(params)};
  }

 private:
  Range porosity_;
  Range binder_;
  SizeScaled<Range> radius_;
};

}  // namespace

const FamilyInfo& electrode_family() {
  static const FamilyInfo info{
      "electrode",
      "active particles (0), carbon-binder (2, --binder) coating them, electrolyte pores (1)",
      {"porosity", "binder", "radius"},
      [](const nlohmann::json& config) -> std::unique_ptr<Generator> {
        return std::make_unique<Electrode>(config);
      }};
  return info;
}

}  // namespace condnet::voxel::generate
