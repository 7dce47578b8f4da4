// Defaults in voxels (radii, lengths, semi-axes, correlation lengths) scale with the sample:
// every family, mix included, makes samples at every size the surrogate uses (32 to 128) with
// defaults only, hitting its default volume fraction; its features grow in proportion to the
// sample (mean solid chord, a plain loop); at 64^3 the defaults are the former fixed values
// (the same volumes and parameters); values given are used as given, and still checked.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "generate_test_support.hpp"
#include "voxel/generate/generator.hpp"

namespace condnet::test {
namespace {

using voxel::Shape;
using voxel::generate::make_generator;

constexpr std::int64_t kSizes[] = {32, 48, 64, 96, 128};

bool same(const voxel::Volume& a, const voxel::Volume& b) {
  return a.shape() == b.shape() && std::equal(a.data(), a.data() + a.count(), b.data());
}

TEST(SizeScaledDefaults, EveryFamilyGeneratesAtEverySizeWithDefaultsOnly) {
  for (const auto& info : voxel::generate::families()) {
    const auto generator = make_generator({{"family", info.name}});
    // mix: enough seeds that most of its families come up at every size.
    const int seeds = info.name == "mix" ? 8 : 2;
    for (const std::int64_t n : kSizes) {
      const Shape shape{n, n, n};
      ASSERT_NO_THROW(generator->check_shape(shape)) << info.name << " at " << n;
      for (int seed = 0; seed < seeds; ++seed) {
        const auto sample = generator->generate(shape, 300 + seed);
        const double target = sample.params.at("porosity").get<double>();
        EXPECT_NEAR(fraction_of(sample.volume, voxel::generate::kConducting), target, 0.01)
            << sample.params << " at " << n;
      }
    }
  }
}

TEST(SizeScaledDefaults, FeaturesGrowWithTheSample) {
  // The mean chord of the solid along x is a feature size: with scaled defaults it is
  // proportional to the sample's extent (voxelisation of the smallest features at 32^3 and the
  // spread over 3 seeds keep it within 25% of that).
  for (const auto& info : voxel::generate::families()) {
    if (info.name == "mix") continue;
    const auto generator = make_generator({{"family", info.name}});
    const auto mean_solid_chord = [&](std::int64_t n) {
      double sum = 0;
      for (int seed = 0; seed < 3; ++seed)
        sum += mean_chord(generator->generate({n, n, n}, 700 + seed).volume,
                          voxel::generate::kSolid, 0);
      return sum / 3;
    };
    const double at_design = mean_solid_chord(64);
    for (const std::int64_t n : {32, 128}) {
      const double ratio = mean_solid_chord(n) / at_design;
      const double expected = static_cast<double>(n) / 64.0;
      EXPECT_GT(ratio, 0.75 * expected) << info.name << " at " << n;
      EXPECT_LT(ratio, 1.25 * expected) << info.name << " at " << n;
    }
  }
}

TEST(SizeScaledDefaults, AtTheDesignSizeTheDefaultsAreTheFormerValues) {
  // The defaults before they scaled, given explicitly.
  const char* former[] = {
      R"({"family":"overlapping-spheres","radius":5})",
      R"({"family":"packed-spheres","radius":5})",
      R"({"family":"gaussian-field","correlation-length":4})",
      R"({"family":"fibres","radius":2,"length":64})",
      R"({"family":"ellipsoids","semi-axes":[8,8,2]})",
      R"({"family":"electrode","radius":[4,8]})",
  };
  const Shape design{64, 64, 64};
  for (const char* text : former) {
    const auto config = nlohmann::json::parse(text);
    const auto defaults = make_generator({{"family", config.at("family")}});
    const auto given = make_generator(config);
    for (const std::uint64_t seed : {11u, 12u}) {
      const auto a = defaults->generate(design, seed);
      const auto b = given->generate(design, seed);
      EXPECT_TRUE(same(a.volume, b.volume)) << text;
      EXPECT_EQ(a.params, b.params) << text;
    }
  }
}

TEST(SizeScaledDefaults, SampleParametersRecordTheScaledValues) {
  const auto sample = make_generator({{"family", "fibres"}})->generate({32, 48, 40}, 3);
  // The smallest extent, 32, is half the design size.
  EXPECT_EQ(sample.params.at("radius"), 1.0) << sample.params;
  EXPECT_EQ(sample.params.at("length"), 32.0) << sample.params;
  const auto again = make_generator(sample.params)->generate({32, 48, 40}, 3);
  EXPECT_TRUE(same(sample.volume, again.volume));
  // The generator's description leaves the scaled defaults out: they depend on the shape.
  EXPECT_FALSE(make_generator({{"family", "fibres"}})->to_json().contains("length"));
}

TEST(SizeScaledDefaults, GivenValuesAreUsedAsGivenAndChecked) {
  const auto sample =
      make_generator({{"family", "fibres"}, {"length", 10}})->generate({128, 128, 128}, 1);
  EXPECT_EQ(sample.params.at("length"), 10.0);
  EXPECT_EQ(sample.params.at("radius"), 4.0);
  try {
    make_generator({{"family", "electrode"}, {"radius", nlohmann::json::array({4, 8})}})
        ->check_shape({32, 32, 32});
    FAIL() << "radius 4:8 fits in 32^3";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_NE(message.find("--size 32x32x32"), std::string::npos) << message;
    EXPECT_NE(message.find("--radius"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace condnet::test
