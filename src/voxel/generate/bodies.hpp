#pragma once
// Solid bodies that generators paint into a voxel grid. Each gives the (x, y) box it covers
// and, for a line of voxel centres (x, y, z) along z, the z interval inside it; voxel (x, y, z)
// has its centre at the point (x, y, z), in voxel units. Coordinates may lie outside the grid:
// the canvas wraps them periodically.
#include <array>

namespace condnet::voxel::generate {

using Vec3 = std::array<double, 3>;

double dot(const Vec3& a, const Vec3& b);
Vec3 cross(const Vec3& a, const Vec3& b);
Vec3 normalized(const Vec3& v);

struct Footprint {
  double x0, x1, y0, y1;  // the body lies within [x0, x1] x [y0, y1]
};

struct ZInterval {
  double lo, hi;  // empty when lo > hi
};

struct Sphere {
  Vec3 centre;
  double radius;

  Footprint footprint() const;
  ZInterval z_interval(double x, double y) const;
};

// A solid ellipsoid with semi-axes a, b, c along the orthonormal axes u, v, w.
class Ellipsoid {
 public:
  Ellipsoid(const Vec3& centre, const Vec3& semi_axes, const std::array<Vec3, 3>& axes);
  Footprint footprint() const;
  ZInterval z_interval(double x, double y) const;

 private:
  Vec3 centre_;
  // The quadratic form Q with (p - centre)^T Q (p - centre) <= 1 inside, as xx, yy, zz, xy, xz, yz.
  double qxx_, qyy_, qzz_, qxy_, qxz_, qyz_;
  Vec3 half_extent_;  // of the bounding box
};

// A cylinder with flat ends: axis from `centre - length/2 * direction` to
// `centre + length/2 * direction` (direction a unit vector), radius `radius`.
struct Cylinder {
  Vec3 centre;
  Vec3 direction;
  double length;
  double radius;

  Footprint footprint() const;
  ZInterval z_interval(double x, double y) const;
};

}  // namespace condnet::voxel::generate
