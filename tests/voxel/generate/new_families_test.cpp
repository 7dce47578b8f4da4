// The families for what tomograms show: grain-pack (cemented sandstones), calendered
// (electrodes after rolling), foam (cellular solids). Each hits its porosity at every size and
// across its range, and has the physical property it is for: grain-pack's pores percolate at
// porosity 0.2 and not at 0.05; calendered particles are flat along the compression axis and
// their binder bridges particles more than the electrode family's coating does; a foam's struts
// percolate at porosity 0.9 while closed cells shut the pores off.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "generate_test_support.hpp"
#include "voxel/clusters.hpp"
#include "voxel/generate/generator.hpp"

namespace condnet::test {
namespace {

using voxel::Shape;
using voxel::generate::kBinder;
using voxel::generate::kConducting;
using voxel::generate::kSolid;
using voxel::generate::make_generator;

std::unique_ptr<voxel::generate::Generator> generator_of(const char* config) {
  return make_generator(nlohmann::json::parse(config));
}

// Whether the voxels holding `label` join the two faces normal to `axis` (6-connected, the
// faces not joined: as `condnet stats` and the solver see it).
bool percolates(const voxel::Volume& volume, std::uint8_t label, int axis) {
  std::vector<std::uint8_t> mask(static_cast<std::size_t>(volume.count()));
  for (std::int64_t i = 0; i < volume.count(); ++i) mask[i] = volume.data()[i] == label;
  const voxel::Clusters clusters = voxel::label_clusters(mask, volume.shape());
  for (std::int32_t c = 0; c < clusters.count(); ++c)
    if (clusters.spans(c, axis)) return true;
  return false;
}

// Among the runs of binder along x, y and z (periodic lines), the fraction with solid at both
// ends: binder bridging two particle surfaces, not coating one.
double bridging_fraction(const voxel::Volume& v) {
  const Shape& s = v.shape();
  const std::array<std::int64_t, 3> n = {s.nx, s.ny, s.nz};
  std::int64_t runs = 0, bridges = 0;
  for (int axis = 0; axis < 3; ++axis)
    for (std::int64_t a = 0; a < n[(axis + 1) % 3]; ++a)
      for (std::int64_t b = 0; b < n[(axis + 2) % 3]; ++b) {
        const auto at = [&](std::int64_t c) {
          std::array<std::int64_t, 3> p{};
          p[axis] = (c % n[axis] + n[axis]) % n[axis];
          p[(axis + 1) % 3] = a;
          p[(axis + 2) % 3] = b;
          return v(p[0], p[1], p[2]);
        };
        for (std::int64_t c = 0; c < n[axis]; ++c) {
          if (at(c) != kBinder || at(c - 1) == kBinder) continue;  // c starts a run
          std::int64_t end = c;
          while (at(end) == kBinder && end < c + n[axis]) ++end;
          ++runs;
          bridges += at(c - 1) == kSolid && at(end) == kSolid;
        }
      }
  return runs > 0 ? static_cast<double>(bridges) / static_cast<double>(runs) : 0.0;
}

TEST(NewFamilies, HitThePorosityAtEverySizeAcrossTheirRanges) {
  struct Case {
    const char* config;
    double lo, hi;  // the porosity range asked
  };
  const Case cases[] = {
      {R"({"family":"grain-pack","porosity":[0.05,0.35]})", 0.05, 0.35},
      {R"({"family":"grain-pack","porosity":[0.05,0.35],"cement":0,"polydispersity":0.35})", 0.05,
       0.35},
      {R"({"family":"calendered","porosity":[0.15,0.45],"binder":[0.05,0.15]})", 0.15, 0.45},
      {R"({"family":"calendered","porosity":[0.1,0.8],"binder":0,"axis":"x"})", 0.1, 0.8},
      {R"({"family":"foam","porosity":[0.7,0.95]})", 0.7, 0.95},
      {R"({"family":"foam","porosity":[0.05,0.99],"cells":"closed"})", 0.05, 0.99},
  };
  for (const Case& c : cases) {
    const auto generator = generator_of(c.config);
    for (const std::int64_t n : {32, 48, 64, 96}) {
      for (int seed = 0; seed < 4; ++seed) {
        const auto sample = generator->generate({n, n, n}, 500 + seed);
        const double target = sample.params.at("porosity").get<double>();
        EXPECT_GE(target, c.lo);
        EXPECT_LE(target, c.hi);
        EXPECT_NEAR(fraction_of(sample.volume, kConducting), target, 0.01)
            << sample.params << " at " << n;
        if (sample.params.contains("binder")) {
          EXPECT_NEAR(fraction_of(sample.volume, kBinder), sample.params.at("binder").get<double>(),
                      0.01)
              << sample.params << " at " << n;
        }
      }
    }
  }
}

TEST(NewFamilies, GrainPackPoresPercolateAtPorosity02AndNotAt005) {
  constexpr int kSamples = 10;
  int open = 0, closed = 0;
  const auto at_02 = generator_of(R"({"family":"grain-pack","porosity":0.2})");
  const auto at_005 = generator_of(R"({"family":"grain-pack","porosity":0.05})");
  for (int seed = 0; seed < kSamples; ++seed) {
    open += percolates(at_02->generate({64, 64, 64}, seed).volume, kConducting, seed % 3);
    closed += !percolates(at_005->generate({64, 64, 64}, seed).volume, kConducting, seed % 3);
  }
  EXPECT_GE(open, 8);
  EXPECT_GE(closed, 8);
}

TEST(NewFamilies, CementClosesThroatsFirst) {
  // At one porosity, grains with cement from the contacts percolate less often than grains
  // alone (the Boolean model, whose pores stay open down to a few percent).
  const auto cemented = generator_of(R"({"family":"grain-pack","porosity":0.1,"cement":0.15})");
  const auto bare = generator_of(R"({"family":"grain-pack","porosity":0.1,"cement":0})");
  int cemented_open = 0, bare_open = 0;
  for (int seed = 0; seed < 8; ++seed) {
    cemented_open += percolates(cemented->generate({64, 64, 64}, seed).volume, kConducting, 0);
    bare_open += percolates(bare->generate({64, 64, 64}, seed).volume, kConducting, 0);
  }
  EXPECT_LT(cemented_open, bare_open);
}

TEST(NewFamilies, CalenderedParticlesAreFlatAlongTheAxis) {
  for (const int axis : {0, 2}) {
    const auto generator = make_generator(
        {{"family", "calendered"}, {"axis", std::string(1, "xyz"[axis])}, {"binder", 0}});
    std::array<double, 3> chord{};
    for (int seed = 0; seed < 3; ++seed) {
      const auto sample = generator->generate({64, 64, 64}, seed);
      for (int a = 0; a < 3; ++a) chord[a] += mean_chord(sample.volume, kSolid, a);
    }
    for (int a = 0; a < 3; ++a)
      if (a != axis) EXPECT_LT(chord[axis], 0.7 * chord[a]) << "axis " << axis << " vs " << a;
  }
}

TEST(NewFamilies, CalenderedBinderBridgesParticles) {
  const auto calendered = generator_of(R"({"family":"calendered","porosity":0.3})");
  const auto electrode = generator_of(R"({"family":"electrode","porosity":0.3})");
  for (int seed = 0; seed < 2; ++seed) {
    const double bridged = bridging_fraction(calendered->generate({64, 64, 64}, seed).volume);
    const double coated = bridging_fraction(electrode->generate({64, 64, 64}, seed).volume);
    EXPECT_GT(bridged, 0.4);
    EXPECT_GT(bridged, 1.5 * coated);
  }
}

TEST(NewFamilies, OpenFoamStrutsPercolateAtPorosity09ClosedCellsShutThePores) {
  const auto open = generator_of(R"({"family":"foam","porosity":0.9})");
  const auto closed = generator_of(R"({"family":"foam","porosity":0.7,"cells":"closed"})");
  for (int seed = 0; seed < 3; ++seed) {
    const auto sample = open->generate({64, 64, 64}, seed);
    for (int axis = 0; axis < 3; ++axis) {
      EXPECT_TRUE(percolates(sample.volume, kSolid, axis)) << seed << " " << axis;
      EXPECT_TRUE(percolates(sample.volume, kConducting, axis)) << seed << " " << axis;
    }
    EXPECT_FALSE(percolates(closed->generate({64, 64, 64}, seed).volume, kConducting, seed % 3));
  }
}

TEST(NewFamilies, BadOptionsNameTheOption) {
  const auto error_of = [](const char* config, std::int64_t n = 64) -> std::string {
    try {
      make_generator(nlohmann::json::parse(config))->check_shape({n, n, n});
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  };
  const std::pair<const char*, const char*> cases[] = {
      {R"({"family":"grain-pack","porosity":0.9,"cement":0.3})", "--cement 0.3"},
      {R"({"family":"grain-pack","polydispersity":2})", "--polydispersity 2"},
      {R"({"family":"grain-pack","aspect":[2,1]})", "--aspect 2:1"},
      {R"({"family":"calendered","porosity":0.9,"binder":0.1})", "--binder 0.1"},
      {R"({"family":"calendered","axis":"w"})", "--axis"},
      {R"({"family":"foam","cells":"half"})", "--cells half"},
      {R"({"family":"foam","cell-size":2})", "--cell-size 2"},
      {R"({"family":"gaussian-field","stretch":0.5})", "--stretch 0.5"},
  };
  for (const auto& [config, option] : cases) {
    const std::string message = error_of(config);
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    EXPECT_NE(message.find(option), std::string::npos) << config << ": " << message;
  }
  const std::string too_small = error_of(R"({"family":"foam","cell-size":20})", 32);
  EXPECT_NE(too_small.find("--size 32x32x32"), std::string::npos) << too_small;
  EXPECT_NE(too_small.find("--cell-size"), std::string::npos) << too_small;
}

}  // namespace
}  // namespace condnet::test
