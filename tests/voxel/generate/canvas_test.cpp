// Painting bodies into the periodic canvas against a per-voxel brute-force inside test over the
// 27 periodic images of every voxel centre.
#include "voxel/generate/canvas.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "voxel/generate/orientation.hpp"
#include "voxel/generate/random.hpp"

namespace condnet::test {
namespace {

using voxel::Shape;
using voxel::Volume;
using voxel::generate::Vec3;

// Voxels whose inside-test margin is this close to zero are left out of the comparison.
constexpr double kBoundary = 1e-9;

// margin(p) > 0 inside the body, < 0 outside.
using Margin = std::function<double(const Vec3&)>;

// Compares the canvas after painting with the brute-force set; returns the number of voxels
// compared.
template <typename Body>
std::int64_t expect_painted_as(const Shape& shape, const Body& body, const Margin& margin) {
  Volume volume(shape, voxel::generate::kConducting);
  voxel::generate::Canvas canvas(volume, voxel::generate::kSolid);
  canvas.paint(body);
  std::int64_t compared = 0, inside = 0, mismatches = 0;
  for (std::int64_t x = 0; x < shape.nx; ++x)
    for (std::int64_t y = 0; y < shape.ny; ++y)
      for (std::int64_t z = 0; z < shape.nz; ++z) {
        double best = -1e300;
        for (int i = -1; i <= 1; ++i)
          for (int j = -1; j <= 1; ++j)
            for (int k = -1; k <= 1; ++k)
              best = std::max(best, margin({static_cast<double>(x + i * shape.nx),
                                            static_cast<double>(y + j * shape.ny),
                                            static_cast<double>(z + k * shape.nz)}));
        if (std::abs(best) < kBoundary) continue;
        ++compared;
        inside += best > 0;
        mismatches += (best > 0) != (volume(x, y, z) == voxel::generate::kSolid);
      }
  EXPECT_EQ(mismatches, 0);
  EXPECT_GT(inside, 0);
  EXPECT_EQ(canvas.conducting(), shape.count() - inside);
  return compared;
}

Vec3 minus(const Vec3& a, const Vec3& b) { return {a[0] - b[0], a[1] - b[1], a[2] - b[2]}; }

TEST(Canvas, SpheresWrapAroundEveryFace) {
  voxel::generate::Rng rng(11);
  const Shape shape{20, 17, 23};
  for (int trial = 0; trial < 20; ++trial) {
    // Centres near a corner so that the sphere crosses faces.
    const Vec3 centre = {rng.uniform(-2, 3), rng.uniform(14, 19), rng.uniform(-1, 25)};
    const double radius = rng.uniform(1, 6);
    expect_painted_as(shape, voxel::generate::Sphere{centre, radius}, [&](const Vec3& p) {
      const Vec3 d = minus(p, centre);
      return radius * radius - voxel::generate::dot(d, d);
    });
  }
}

TEST(Canvas, EllipsoidsMatchTheirDefinition) {
  voxel::generate::Rng rng(12);
  const Shape shape{24, 24, 24};
  const voxel::generate::Orientation isotropic;
  for (int trial = 0; trial < 20; ++trial) {
    const Vec3 centre = {rng.uniform(0, 24), rng.uniform(0, 24), rng.uniform(0, 24)};
    const Vec3 semi = {rng.uniform(1, 7), rng.uniform(1, 7), rng.uniform(0.7, 3)};
    const auto axes = voxel::generate::random_frame_around(isotropic.sample(rng), rng);
    expect_painted_as(shape, voxel::generate::Ellipsoid(centre, semi, axes), [&](const Vec3& p) {
      double q = 0;
      for (int k = 0; k < 3; ++k) {
        const double c = voxel::generate::dot(minus(p, centre), axes[k]) / semi[k];
        q += c * c;
      }
      return 1 - q;
    });
  }
}

TEST(Canvas, CylindersMatchTheirDefinition) {
  voxel::generate::Rng rng(13);
  const Shape shape{26, 22, 24};
  const voxel::generate::Orientation isotropic;
  for (int trial = 0; trial < 20; ++trial) {
    const Vec3 centre = {rng.uniform(0, 26), rng.uniform(0, 22), rng.uniform(0, 24)};
    // Every third cylinder exactly along an axis: the degenerate cases of the quadratic.
    Vec3 direction = isotropic.sample(rng);
    if (trial % 3 == 0) direction = {0, 0, 0}, direction[trial % 9 / 3] = 1;
    const double length = rng.uniform(2, 18), radius = rng.uniform(0.6, 3);
    expect_painted_as(
        shape, voxel::generate::Cylinder{centre, direction, length, radius}, [&](const Vec3& p) {
          const Vec3 d = minus(p, centre);
          const double t = voxel::generate::dot(d, direction);
          const double across = radius * radius - (voxel::generate::dot(d, d) - t * t);
          return std::min(across, 0.5 * length - std::abs(t));
        });
  }
}

TEST(Canvas, UndoRestoresTheLastBodyOnly) {
  const Shape shape{16, 16, 16};
  Volume volume(shape, voxel::generate::kConducting);
  voxel::generate::Canvas canvas(volume, voxel::generate::kSolid);
  canvas.paint(voxel::generate::Sphere{{4, 4, 4}, 3});
  const Volume after_first = volume;
  const std::int64_t conducting_after_first = canvas.conducting();
  canvas.paint(voxel::generate::Sphere{{6, 4, 4}, 3});  // overlaps the first
  EXPECT_LT(canvas.conducting(), conducting_after_first);
  canvas.undo_last();
  EXPECT_EQ(canvas.conducting(), conducting_after_first);
  EXPECT_TRUE(std::equal(volume.data(), volume.data() + volume.count(), after_first.data()));
}

TEST(Canvas, PaintUntilStopsAtTheCloserSideOfTheTarget) {
  const Shape shape{32, 32, 32};
  voxel::generate::Rng rng(14);
  for (const std::int64_t target : {30000, 20000, 5000}) {
    Volume volume(shape, voxel::generate::kConducting);
    voxel::generate::Canvas canvas(volume, voxel::generate::kSolid);
    std::int64_t biggest_step = 0, previous = canvas.conducting();
    voxel::generate::paint_until(canvas, target, [&] {
      biggest_step = std::max(biggest_step, previous - canvas.conducting());
      previous = canvas.conducting();
      return voxel::generate::Sphere{{rng.uniform(0, 32), rng.uniform(0, 32), rng.uniform(0, 32)},
                                     4.0};
    });
    std::int64_t count = 0;
    for (std::int64_t i = 0; i < volume.count(); ++i)
      count += volume.data()[i] == voxel::generate::kConducting;
    EXPECT_EQ(count, canvas.conducting());
    // Within half of a sphere of radius 4 (at most 4/3 pi 64 + surface voxels < 300).
    EXPECT_LE(std::abs(count - target), 150) << target;
  }
}

}  // namespace
}  // namespace condnet::test
