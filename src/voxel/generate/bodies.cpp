#include "voxel/generate/bodies.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace condnet::voxel::generate {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr ZInterval kEmpty = {1.0, 0.0};

// The z' interval where a z'^2 + 2 b z' + c <= 0 (a >= 0).
ZInterval quadratic_interval(double a, double b, double c) {
  if (a <= 1e-12) {
    if (std::abs(b) <= 1e-12) return c <= 0 ? ZInterval{-kInfinity, kInfinity} : kEmpty;
    return b > 0 ? ZInterval{-kInfinity, -c / (2 * b)} : ZInterval{-c / (2 * b), kInfinity};
  }
  const double discriminant = b * b - a * c;
  if (discriminant < 0) return kEmpty;
  const double root = std::sqrt(discriminant);
  return {(-b - root) / a, (-b + root) / a};
}

}  // namespace

double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

Vec3 normalized(const Vec3& v) {
  const double norm = std::sqrt(dot(v, v));
  return {v[0] / norm, v[1] / norm, v[2] / norm};
}

Footprint Sphere::footprint() const {
  return {centre[0] - radius, centre[0] + radius, centre[1] - radius, centre[1] + radius};
}

ZInterval Sphere::z_interval(double x, double y) const {
  const double dx = x - centre[0], dy = y - centre[1];
  const double h2 = radius * radius - dx * dx - dy * dy;
  if (h2 < 0) return kEmpty;
  const double h = std::sqrt(h2);
  return {centre[2] - h, centre[2] + h};
}

Ellipsoid::Ellipsoid(const Vec3& centre, const Vec3& semi_axes, const std::array<Vec3, 3>& axes)
    : centre_(centre) {
  // Q = sum_k axis_k axis_k^T / s_k^2; the box half-extent along i is sqrt(sum_k axis_k[i]^2
  // s_k^2).
  qxx_ = qyy_ = qzz_ = qxy_ = qxz_ = qyz_ = 0;
  half_extent_ = {0, 0, 0};
  for (int k = 0; k < 3; ++k) {
    const Vec3& e = axes[k];
    const double inverse = 1.0 / (semi_axes[k] * semi_axes[k]);
    qxx_ += e[0] * e[0] * inverse;
    qyy_ += e[1] * e[1] * inverse;
    qzz_ += e[2] * e[2] * inverse;
    qxy_ += e[0] * e[1] * inverse;
    qxz_ += e[0] * e[2] * inverse;
    qyz_ += e[1] * e[2] * inverse;
    for (int i = 0; i < 3; ++i) half_extent_[i] += e[i] * e[i] * semi_axes[k] * semi_axes[k];
  }
  for (double& h : half_extent_) h = std::sqrt(h);
}

Footprint Ellipsoid::footprint() const {
  return {centre_[0] - half_extent_[0], centre_[0] + half_extent_[0], centre_[1] - half_extent_[1],
          centre_[1] + half_extent_[1]};
}

ZInterval Ellipsoid::z_interval(double x, double y) const {
  const double dx = x - centre_[0], dy = y - centre_[1];
  const ZInterval local = quadratic_interval(
      qzz_, qxz_ * dx + qyz_ * dy, qxx_ * dx * dx + 2 * qxy_ * dx * dy + qyy_ * dy * dy - 1);
  return {centre_[2] + local.lo, centre_[2] + local.hi};
}

Footprint Cylinder::footprint() const {
  Footprint box{kInfinity, -kInfinity, kInfinity, -kInfinity};
  for (const double end : {-0.5 * length, 0.5 * length}) {
    box.x0 = std::min(box.x0, centre[0] + end * direction[0]);
    box.x1 = std::max(box.x1, centre[0] + end * direction[0]);
    box.y0 = std::min(box.y0, centre[1] + end * direction[1]);
    box.y1 = std::max(box.y1, centre[1] + end * direction[1]);
  }
  return {box.x0 - radius, box.x1 + radius, box.y0 - radius, box.y1 + radius};
}

ZInterval Cylinder::z_interval(double x, double y) const {
  // q = p - centre = (qx, qy, z'); t = q . d along the axis; inside when |t| <= length/2 and
  // |q|^2 - t^2 <= radius^2, with t = t0 + dz z'.
  const double qx = x - centre[0], qy = y - centre[1];
  const double dz = direction[2];
  const double t0 = qx * direction[0] + qy * direction[1];
  const ZInterval around =
      quadratic_interval(1 - dz * dz, -t0 * dz, qx * qx + qy * qy - t0 * t0 - radius * radius);
  ZInterval along{-kInfinity, kInfinity};
  const double half = 0.5 * length;
  if (std::abs(dz) > 1e-12) {
    const double a = (-half - t0) / dz, b = (half - t0) / dz;
    along = {std::min(a, b), std::max(a, b)};
  } else if (std::abs(t0) > half) {
    return kEmpty;
  }
  return {centre[2] + std::max(around.lo, along.lo), centre[2] + std::min(around.hi, along.hi)};
}

}  // namespace condnet::voxel::generate
