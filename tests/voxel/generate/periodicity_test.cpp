// Every family is periodic along every axis: the two faces normal to an axis match each other as
// closely as any two neighbouring interior slices do (objects cut by a face continue on the
// opposite one), whereas an unwrapped structure would leave the faces uncorrelated.
#include <gtest/gtest.h>

#include "voxel/generate/generator.hpp"

namespace condnet::test {
namespace {

// The fraction of voxels that differ between slice i and slice i+1 (mod n) normal to `axis`.
double mismatch(const voxel::Volume& v, int axis, std::int64_t i) {
  const voxel::Shape& s = v.shape();
  const std::array<std::int64_t, 3> n = {s.nx, s.ny, s.nz};
  std::int64_t differ = 0;
  for (std::int64_t a = 0; a < n[(axis + 1) % 3]; ++a)
    for (std::int64_t b = 0; b < n[(axis + 2) % 3]; ++b) {
      std::array<std::int64_t, 3> p{}, q{};
      p[axis] = i;
      q[axis] = (i + 1) % n[axis];
      p[(axis + 1) % 3] = q[(axis + 1) % 3] = a;
      p[(axis + 2) % 3] = q[(axis + 2) % 3] = b;
      differ += v(p[0], p[1], p[2]) != v(q[0], q[1], q[2]);
    }
  return static_cast<double>(differ) / static_cast<double>(n[(axis + 1) % 3] * n[(axis + 2) % 3]);
}

TEST(Periodicity, FacesMatchLikeInteriorSlicesInEveryFamily) {
  const voxel::Shape shape{40, 48, 56};
  for (const auto& info : voxel::generate::families()) {
    if (info.name == "mix") continue;
    const auto generator = voxel::generate::make_generator({{"family", info.name}});
    for (int axis = 0; axis < 3; ++axis) {
      const std::int64_t n = std::array<std::int64_t, 3>{shape.nx, shape.ny, shape.nz}[axis];
      double across_face = 0, interior = 0;
      for (int seed = 0; seed < 3; ++seed) {
        const auto sample = generator->generate(shape, 40 + seed);
        across_face += mismatch(sample.volume, axis, n - 1);
        for (std::int64_t i = 0; i + 1 < n; ++i) interior += mismatch(sample.volume, axis, i);
      }
      interior /= static_cast<double>(n - 1);
      // Three slice pairs against the interior's mean over 3 (n - 1): within 50% and 2 points.
      EXPECT_LT(across_face, 1.5 * interior + 0.02 * 3) << info.name << " axis " << axis;
    }
  }
}

}  // namespace
}  // namespace condnet::test
