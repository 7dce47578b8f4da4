#include "voxel/generate/orientation.hpp"

#include <cmath>
#include <numbers>

namespace condnet::voxel::generate {

namespace {

constexpr double kTwoPi = 2 * std::numbers::pi;

const char* kind_name(Orientation::Kind kind) {
  switch (kind) {
    case Orientation::Kind::isotropic:
      return "isotropic";
    case Orientation::Kind::in_plane:
      return "in-plane";
    case Orientation::Kind::aligned:
      return "aligned";
  }
  return "";
}

// The unit vector at polar angle `polar` from axis `axis` and azimuth `azimuth` around it.
Vec3 from_axis(int axis, double polar, double azimuth) {
  Vec3 v{};
  v[axis] = std::cos(polar);
  v[(axis + 1) % 3] = std::sin(polar) * std::cos(azimuth);
  v[(axis + 2) % 3] = std::sin(polar) * std::sin(azimuth);
  return v;
}

}  // namespace

Orientation Orientation::read(const ParamReader& reader, Kind fallback) {
  Orientation o;
  const std::string kind =
      reader.choice("orientation", kind_name(fallback), {"isotropic", "in-plane", "aligned"});
  o.kind = kind == "isotropic"  ? Kind::isotropic
           : kind == "in-plane" ? Kind::in_plane
                                : Kind::aligned;
  o.axis = reader.axis("axis", 0);
  o.spread_degrees = reader.number("spread", 0, {0, 90, "0 to 90 degrees"});
  return o;
}

void Orientation::to_json(nlohmann::json& params) const {
  params["orientation"] = kind_name(kind);
  params["axis"] = std::string(1, "xyz"[axis]);
  params["spread"] = spread_degrees;
}

Vec3 Orientation::sample(Rng& rng) const {
  const double spread = spread_degrees * std::numbers::pi / 180.0;
  switch (kind) {
    case Kind::isotropic: {
      const double cos_polar = rng.uniform(-1.0, 1.0);
      return from_axis(2, std::acos(cos_polar), kTwoPi * rng.uniform());
    }
    case Kind::in_plane: {
      const double tilt = spread > 0 ? spread * rng.normal() : 0.0;
      return from_axis(axis, 0.5 * std::numbers::pi - tilt, kTwoPi * rng.uniform());
    }
    case Kind::aligned: {
      const double tilt = spread > 0 ? spread * rng.normal() : 0.0;
      return from_axis(axis, tilt, kTwoPi * rng.uniform());
    }
  }
  return {0, 0, 1};
}

std::array<Vec3, 3> random_frame_around(const Vec3& w, Rng& rng) {
  // Any vector not parallel to w gives a first perpendicular; then rotate it about w.
  const Vec3 helper = std::abs(w[0]) < 0.9 ? Vec3{1, 0, 0} : Vec3{0, 1, 0};
  const Vec3 a = normalized(cross(w, helper));
  const Vec3 b = cross(w, a);
  const double angle = kTwoPi * rng.uniform();
  const double c = std::cos(angle), s = std::sin(angle);
  const Vec3 u{c * a[0] + s * b[0], c * a[1] + s * b[1], c * a[2] + s * b[2]};
  return {u, cross(w, u), w};
}

}  // namespace condnet::voxel::generate
