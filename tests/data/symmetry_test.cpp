// The 48 cube symmetries: the fast remap against a plain per-voxel reference, group
// properties, speed, and physics: D_eff of a transformed anisotropic sample equals the
// permuted labels of the original.
#include "data/symmetry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "solve/solve.hpp"
#include "voxel/generate/generator.hpp"

namespace condnet::test {
namespace {

using data::CubeSymmetry;
using Cube = std::vector<std::uint8_t>;  // n^3, C order [x, y, z]

// The definition, voxel by voxel: out[c] = in[q] with q[perm[i]] = flip[i] ? n-1-c[i] : c[i].
Cube reference_apply(const data::CubeSymmetry& s, const Cube& in, int n) {
  Cube out(in.size());
  std::array<int, 3> c{}, q{};
  for (c[0] = 0; c[0] < n; ++c[0])
    for (c[1] = 0; c[1] < n; ++c[1])
      for (c[2] = 0; c[2] < n; ++c[2]) {
        for (int i = 0; i < 3; ++i) q[s.perm[i]] = s.flip[i] ? n - 1 - c[i] : c[i];
        out[(c[0] * n + c[1]) * n + c[2]] = in[(q[0] * n + q[1]) * n + q[2]];
      }
  return out;
}

Cube apply(const data::CubeSymmetry& s, const Cube& in, int n) {
  Cube out(in.size());
  s.apply(in.data(), out.data(), n);
  return out;
}

Cube random_cube(int n, std::uint32_t seed) {
  Cube cube(static_cast<std::size_t>(n) * n * n);
  std::mt19937 generator(seed);
  for (auto& v : cube) v = static_cast<std::uint8_t>(generator() % 251);
  return cube;
}

TEST(CubeSymmetry, IndicesEnumerateAllPermutationsAndFlips) {
  std::set<std::pair<std::array<int, 3>, std::array<bool, 3>>> seen;
  for (int index = 0; index < data::CubeSymmetry::kCount; ++index) {
    const auto s = data::CubeSymmetry::from_index(index);
    auto sorted = s.perm;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, (std::array{0, 1, 2})) << index;
    seen.insert({s.perm, s.flip});
  }
  EXPECT_EQ(seen.size(), 48u);
  const auto identity = data::CubeSymmetry::from_index(0);
  EXPECT_EQ(identity.perm, (std::array{0, 1, 2}));
  EXPECT_EQ(identity.flip, (std::array{false, false, false}));
}

TEST(CubeSymmetry, IdentityLeavesTheCubeUnchanged) {
  const Cube cube = random_cube(7, 1);
  EXPECT_EQ(apply(CubeSymmetry::from_index(0), cube, 7), cube);
}

TEST(CubeSymmetry, MovesOneVoxelWhereTheConventionSays) {
  // perm {2, 0, 1} flipping output axis 0: in(1, 2, 3) lands at out(5-1-3, 1, 2) = out(1, 1, 2).
  const int n = 5;
  Cube cube(n * n * n, 0);
  cube[(1 * n + 2) * n + 3] = 7;
  const auto s = data::CubeSymmetry::from_index(8 * 4 + 1);
  ASSERT_EQ(s.perm, (std::array{2, 0, 1}));
  ASSERT_EQ(s.flip, (std::array{true, false, false}));
  const Cube out = apply(s, cube, n);
  EXPECT_EQ(out[(1 * n + 1) * n + 2], 7);
  EXPECT_EQ(std::count(out.begin(), out.end(), 0), n * n * n - 1);
  EXPECT_EQ(s.permute_labels(std::array{10.0, 20.0, 30.0}), (std::array{30.0, 10.0, 20.0}));
  EXPECT_EQ(s.permute_labels(std::array{1.0f, 2.0f, 3.0f}), (std::array{3.0f, 1.0f, 2.0f}));
}

TEST(CubeSymmetry, FastRemapEqualsReference) {
  for (int n : {1, 2, 5, 9, 17, 48}) {
    const Cube cube = random_cube(n, n);
    for (int index = 0; index < data::CubeSymmetry::kCount; ++index) {
      const auto s = data::CubeSymmetry::from_index(index);
      EXPECT_EQ(apply(s, cube, n), reference_apply(s, cube, n)) << "n " << n << " index " << index;
    }
  }
}

TEST(CubeSymmetry, AsymmetricCubeHas48DistinctImages) {
  const Cube cube = random_cube(6, 3);
  std::set<std::string> images;  // the images' bytes
  for (int index = 0; index < data::CubeSymmetry::kCount; ++index) {
    const Cube image = apply(CubeSymmetry::from_index(index), cube, 6);
    images.emplace(image.begin(), image.end());
  }
  EXPECT_EQ(images.size(), 48u);
}

TEST(CubeSymmetry, CompositionsStayInTheGroupAndLabelsCompose) {
  // b(a(cube)) is some c(cube), every c is reached, and labels follow the same composition.
  const int n = 4;
  const Cube cube = random_cube(n, 4);
  std::vector<Cube> images;
  for (int index = 0; index < data::CubeSymmetry::kCount; ++index)
    images.push_back(apply(CubeSymmetry::from_index(index), cube, n));
  const std::array labels = {1.0, 2.0, 3.0};
  for (int a = 0; a < data::CubeSymmetry::kCount; ++a) {
    std::set<int> reached;
    for (int b = 0; b < data::CubeSymmetry::kCount; ++b) {
      const auto sa = data::CubeSymmetry::from_index(a), sb = data::CubeSymmetry::from_index(b);
      const Cube twice = apply(sb, images[a], n);
      const auto c = std::find(images.begin(), images.end(), twice) - images.begin();
      ASSERT_LT(c, data::CubeSymmetry::kCount) << a << " then " << b;
      reached.insert(static_cast<int>(c));
      EXPECT_EQ(sb.permute_labels(sa.permute_labels(labels)),
                data::CubeSymmetry::from_index(static_cast<int>(c)).permute_labels(labels));
    }
    EXPECT_EQ(reached.size(), 48u) << a;
  }
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

TEST(CubeSymmetry, RemapsA64CubeWellUnderAMillisecond) {
  for (int n : {48, 64}) {
    const Cube cube = random_cube(n, 5);
    Cube out(cube.size());
    double worst_us = 0;
    for (int index = 0; index < data::CubeSymmetry::kCount; ++index) {
      const auto s = data::CubeSymmetry::from_index(index);
      double best_us = 1e300;
      for (int repeat = 0; repeat < 5; ++repeat) {
        const auto start = std::chrono::steady_clock::now();
        s.apply(cube.data(), out.data(), n);
        const std::chrono::duration<double, std::micro> took =
            std::chrono::steady_clock::now() - start;
        best_us = std::min(best_us, took.count());
      }
      worst_us = std::max(worst_us, best_us);
    }
    std::cout << n << "^3: slowest of the 48 symmetries " << worst_us << " us\n";
    if (!kSanitized) EXPECT_LT(worst_us, 500) << n;
  }
}

// D_eff along x, y, z (binary: label 1 conducts), solved tightly.
std::array<double, 3> d_eff(const voxel::Volume& volume) {
  std::array<double, 3> d{};
  for (int axis = 0; axis < 3; ++axis) {
    solve::SolveOptions options;
    options.axis = axis;
    options.tolerance = 1e-11;
    const auto result = solve::solve_axis(volume, solve::binary_conductivity(1), options);
    EXPECT_TRUE(result.converged);
    d[axis] = result.d_eff;
  }
  return d;
}

void expect_labels_follow(const char* config, int n) {
  const auto generator = voxel::generate::make_generator(nlohmann::json::parse(config));
  const voxel::Volume original = generator->generate({n, n, n}, 11).volume;
  const auto d = d_eff(original);
  std::cout << config << ": D_eff " << d[0] << ", " << d[1] << ", " << d[2] << "\n";
  // The sample must be anisotropic, or permuting the labels proves nothing.
  ASSERT_GT(d[2], 1.3 * std::max(d[0], d[1])) << config;
  ASSERT_GT(std::min(d[0], d[1]), 0.0) << config;
  // Every permutation, with assorted flips.
  for (int index : {1, 6, 10, 15, 19, 20, 27, 33, 38, 44, 47}) {
    const auto s = data::CubeSymmetry::from_index(index);
    voxel::Volume transformed(original.shape());
    s.apply(original.data(), transformed.data(), n);
    const auto expected = s.permute_labels(d);
    const auto got = d_eff(transformed);
    for (int axis = 0; axis < 3; ++axis)
      EXPECT_NEAR(got[axis], expected[axis], 1e-6 * expected[axis])
          << config << " symmetry " << index << " axis " << axis;
  }
}

TEST(CubeSymmetry, TransformedSampleHasPermutedConductivities) {
  expect_labels_follow(
      R"({"family":"gaussian-field","porosity":0.45,"correlation-length":[1.5,1.5,6]})", 24);
  expect_labels_follow(
      R"({"family":"fibres","orientation":"aligned","axis":"z","porosity":0.6,"radius":1.5,"length":24})",
      24);
}

}  // namespace
}  // namespace condnet::test
