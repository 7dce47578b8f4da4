// fibres: solid straight cylinders (flat ends) of radius --radius (fixed or LO:HI per fibre)
// and length --length, centres uniform, free to overlap, in conducting pores (fibrous media:
// gas-diffusion layers, nonwoven separators). Directions follow --orientation: isotropic,
// in-plane (fibres lie in the plane normal to --axis, so transport along --axis is the
// hardest) or aligned (along --axis, which becomes the easiest direction); --spread tilts them.
#include <fmt/format.h>

#include <numbers>

#include "voxel/generate/canvas.hpp"
#include "voxel/generate/families.hpp"
#include "voxel/generate/family_support.hpp"
#include "voxel/generate/orientation.hpp"

namespace condnet::voxel::generate {

namespace {

class Fibres final : public Generator {
 public:
  explicit Fibres(const nlohmann::json& config) {
    const ParamReader reader(config, fibres_family());
    porosity_ = read_porosity(reader, 0.7, 0.05, 1.0, "overlapping fibres leave some pores");
    radius_ = reader.scaled_range("radius", {2, 2}, {0.5, 1000, "radii of 0.5 to 1000 voxels"});
    length_ = reader.scaled_number("length", 64, {1, 100000, "1 to 100000 voxels"});
    orientation_ = Orientation::read(reader, Orientation::Kind::isotropic);
  }

  std::string family() const override { return "fibres"; }
  int phases() const override { return 2; }

  nlohmann::json to_json() const override {
    nlohmann::json params = {{"family", family()}, {"porosity", porosity_.to_json()}};
    radius_.describe(params, "radius");
    length_.describe(params, "length");
    orientation_.to_json(params);
    return params;
  }

  void check_shape(const Shape& shape) const override {
    const double r = radius_.at(shape).hi;
    const double length = length_.at(shape);
    check_particle_fits(shape, std::numbers::pi * r * r * length, "--radius or --length",
                        fmt::format("a fibre of radius {} and length {}", r, length));
  }

  Generated generate(const Shape& shape, std::uint64_t seed) const override {
    check_shape(shape);
    Rng parameters(seed, Stream::parameters);
    const double porosity = porosity_.sample(parameters);
    const Range radius = radius_.at(shape);
    const double length = length_.at(shape);
    Rng rng(seed, Stream::geometry);
    Volume volume(shape, kConducting);
    Canvas canvas(volume, kSolid);
    paint_until(canvas, target_count(shape, porosity), [&] {
      const Vec3 centre = random_point(rng, shape);
      const Vec3 direction = orientation_.sample(rng);
      return Cylinder{centre, direction, length, radius.sample(rng)};
    });
    nlohmann::json params = resolved_params(to_json(), porosity);
    params["radius"] = radius;
    params["length"] = length;
    return {std::move(volume), std::move(params)};
  }

 private:
  Range porosity_;
  SizeScaled<Range> radius_;
  SizeScaled<double> length_;
  Orientation orientation_;
};

}  // namespace

const FamilyInfo& fibres_family() {
  static const FamilyInfo info{
      "fibres",
      "solid cylinders in conducting pores; --orientation isotropic|in-plane|aligned, --axis, "
      "--spread",
      {"porosity", "radius", "length", "orientation", "axis", "spread"},
      [](const nlohmann::json& config) -> std::unique_ptr<Generator> {
        return std::make_unique<Fibres>(config);
      }};
  return info;
}

}  // namespace condnet::voxel::generate
