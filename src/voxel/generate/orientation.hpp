#pragma once
// Orientation distributions of fibres and ellipsoids (options --orientation, --axis, --spread):
//   isotropic  directions uniform on the sphere (--axis unused);
//   in-plane   directions uniform in the plane normal to --axis, tilted out of it by a normal
//              angle of standard deviation --spread degrees;
//   aligned    along --axis, tilted from it by a normal angle of standard deviation --spread
//              degrees, azimuth uniform.
#include <nlohmann/json.hpp>
#include <string>

#include "voxel/generate/bodies.hpp"
#include "voxel/generate/params.hpp"
#include "voxel/generate/random.hpp"

namespace condnet::voxel::generate {

struct Orientation {
  enum class Kind { isotropic, in_plane, aligned };
  Kind kind = Kind::isotropic;
  int axis = 0;
  double spread_degrees = 0;

  // Reads --orientation, --axis and --spread; `fallback` is the family's default kind.
  static Orientation read(const ParamReader& reader, Kind fallback);
  // Adds "orientation", "axis" and "spread" to `params`.
  void to_json(nlohmann::json& params) const;
  // A random unit vector.
  Vec3 sample(Rng& rng) const;
};

// A random orthonormal frame {u, v, w} whose third axis is `w` (a unit vector), rotated about
// it by a uniform angle.
std::array<Vec3, 3> random_frame_around(const Vec3& w, Rng& rng);

}  // namespace condnet::voxel::generate
