// Anisotropic families produce structures elongated in the expected direction, measured
// without the solver by the mean chord length of a phase along each axis; isotropic settings
// give equal chords.
#include <gtest/gtest.h>

#include "generate_test_support.hpp"
#include "voxel/generate/generator.hpp"

namespace condnet::test {
namespace {

using voxel::generate::kConducting;
using voxel::generate::kSolid;

constexpr int kSamples = 4;

// Mean chord of `label` along x, y, z over kSamples samples of 64^3.
std::array<double, 3> chords(const char* config, std::uint8_t label) {
  const auto generator = voxel::generate::make_generator(nlohmann::json::parse(config));
  std::array<double, 3> sum{};
  for (int seed = 0; seed < kSamples; ++seed) {
    const auto sample = generator->generate({64, 64, 64}, seed);
    for (int axis = 0; axis < 3; ++axis) sum[axis] += mean_chord(sample.volume, label, axis);
  }
  for (double& c : sum) c /= kSamples;
  return sum;
}

TEST(Anisotropy, GaussianFieldFollowsItsCorrelationLengths) {
  const auto c = chords(R"({"family":"gaussian-field","correlation-length":[2,2,8]})", kConducting);
  EXPECT_GT(c[2], 2.5 * c[0]);
  EXPECT_GT(c[2], 2.5 * c[1]);
  EXPECT_NEAR(c[0] / c[1], 1.0, 0.1);
}

TEST(Anisotropy, GaussianFieldStretchLengthensOneAxis) {
  const auto c = chords(R"({"family":"gaussian-field","stretch":6,"axis":"y"})", kConducting);
  EXPECT_GT(c[1], 3 * c[0]);
  EXPECT_GT(c[1], 3 * c[2]);
  EXPECT_NEAR(c[0] / c[2], 1.0, 0.1);
  // A stretch is the correlation length along --axis times the factor.
  const auto stretched =
      voxel::generate::make_generator(
          nlohmann::json::parse(
              R"({"family":"gaussian-field","correlation-length":3,"stretch":[2,8],"axis":"z"})"))
          ->generate({32, 32, 32}, 4);
  const double stretch = stretched.params.at("stretch").get<double>();
  const auto same =
      voxel::generate::make_generator({{"family", "gaussian-field"},
                                       {"correlation-length", {3.0, 3.0, 3.0 * stretch}},
                                       {"porosity", stretched.params.at("porosity")}})
          ->generate({32, 32, 32}, 4);
  EXPECT_TRUE(std::equal(stretched.volume.data(),
                         stretched.volume.data() + stretched.volume.count(), same.volume.data()));
  // Without --stretch the parameters are as before it existed.
  EXPECT_FALSE(voxel::generate::make_generator(
                   nlohmann::json::parse(R"({"family":"gaussian-field","axis":"z"})"))
                   ->generate({32, 32, 32}, 4)
                   .params.contains("stretch"));
}

TEST(Anisotropy, AlignedFibresAreLongAlongTheirAxis) {
  const auto c = chords(R"({"family":"fibres","orientation":"aligned","axis":"z"})", kSolid);
  EXPECT_GT(c[2], 4 * c[0]);
  EXPECT_GT(c[2], 4 * c[1]);
  // The pores too are elongated along the fibres.
  const auto p = chords(R"({"family":"fibres","orientation":"aligned","axis":"z"})", kConducting);
  EXPECT_GT(p[2], 2 * p[0]);
}

TEST(Anisotropy, InPlaneFibresAreShortAcrossThePlane) {
  const auto c = chords(R"({"family":"fibres","orientation":"in-plane","axis":"x"})", kSolid);
  EXPECT_LT(c[0], 0.75 * c[1]);
  EXPECT_LT(c[0], 0.75 * c[2]);
  EXPECT_NEAR(c[1] / c[2], 1.0, 0.15);
}

TEST(Anisotropy, PlateletsAreThinAlongTheirNormal) {
  const auto c = chords(R"({"family":"ellipsoids","semi-axes":[8,8,2],"axis":"x"})", kSolid);
  EXPECT_LT(c[0], 0.5 * c[1]);
  EXPECT_LT(c[0], 0.5 * c[2]);
  EXPECT_NEAR(c[1] / c[2], 1.0, 0.15);
}

TEST(Anisotropy, IsotropicSettingsGiveEqualChords) {
  for (const char* config :
       {R"({"family":"overlapping-spheres"})", R"({"family":"fibres"})",
        R"({"family":"gaussian-field"})", R"({"family":"ellipsoids","orientation":"isotropic"})"}) {
    const auto c = chords(config, kSolid);
    for (int axis = 1; axis < 3; ++axis) EXPECT_NEAR(c[axis] / c[0], 1.0, 0.12) << config;
  }
}

}  // namespace
}  // namespace condnet::test
