// Every family is periodic along every axis: the two faces normal to an axis match each other as
// closely as any two neighbouring interior slices do (objects cut by a face continue on the
// opposite one), whereas an unwrapped structure would leave the faces as unlike as two slices
// half the sample apart.
#include <gtest/gtest.h>

#include "voxel/generate/generator.hpp"

namespace condnet::test {
namespace {

// The fraction of voxels that differ between slices i and j (mod n) normal to `axis`.
double mismatch(const voxel::Volume& v, int axis, std::int64_t i, std::int64_t j) {
  const voxel::Shape& s = v.shape();
  const std::array<std::int64_t, 3> n = {s.nx, s.ny, s.nz};
  std::int64_t differ = 0;
  for (std::int64_t a = 0; a < n[(axis + 1) % 3]; ++a)
    for (std::int64_t b = 0; b < n[(axis + 2) % 3]; ++b) {
      std::array<std::int64_t, 3> p{}, q{};
      p[axis] = i;
      q[axis] = j % n[axis];
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
      double across_face = 0, neighbours = 0, half_apart = 0;
      for (int seed = 0; seed < 3; ++seed) {
        const auto sample = generator->generate(shape, 40 + seed);
        across_face += mismatch(sample.volume, axis, n - 1, 0);
        for (std::int64_t i = 0; i + 1 < n; ++i) {
          neighbours += mismatch(sample.volume, axis, i, i + 1);
          half_apart += mismatch(sample.volume, axis, i, i + n / 2);
        }
      }
      neighbours /= static_cast<double>(n - 1);
      half_apart /= static_cast<double>(n - 1);
      EXPECT_LT(across_face, 0.5 * (neighbours + half_apart))
          << info.name << " axis " << axis << ": neighbours " << neighbours / 3
          << ", half the sample apart " << half_apart / 3;
    }
  }
}

}  // namespace
}  // namespace condnet::test
