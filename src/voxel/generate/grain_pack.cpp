// grain-pack: a cemented sandstone- or carbonate-like rock. Solid grains (label 0), slightly
// elongated ellipsoids with log-normal sizes, free to overlap (compaction), are placed at
// uniformly random centres and orientations until the pore space left is --porosity plus
// --cement; then cement (solid, label 0) fills exactly --cement of the volume from the grain
// contacts outwards (pore_fill.hpp with a reach of half the median radius: necks and narrow
// throats first, the pore bodies last), so that the porosity is hit to one voxel when the grains
// leave room for the cement, else within half a grain. Throats close before the pore bodies do,
// so at porosities of 0.05 to 0.35 the pore space sits near its percolation threshold.
//
// Grain size: the radius of the equal-volume sphere is --radius (the median, in voxels) times
// exp(--polydispersity x N), N standard normal cut at +-2 (a log-normal truncated at two standard
// deviations); --aspect (per grain, LO:HI) stretches a grain along one random direction at equal
// volume (semi-axes r a^(2/3), r a^(-1/3), r a^(-1/3)).
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

constexpr double kTruncation = 2;     // standard deviations of ln(radius)
constexpr double kCementReach = 0.5;  // x median radius
constexpr float kCementNoise = 0.5f;  // smoothed: a few percent of the score, rough cement rims
constexpr double kMinGrains = 0.05;   // volume fraction of grains left with the most cement

class GrainPack final : public Generator {
 public:
  explicit GrainPack(const nlohmann::json& config) {
    const ParamReader reader(config, grain_pack_family());
    porosity_ = read_porosity(reader, 0.2, 0.01, 0.95,
                              "overlapping grains leave some pores; sandstones 0.05 to 0.35");
    cement_ = reader.range("cement", {0.1, 0.1}, {0, 0.5, "cement fractions of 0 to 0.5"});
    radius_ = reader.scaled_number("radius", 5, {1, 1000, "median radii of 1 to 1000 voxels"});
    polydispersity_ =
        reader.number("polydispersity", 0.3, {0, 1, "standard deviations of ln(radius) of 0 to 1"});
    aspect_ = reader.range("aspect", {1, 1.5}, {1, 10, "aspect ratios of 1 to 10"});
    if (porosity_.hi + cement_.hi > 1 - kMinGrains)
      fail(
          "--cement {}: with --porosity {} it leaves less than {} grains; allowed: porosity + "
          "cement <= {}",
          describe_value(cement_.to_json()), describe_value(porosity_.to_json()), kMinGrains,
          1 - kMinGrains);
  }

  std::string family() const override { return "grain-pack"; }
  int phases() const override { return 2; }

  nlohmann::json to_json() const override {
    nlohmann::json params = {{"family", family()},
                             {"porosity", porosity_.to_json()},
                             {"cement", cement_.to_json()},
                             {"polydispersity", polydispersity_},
                             {"aspect", aspect_.to_json()}};
    radius_.describe(params, "radius");
    return params;
  }

  void check_shape(const Shape& shape) const override {
    const double r = largest_radius(radius_.at(shape));
    check_particle_fits(shape, sphere_voxels(r), "--radius or --polydispersity",
                        fmt::format("a grain of radius {:.3g}", r));
  }

  Generated generate(const Shape& shape, std::uint64_t seed) const override {
    check_shape(shape);
    Rng parameters(seed, Stream::parameters);
    const double porosity = porosity_.sample(parameters);
    const double cement = cement_.sample(parameters);
    const double radius = radius_.at(shape);
    Rng rng(seed, Stream::geometry);
    Volume volume(shape, kConducting);
    Canvas canvas(volume, kSolid);
    const Orientation isotropic;
    paint_until(canvas, target_count(shape, porosity + cement), [&] {
      const Vec3 centre = random_point(rng, shape);
      const double r =
          radius * std::exp(polydispersity_ * std::clamp(rng.normal(), -kTruncation, kTruncation));
      const double a = aspect_.sample(rng);
      const Vec3 semi_axes = {r * std::pow(a, -1.0 / 3), r * std::pow(a, -1.0 / 3),
                              r * std::pow(a, 2.0 / 3)};
      return Ellipsoid(centre, semi_axes, random_frame_around(isotropic.sample(rng), rng));
    });
    const std::int64_t cement_voxels = canvas.conducting() - target_count(shape, porosity);
    if (cement_voxels > 0)
      fill_pores_from_solid(volume, kSolid, cement_voxels, kCementReach * radius, kCementNoise,
                            seed);
    nlohmann::json params = resolved_params(to_json(), porosity);
    params["cement"] = cement;
    params["radius"] = radius;
    return {std::move(volume), std::move(params)};
  }

 private:
  // The equal-volume radius of the largest grain.
  double largest_radius(double median) const {
    return median * std::exp(polydispersity_ * kTruncation);
  }

  Range porosity_;
  Range cement_;
  SizeScaled<double> radius_;
  double polydispersity_ = 0;
  Range aspect_;
};

}  // namespace

const FamilyInfo& grain_pack_family() {
  static const FamilyInfo info{
      "grain-pack",
      "overlapping log-normal grains with cement grown from their contacts (sandstone-like; "
      "porosity 0.05 to 0.35)",
      {"porosity", "cement", "radius", "polydispersity", "aspect"},
      [](const nlohmann::json& config) -> std::unique_ptr<Generator> {
        return std::make_unique<GrainPack>(config);
      }};
  return info;
}

}  // namespace condnet::voxel::generate
