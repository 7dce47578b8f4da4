// Bad generator configurations: each one Error naming the option and what is allowed.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "voxel/generate/generator.hpp"

namespace condnet::test {
namespace {

// The message of the Error that building `config` (and checking `size`^3) throws.
std::string error_of(const char* config, std::int64_t size = 64) {
  try {
    voxel::generate::make_generator(nlohmann::json::parse(config))->check_shape({size, size, size});
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

void expect_mentions(const std::string& message, std::initializer_list<const char*> words) {
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  for (const char* word : words) EXPECT_NE(message.find(word), std::string::npos) << message;
}

TEST(GeneratorParams, UnknownFamilyListsTheFamilies) {
  expect_mentions(error_of(R"({"family":"honeycomb"})"),
                  {"--family honeycomb", "overlapping-spheres", "mix"});
}

TEST(GeneratorParams, OptionOfAnotherFamily) {
  expect_mentions(error_of(R"({"family":"gaussian-field","radius":3})"),
                  {"--radius", "gaussian-field", "--correlation-length"});
  expect_mentions(error_of(R"({"family":"mix","weights":{"fibres":1},"binder":0.1})"),
                  {"--binder", "mix", "fibres"});
}

TEST(GeneratorParams, UnreachableVolumeFraction) {
  expect_mentions(error_of(R"({"family":"packed-spheres","porosity":0.5})"),
                  {"--porosity 0.5", "0.7", "random sequential addition"});
  expect_mentions(error_of(R"({"family":"overlapping-spheres","porosity":1.5})"),
                  {"--porosity 1.5", "0.01 to 1"});
  expect_mentions(error_of(R"({"family":"fibres","porosity":[0.01,0.5]})"),
                  {"--porosity 0.01:0.5"});
  expect_mentions(error_of(R"({"family":"electrode","porosity":0.7,"binder":0.3})"),
                  {"--binder 0.3", "active"});
}

TEST(GeneratorParams, SizeTooSmallForTheParticles) {
  expect_mentions(error_of(R"({"family":"overlapping-spheres","radius":10})", 32),
                  {"--size 32x32x32", "radius 10", "--size 60"});
  expect_mentions(error_of(R"({"family":"fibres","radius":3})", 32), {"--size", "fibre"});
  expect_mentions(error_of(R"({"family":"ellipsoids","semi-axes":[10,10,4]})", 32),
                  {"--size", "ellipsoid"});
  expect_mentions(error_of(R"({"family":"mix","radius":5})", 16), {"--size 16x16x16"});
  EXPECT_EQ(error_of(R"({"family":"overlapping-spheres","radius":10})", 64), "no error");
}

TEST(GeneratorParams, MalformedValues) {
  expect_mentions(error_of(R"({"family":"fibres","orientation":"random"})"),
                  {"--orientation random", "isotropic, in-plane, aligned"});
  expect_mentions(error_of(R"({"family":"fibres","axis":"w"})"), {"--axis", "x, y, z"});
  expect_mentions(error_of(R"({"family":"gaussian-field","correlation-length":[1,2]})"),
                  {"--correlation-length 1,2", "X,Y,Z"});
  expect_mentions(error_of(R"({"family":"overlapping-spheres","radius":[6,3]})"),
                  {"--radius 6:3", "LO <= HI"});
  expect_mentions(error_of(R"({"family":"mix","weights":{"honeycomb":1}})"),
                  {"--weights honeycomb"});
  expect_mentions(error_of(R"({"family":"mix","weights":{"fibres":-1}})"), {"--weights fibres"});
}

}  // namespace
}  // namespace condnet::test
