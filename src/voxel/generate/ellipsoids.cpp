// ellipsoids: solid ellipsoids with semi-axes --semi-axes A,B,C (voxels), centres uniform,
// free to overlap, in conducting pores. The direction of the C semi-axis follows
// --orientation/--axis/--spread, and the ellipsoid turns about it by a uniform angle. The
// default, 8,8,2 (at 64^3; scaled with the sample) aligned along x, makes platelets (flakes)
// lying in the y-z plane: transport along x is hindered. A,A,C with C > A and aligned makes needles
// along --axis.
#include <fmt/format.h>

#include <numbers>

#include "voxel/generate/canvas.hpp"
#include "voxel/generate/families.hpp"
#include "voxel/generate/family_support.hpp"
#include "voxel/generate/orientation.hpp"

namespace condnet::voxel::generate {

namespace {

class Ellipsoids final : public Generator {
 public:
  explicit Ellipsoids(const nlohmann::json& config) {
    const ParamReader reader(config, ellipsoids_family());
    porosity_ = read_porosity(reader, 0.6, 0.05, 1.0, "overlapping ellipsoids leave some pores");
    semi_axes_ = reader.scaled_triple("semi-axes", {8, 8, 2}, {0.5, 1000, "0.5 to 1000 voxels"});
    orientation_ = Orientation::read(reader, Orientation::Kind::aligned);
  }

  std::string family() const override { return "ellipsoids"; }
  int phases() const override { return 2; }

  nlohmann::json to_json() const override {
    nlohmann::json params = {{"family", family()}, {"porosity", porosity_.to_json()}};
    semi_axes_.describe(params, "semi-axes");
    orientation_.to_json(params);
    return params;
  }

  void check_shape(const Shape& shape) const override {
    const auto [a, b, c] = semi_axes_.at(shape);
    check_particle_fits(shape, ellipsoid_voxels(a, b, c), "--semi-axes",
                        fmt::format("an ellipsoid of semi-axes {},{},{}", a, b, c));
  }

  Generated generate(const Shape& shape, std::uint64_t seed) const override {
    check_shape(shape);
    Rng parameters(seed, Stream::parameters);
    const double porosity = porosity_.sample(parameters);
    const Vec3 semi_axes = semi_axes_.at(shape);
    Rng rng(seed, Stream::geometry);
    Volume volume(shape, kConducting);
    Canvas canvas(volume, kSolid);
    paint_until(canvas, target_count(shape, porosity), [&] {
      const Vec3 centre = random_point(rng, shape);
      const Vec3 c_axis = orientation_.sample(rng);
      return Ellipsoid(centre, semi_axes, random_frame_around(c_axis, rng));
    });
    nlohmann::json params = resolved_params(to_json(), porosity);
    params["semi-axes"] = semi_axes;
    return {std::move(volume), std::move(params)};
  }

 private:
  Range porosity_;
  SizeScaled<Vec3> semi_axes_;
  Orientation orientation_;
};

}  // namespace

const FamilyInfo& ellipsoids_family() {
  static const FamilyInfo info{
      "ellipsoids",
      "solid oriented ellipsoids or platelets in conducting pores; --semi-axes A,B,C, "
      "--orientation of the C axis",
      {"porosity", "semi-axes", "orientation", "axis", "spread"},
      [](const nlohmann::json& config) -> std::unique_ptr<Generator> {
        return std::make_unique<Ellipsoids>(config);
      }};
  return info;
}

}  // namespace condnet::voxel::generate
