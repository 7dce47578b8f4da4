// The electrode family: three phases at their fractions, and the carbon-binder attached to the
// active particles.
#include <gtest/gtest.h>

#include "generate_test_support.hpp"
#include "voxel/flood_fill_reference.hpp"
#include "voxel/generate/generator.hpp"

namespace condnet::test {
namespace {

using voxel::generate::kBinder;
using voxel::generate::kConducting;
using voxel::generate::kSolid;

// Whether a 26-neighbour of (x, y, z), wrapping around, holds `label`.
bool touches(const voxel::Volume& v, std::int64_t x, std::int64_t y, std::int64_t z,
             std::uint8_t label, bool faces_only) {
  const auto& s = v.shape();
  for (int dx = -1; dx <= 1; ++dx)
    for (int dy = -1; dy <= 1; ++dy)
      for (int dz = -1; dz <= 1; ++dz) {
        const int steps = std::abs(dx) + std::abs(dy) + std::abs(dz);
        if (steps == 0 || (faces_only && steps > 1)) continue;
        if (v((x + dx + s.nx) % s.nx, (y + dy + s.ny) % s.ny, (z + dz + s.nz) % s.nz) == label)
          return true;
      }
  return false;
}

TEST(Electrode, ThreePhasesAtTheirFractions) {
  const auto generator = voxel::generate::make_generator(nlohmann::json::parse(
      R"({"family":"electrode","porosity":[0.3,0.45],"binder":[0.05,0.15]})"));
  EXPECT_EQ(generator->phases(), 3);
  for (int seed = 0; seed < 20; ++seed) {
    const auto sample = generator->generate({64, 64, 64}, seed);
    const double porosity = sample.params.at("porosity").get<double>();
    const double binder = sample.params.at("binder").get<double>();
    EXPECT_NEAR(fraction_of(sample.volume, kConducting), porosity, 0.01);
    EXPECT_NEAR(fraction_of(sample.volume, kBinder), binder, 0.01);
    EXPECT_NEAR(fraction_of(sample.volume, kSolid), 1 - porosity - binder, 0.01);
  }
}

TEST(Electrode, BinderCoatsTheActiveParticles) {
  const auto generator =
      voxel::generate::make_generator(nlohmann::json::parse(R"({"family":"electrode"})"));
  for (int seed = 0; seed < 3; ++seed) {
    const auto sample = generator->generate({64, 64, 64}, seed);
    const auto& v = sample.volume;
    const auto& s = v.shape();
    std::int64_t binder = 0, next_to_active = 0;
    std::vector<std::uint8_t> mask(static_cast<std::size_t>(v.count()));
    for (std::int64_t x = 0; x < s.nx; ++x)
      for (std::int64_t y = 0; y < s.ny; ++y)
        for (std::int64_t z = 0; z < s.nz; ++z) {
          if (v(x, y, z) != kBinder) continue;
          mask[s.index(x, y, z)] = 1;
          ++binder;
          next_to_active += touches(v, x, y, z, kSolid, false);
        }
    EXPECT_GT(static_cast<double>(next_to_active) / binder, 0.95);
    // Binder voxels in 6-connected binder clusters that touch an active voxel face to face.
    const auto clusters = flood_fill(mask, s, {true, true, true});
    std::vector<bool> attached(clusters.size.size(), false);
    for (std::int64_t x = 0; x < s.nx; ++x)
      for (std::int64_t y = 0; y < s.ny; ++y)
        for (std::int64_t z = 0; z < s.nz; ++z) {
          const std::int64_t id = clusters.label[s.index(x, y, z)];
          if (id >= 0 && touches(v, x, y, z, kSolid, true)) attached[id] = true;
        }
    std::int64_t attached_voxels = 0;
    for (std::size_t id = 0; id < attached.size(); ++id)
      if (attached[id]) attached_voxels += clusters.size[id];
    EXPECT_GT(static_cast<double>(attached_voxels) / binder, 0.99);
  }
}

}  // namespace
}  // namespace condnet::test
