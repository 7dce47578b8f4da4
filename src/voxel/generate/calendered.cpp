// calendered: a battery electrode after calendering (rolling). Active-material particles
// (label 0) are oblate ellipsoids, flattened along the compression axis --axis by --aspect (the
// ratio of their in-plane to their through-plane semi-axes, drawn per particle; at equal volume:
// semi-axes r a^(1/3), r a^(1/3), r a^(-2/3) for a particle of equal-volume radius r from
// --radius), their short axis tilted from --axis by a normal angle of standard deviation
// --spread degrees; they overlap where pressed together. The carbon-binder domain (label 2,
// volume fraction --binder) bridges the particles: it fills the pore voxels with the most
// particle around them (pore_fill.hpp, with a reach of the mean through-plane semi-axis), so it
// gathers in the necks between neighbouring particles rather than coating them evenly (the
// electrode family's binder coats). The rest is electrolyte (label 1, --porosity).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/error.hpp"
#include "voxel/generate/canvas.hpp"
#include "voxel/generate/families.hpp"
#include "voxel/generate/family_support.hpp"
#include "voxel/generate/orientation.hpp"
#include "voxel/generate/pore_fill.hpp"

namespace condnet::voxel::generate {

namespace {

constexpr double kBridgeReach = 1.0;     // x the mean through-plane semi-axis
constexpr double kMinBridgeReach = 1.0;  // voxels
constexpr float kBridgeNoise = 0.5f;
constexpr double kMinActive = 0.05;

class Calendered final : public Generator {
 public:
  explicit Calendered(const nlohmann::json& config) {
    const ParamReader reader(config, calendered_family());
    porosity_ = read_porosity(reader, 0.3, 0.05, 0.9, "calendered electrodes 0.15 to 0.45");
    binder_ = reader.range("binder", {0.1, 0.1}, {0, 0.3, "binder fractions of 0 to 0.3"});
    radius_ = reader.scaled_range("radius", {4, 8}, {1, 1000, "radii of 1 to 1000 voxels"});
    aspect_ = reader.range("aspect", {1.5, 3}, {1, 10, "aspect ratios of 1 to 10"});
    orientation_.kind = Orientation::Kind::aligned;
    orientation_.axis = reader.axis("axis", 2);
    orientation_.spread_degrees = reader.number("spread", 10, {0, 90, "0 to 90 degrees"});
    if (porosity_.hi + binder_.hi > 1 - kMinActive)
      fail(
          "--binder {}: with --porosity {} it leaves less than {} active material; allowed: "
          "porosity + binder <= {}",
          describe_value(binder_.to_json()), describe_value(porosity_.to_json()), kMinActive,
          1 - kMinActive);
  }

  std::string family() const override { return "calendered"; }
  int phases() const override { return 3; }

  nlohmann::json to_json() const override {
    nlohmann::json params = {{"family", family()},
                             {"porosity", porosity_.to_json()},
                             {"binder", binder_.to_json()},
                             {"aspect", aspect_.to_json()},
                             {"axis", std::string(1, "xyz"[orientation_.axis])},
                             {"spread", orientation_.spread_degrees}};
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
      const Vec3 centre = random_point(rng, shape);
      const double r = radius.sample(rng);
      const double a = aspect_.sample(rng);
      const Vec3 semi_axes = {r * std::cbrt(a), r * std::cbrt(a), r / std::pow(a, 2.0 / 3)};
      return Ellipsoid(centre, semi_axes, random_frame_around(orientation_.sample(rng), rng));
    });
    const std::int64_t binder_voxels = canvas.conducting() - target_count(shape, porosity);
    if (binder_voxels > 0) {
      const double thickness =
          0.5 * (radius.lo + radius.hi) / std::pow(0.5 * (aspect_.lo + aspect_.hi), 2.0 / 3);
      fill_pores_from_solid(volume, kBinder, binder_voxels,
                            std::max(kMinBridgeReach, kBridgeReach * thickness), kBridgeNoise,
                            seed);
    }
    nlohmann::json params = resolved_params(to_json(), porosity);
    params["binder"] = binder;
    params["radius"] = radius;
    return {std::move(volume), std::move(params)};
  }

 private:
  Range porosity_;
  Range binder_;
  SizeScaled<Range> radius_;
  Range aspect_;
  Orientation orientation_;
};

}  // namespace

const FamilyInfo& calendered_family() {
  static const FamilyInfo info{
      "calendered",
      "flattened active particles (0) pressed along --axis, carbon-binder bridges (2) at their "
      "contacts, electrolyte pores (1)",
      {"porosity", "binder", "radius", "aspect", "axis", "spread"},
      [](const nlohmann::json& config) -> std::unique_ptr<Generator> {
        return std::make_unique<Calendered>(config);
      }};
  return info;
}

}  // namespace condnet::voxel::generate
