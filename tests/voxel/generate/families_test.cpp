// Every family: the volume fraction within 1% over many seeds (counted by a plain loop), the
// same volume for the same seed, a different one for another seed, the sample's recorded
// parameters rebuild it exactly, and ranges are drawn across their span.
#include <gtest/gtest.h>

#include <set>

#include "generate_test_support.hpp"
#include "voxel/generate/generator.hpp"

namespace condnet::test {
namespace {

using voxel::Shape;
using voxel::Volume;
using voxel::generate::make_generator;

constexpr int kSeeds = 40;
const Shape kShape{64, 64, 64};

struct Case {
  const char* config;
  double tolerance;  // absolute, on the conducting volume fraction
};

const Case kCases[] = {
    {R"({"family":"overlapping-spheres","porosity":0.4})", 0.01},
    {R"({"family":"overlapping-spheres","porosity":0.1,"radius":[2,9]})", 0.01},
    {R"({"family":"packed-spheres","porosity":0.7})", 0.01},
    {R"({"family":"packed-spheres","porosity":0.8,"radius":[2,7]})", 0.01},
    {R"({"family":"gaussian-field","porosity":0.3,"correlation-length":[2,3,6]})", 1e-5},
    {R"({"family":"fibres","porosity":0.6,"radius":[1.5,3],"orientation":"in-plane"})", 0.01},
    {R"({"family":"fibres","porosity":0.9,"length":30,"orientation":"aligned","axis":"y",
        "spread":10})",
     0.01},
    {R"({"family":"ellipsoids","porosity":0.5})", 0.01},
    {R"({"family":"ellipsoids","porosity":0.3,"semi-axes":[2,2,7],"orientation":"isotropic"})",
     0.01},
    {R"({"family":"electrode","porosity":0.4,"binder":0.15})", 0.01},
    {R"({"family":"grain-pack","porosity":0.15})", 0.01},
    {R"({"family":"grain-pack","porosity":[0.05,0.35],"cement":[0,0.2],"aspect":2})", 0.01},
    {R"({"family":"calendered","porosity":0.3,"binder":0.1,"axis":"y"})", 0.01},
    {R"({"family":"foam","porosity":0.9})", 1e-5},
    {R"({"family":"foam","porosity":0.8,"cells":"closed","cell-size":10})", 1e-5},
    {R"({"family":"mix","porosity":0.75})", 0.01},
    {R"({"family":"mix"})", 0.01},
};

bool same(const Volume& a, const Volume& b) {
  return a.shape() == b.shape() && std::equal(a.data(), a.data() + a.count(), b.data());
}

TEST(Families, HitTheVolumeFractionForEverySeed) {
  for (const Case& c : kCases) {
    const auto generator = make_generator(nlohmann::json::parse(c.config));
    double worst = 0;
    for (int seed = 0; seed < kSeeds; ++seed) {
      const auto sample = generator->generate(kShape, 1000 + seed);
      const double target = sample.params.at("porosity").get<double>();
      const double got = fraction_of(sample.volume, voxel::generate::kConducting);
      worst = std::max(worst, std::abs(got - target));
      for (std::int64_t i = 0; i < sample.volume.count(); ++i)
        ASSERT_LT(sample.volume.data()[i], generator->phases()) << c.config;
    }
    EXPECT_LE(worst, c.tolerance) << c.config;
  }
}

TEST(Families, SameSeedSameVolumeOtherSeedOtherVolume) {
  for (const Case& c : kCases) {
    const auto generator = make_generator(nlohmann::json::parse(c.config));
    const auto a = generator->generate(kShape, 77);
    const auto b = make_generator(nlohmann::json::parse(c.config))->generate(kShape, 77);
    const auto other = generator->generate(kShape, 78);
    EXPECT_TRUE(same(a.volume, b.volume)) << c.config;
    EXPECT_EQ(a.params, b.params) << c.config;
    EXPECT_FALSE(same(a.volume, other.volume)) << c.config;
  }
}

TEST(Families, RecordedParametersRebuildTheSample) {
  for (const Case& c : kCases) {
    const auto generator = make_generator(nlohmann::json::parse(c.config));
    // Round trip of the generator's own description.
    EXPECT_EQ(make_generator(generator->to_json())->to_json(), generator->to_json()) << c.config;
    for (const std::uint64_t seed : {5u, 6u}) {
      const auto sample = generator->generate(kShape, seed);
      const auto again = make_generator(sample.params)->generate(kShape, seed);
      EXPECT_TRUE(same(sample.volume, again.volume)) << sample.params;
      EXPECT_EQ(sample.params, again.params);
      EXPECT_NE(sample.params.at("family"), "mix");
    }
  }
}

TEST(Families, PorosityRangeIsDrawnPerSampleAcrossItsSpan) {
  const auto generator = make_generator(
      nlohmann::json::parse(R"({"family":"overlapping-spheres","porosity":[0.3,0.6]})"));
  double lowest = 1, highest = 0;
  for (int seed = 0; seed < kSeeds; ++seed) {
    const auto sample = generator->generate({32, 32, 32}, seed);
    const double p = sample.params.at("porosity").get<double>();
    ASSERT_GE(p, 0.3);
    ASSERT_LE(p, 0.6);
    EXPECT_NEAR(fraction_of(sample.volume, voxel::generate::kConducting), p, 0.01);
    lowest = std::min(lowest, p);
    highest = std::max(highest, p);
  }
  EXPECT_LT(lowest, 0.36);
  EXPECT_GT(highest, 0.54);
}

TEST(Families, MixDrawsFamiliesByWeight) {
  const auto generator = make_generator(nlohmann::json::parse(
      R"({"family":"mix","porosity":0.7,"length":8,"radius":1,
          "weights":{"gaussian-field":3,"fibres":1}})"));
  int gaussian = 0, fibres = 0;
  constexpr int kSamples = 400;
  for (int seed = 0; seed < kSamples; ++seed) {
    const std::string family =
        generator->generate({16, 16, 16}, seed).params.at("family").get<std::string>();
    gaussian += family == "gaussian-field";
    fibres += family == "fibres";
  }
  EXPECT_EQ(gaussian + fibres, kSamples);
  // Binomial(400, 0.75): mean 300, standard deviation 8.7.
  EXPECT_NEAR(gaussian, 300, 35);
}

TEST(Families, EveryFamilyIsListedAndBuildsWithDefaults) {
  std::set<std::string> names;
  for (const auto& info : voxel::generate::families()) {
    names.insert(std::string(info.name));
    const auto generator = make_generator({{"family", info.name}});
    EXPECT_EQ(generator->family(), info.name);
    generator->check_shape(kShape);
  }
  EXPECT_EQ(names.size(), 10u);
}

TEST(Families, MixByDefaultDrawsEveryFamilyOverPorosities005To095WithAnisotropy) {
  const auto generator = make_generator({{"family", "mix"}});
  std::set<std::string> families, stretched_axes, mat_normals;
  double lowest = 1, highest = 0;
  constexpr int kSamples = 400;
  for (int seed = 0; seed < kSamples; ++seed) {
    const auto sample = generator->generate({32, 32, 32}, seed);
    const auto& params = sample.params;
    const std::string family = params.at("family").get<std::string>();
    families.insert(family);
    const double porosity = params.at("porosity").get<double>();
    lowest = std::min(lowest, porosity);
    highest = std::max(highest, porosity);
    if (family == "gaussian-field" && params.contains("stretch")) {
      EXPECT_GE(params.at("stretch").get<double>(), 2);
      EXPECT_LE(params.at("stretch").get<double>(), 8);
      stretched_axes.insert(params.at("axis").get<std::string>());
    }
    if (family == "fibres" && params.at("orientation") == "in-plane")
      mat_normals.insert(params.at("axis").get<std::string>());
  }
  EXPECT_EQ(families.size(), 9u);
  EXPECT_LT(lowest, 0.07);
  EXPECT_GT(highest, 0.93);
  EXPECT_EQ(stretched_axes.size(), 3u);
  EXPECT_EQ(mat_normals.size(), 3u);
}

}  // namespace
}  // namespace condnet::test
