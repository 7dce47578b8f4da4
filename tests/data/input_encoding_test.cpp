// The input encodings (data/input_encoding.hpp) against cubes whose spanning clusters are
// known by construction: a solid layer blocks one axis, a sealed pocket and a dead end touching
// one face never span, and the bound is the spanning fraction or eps exactly.
#include "data/input_encoding.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/error.hpp"

namespace condnet::data {
namespace {

constexpr std::int64_t kEdge = 8;
constexpr std::int64_t kVoxels = kEdge * kEdge * kEdge;

std::int64_t index(std::int64_t x, std::int64_t y, std::int64_t z) {
  return (x * kEdge + y) * kEdge + z;
}

// Conducting everywhere except a solid layer at x = 4: spans along y and z, not along x.
std::vector<std::uint8_t> blocked_along_x() {
  std::vector<std::uint8_t> cube(kVoxels, 1);
  for (std::int64_t y = 0; y < kEdge; ++y)
    for (std::int64_t z = 0; z < kEdge; ++z) cube[index(4, y, z)] = 0;
  return cube;
}

TEST(InputEncoding, ASolidLayerMakesTheBoundAlongItsNormalExactlyZero) {
  const auto cube = blocked_along_x();
  const double eps = 7.0 / 8;
  const auto phase = InputEncoding::parse("phase", "test");
  std::vector<float> one(kVoxels);
  EXPECT_EQ(phase.encode(cube, kEdge, one), (std::array<double, 3>{0.0, eps, eps}));
  for (std::int64_t i = 0; i < kVoxels; ++i) EXPECT_EQ(one[i], cube[i]);

  const auto spanning = InputEncoding::parse("spanning", "test");
  ASSERT_EQ(spanning.channels(), 3);
  std::vector<float> three(3 * kVoxels, -1.0f);
  EXPECT_EQ(spanning.encode(cube, kEdge, three), (std::array<double, 3>{0.0, eps, eps}));
  EXPECT_EQ(std::count(three.begin(), three.begin() + kVoxels, 0.0f), kVoxels);  // x: empty
  for (int axis : {1, 2})
    for (std::int64_t i = 0; i < kVoxels; ++i) EXPECT_EQ(three[axis * kVoxels + i], cube[i]);
}

TEST(InputEncoding, PocketsAndDeadEndsTouchingOneFaceAreNotSpanning) {
  std::vector<std::uint8_t> cube(kVoxels, 0);
  for (std::int64_t x = 0; x < kEdge; ++x) cube[index(x, 1, 1)] = 1;  // a column along x
  cube[index(4, 5, 5)] = 1;                                           // a sealed pocket
  for (std::int64_t y = 0; y < 3; ++y) cube[index(6, y, 6)] = 1;      // touches the y = 0 face
  const double eps = 12.0 / kVoxels, column = 8.0 / kVoxels;

  const auto phase = InputEncoding::parse("phase", "test");
  std::vector<float> one(kVoxels);
  EXPECT_EQ(phase.encode(cube, kEdge, one), (std::array<double, 3>{eps, 0.0, 0.0}));
  EXPECT_EQ(std::count(one.begin(), one.end(), 1.0f), 12);  // the phase, pocket included

  const auto spanning = InputEncoding::parse("spanning", "test");
  std::vector<float> three(3 * kVoxels);
  EXPECT_EQ(spanning.encode(cube, kEdge, three), (std::array<double, 3>{column, 0.0, 0.0}));
  for (std::int64_t i = 0; i < kVoxels; ++i)
    EXPECT_EQ(three[i], i % (kEdge * kEdge) == index(0, 1, 1) ? 1.0f : 0.0f) << i;
  EXPECT_EQ(std::count(three.begin() + kVoxels, three.end(), 0.0f), 2 * kVoxels);
}

TEST(InputEncoding, UnknownNamesAreOneLineNamingWhereAndWhatIsAllowed) {
  try {
    InputEncoding::parse("voxels", "--input");
    FAIL() << "no error";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("--input"), std::string::npos) << message;
    EXPECT_NE(message.find("'voxels'"), std::string::npos) << message;
    EXPECT_NE(message.find("phase, spanning"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace condnet::data
