// overlapping-spheres: solid spheres at uniformly random centres, free to overlap (the
// Boolean model), in the conducting pore space. Radii fixed (--radius R) or drawn per sphere
// from LO:HI (polydisperse). Spheres are added until the porosity reaches the target.
#include <fmt/format.h>

#include <numbers>

#include "voxel/generate/canvas.hpp"
#include "voxel/generate/families.hpp"
#include "voxel/generate/family_support.hpp"

namespace condnet::voxel::generate {

namespace {

class OverlappingSpheres final : public Generator {
 public:
  explicit OverlappingSpheres(const nlohmann::json& config) {
    const ParamReader reader(config, overlapping_spheres_family());
    porosity_ = read_porosity(reader, 0.5, 0.01, 1.0, "overlapping spheres leave some pores");
    radius_ = reader.scaled_range("radius", {5, 5}, {1, 1000, "radii of 1 to 1000 voxels"});
  }

  std::string family() const override { return "overlapping-spheres"; }
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
  }

  Generated generate(const Shape& shape, std::uint64_t seed) const override {
    check_shape(shape);
    Rng parameters(seed, Stream::parameters);
    const double porosity = porosity_.sample(parameters);
    const Range radius = radius_.at(shape);
    Rng rng(seed, Stream::geometry);
    Volume volume(shape, kConducting);
    Canvas canvas(volume, kSolid);
    paint_until(canvas, target_count(shape, porosity), [&] {
      return Sphere{random_point(rng, shape), radius.sample(rng)};
    });
    nlohmann::json params = resolved_params(to_json(), porosity);
    params["radius"] = radius;
    return {std::move(volume), std::move(params)};
  }

 private:
  Range porosity_;
  SizeScaled<Range> radius_;
};

}  // namespace

const FamilyInfo& overlapping_spheres_family() {
  static const FamilyInfo info{
      "overlapping-spheres",
      "solid spheres free to overlap in conducting pores (--radius R or LO:HI per sphere)",
      {"porosity", "radius"},
      [](const nlohmann::json& config) -> std::unique_ptr<Generator> {
        return std::make_unique<OverlappingSpheres>(config);
      }};
  return info;
}

}  // namespace condnet::voxel::generate
