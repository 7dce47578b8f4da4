// Default settings against the over-converged reference tortuosities of ../shared/data
// (README.md there): TauFactor's benchmark volume (crops, and the full volume when
// CONDNET_FULL_REFERENCE=1) and the three-phase electrode.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "solve/solve.hpp"
#include "test_paths.hpp"
#include "voxel/volume_io.hpp"

namespace condnet::test {
namespace {

constexpr double kAccuracy = 1e-3;  // the requirement: within 0.1%

voxel::Volume crop(const voxel::Volume& volume, std::int64_t n) {
  voxel::Volume part(voxel::Shape{n, n, n});
  for (std::int64_t x = 0; x < n; ++x)
    for (std::int64_t y = 0; y < n; ++y)
      for (std::int64_t z = 0; z < n; ++z) part(x, y, z) = volume(x, y, z);
  return part;
}

class TauFactorVolume : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto zip = shared_data("TF-500x500x500-1x2x6-v3.tiff.zip");
    if (!std::filesystem::exists(zip)) return;
    // One directory per process: ctest runs each test in its own process, in parallel.
    const auto directory = scratch_dir("taufactor-volume-" + std::to_string(getpid()));
    const std::string command =
        "unzip -q -o '" + zip.string() + "' -x '__MACOSX/*' -d '" + directory.string() + "'";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    volume_ = std::make_unique<voxel::Volume>(
        voxel::read_volume((directory / "TF-500x500x500-1x2x6-v3.tiff").string()));
    std::filesystem::remove_all(directory);
  }
  static void TearDownTestSuite() { volume_.reset(); }
  void SetUp() override {
    if (!volume_) GTEST_SKIP() << "TF-500x500x500-1x2x6-v3.tiff.zip not in ../shared/data";
  }
  static double tau(const voxel::Volume& volume, int axis) {
    solve::SolveOptions options;  // defaults
    options.axis = axis;
    const auto result = solve::solve_axis(volume, solve::binary_conductivity(255), options);
    EXPECT_TRUE(result.converged);
    EXPECT_LT(result.flux_mismatch, kAccuracy);
    std::printf("axis %d: tau %.5f, %d iterations, %.2f s, %.2f GB\n", axis, result.tau_total,
                result.iterations, result.wall_seconds, result.peak_memory_bytes / 1e9);
    return result.tau_total;
  }
  static std::unique_ptr<voxel::Volume> volume_;
};
std::unique_ptr<voxel::Volume> TauFactorVolume::volume_;

TEST_F(TauFactorVolume, Crop100) {
  const double expected = 4.58176;
  EXPECT_NEAR(tau(crop(*volume_, 100), 0), expected, kAccuracy * expected);
}

TEST_F(TauFactorVolume, Crop200AllAxes) {
  const voxel::Volume part = crop(*volume_, 200);
  const double expected[] = {4.90903, 1.16884, 1.35290};
  for (int axis = 0; axis < 3; ++axis)
    EXPECT_NEAR(tau(part, axis), expected[axis], kAccuracy * expected[axis]) << "axis " << axis;
}

TEST_F(TauFactorVolume, FullVolumeAllAxes) {
  if (std::getenv("CONDNET_FULL_REFERENCE") == nullptr)
    GTEST_SKIP() << "set CONDNET_FULL_REFERENCE=1 to solve the full 500^3 volume (~1 min/axis)";
  const double expected[] = {4.2431, 1.1513, 1.3905};  // published to 4 decimals
  for (int axis = 0; axis < 3; ++axis)
    EXPECT_NEAR(tau(*volume_, axis), expected[axis], kAccuracy * expected[axis]) << "axis " << axis;
}

TEST(SolveReference, ElectrodeThreePhaseVolumePhase0) {
  const auto path = shared_data("electrode-256.tiff");
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "electrode-256.tiff not in ../shared/data";
  const voxel::Volume volume = voxel::read_volume(path.string());
  const auto result = solve::solve_axis(volume, solve::binary_conductivity(0), {});
  EXPECT_NEAR(result.tau_total, 2.07724, kAccuracy * 2.07724);
  EXPECT_NEAR(result.d_eff, 0.21659, kAccuracy * 0.21659);
  EXPECT_NEAR(result.eps_total, 0.44992, 1e-5);
}

}  // namespace
}  // namespace condnet::test
