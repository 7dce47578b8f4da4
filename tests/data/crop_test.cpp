// Cropping a volume into a dataset: the crop count and every crop against plain slicing, the
// relabelling that makes the chosen phase 1, and electrode-256 from the shared data.
#include "data/crop.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "test_paths.hpp"
#include "voxel/volume_io.hpp"

namespace condnet::test {
namespace {

// A volume holding 0, 85 and 170 in an irregular pattern.
voxel::Volume three_phase_volume(voxel::Shape shape) {
  voxel::Volume volume(shape);
  for (std::int64_t x = 0; x < shape.nx; ++x)
    for (std::int64_t y = 0; y < shape.ny; ++y)
      for (std::int64_t z = 0; z < shape.nz; ++z)
        volume(x, y, z) = static_cast<std::uint8_t>(85 * ((x * 7 + y * 3 + z * z) % 3));
  return volume;
}

void expect_crops_match(const voxel::Volume& volume, const data::CropOptions& options,
                        const std::filesystem::path& path, std::int64_t expected_count,
                        const std::array<std::uint8_t, 256>& map) {
  const auto file = data::DatasetFile::open(path);
  ASSERT_EQ(file.count(), expected_count);
  const auto provenance = file.provenance();
  std::int64_t index = 0;
  const auto& s = volume.shape();
  for (std::int64_t x0 = 0; x0 + options.size <= s.nx; x0 += options.stride)
    for (std::int64_t y0 = 0; y0 + options.size <= s.ny; y0 += options.stride)
      for (std::int64_t z0 = 0; z0 + options.size <= s.nz; z0 += options.stride, ++index) {
        const voxel::Volume crop = file.read_volume(index);
        std::int64_t mismatches = 0;
        for (std::int64_t x = 0; x < options.size; ++x)
          for (std::int64_t y = 0; y < options.size; ++y)
            for (std::int64_t z = 0; z < options.size; ++z)
              mismatches += crop(x, y, z) != map[volume(x0 + x, y0 + y, z0 + z)];
        EXPECT_EQ(mismatches, 0) << index;
        const auto& p = provenance[static_cast<std::size_t>(index)];
        EXPECT_EQ(p.family, "crop");
        EXPECT_EQ(p.params.at("box"), nlohmann::json({x0, y0, z0, x0 + options.size,
                                                      y0 + options.size, z0 + options.size}));
      }
  EXPECT_EQ(index, expected_count);
}

TEST(Crop, EveryCropMatchesPlainSlicingWithThePhaseAsLabelOne) {
  const auto dir = scratch_dir("crop_small");
  const voxel::Volume volume = three_phase_volume({10, 12, 9});
  data::CropOptions options;
  options.size = 4;
  options.stride = 3;
  options.phase = 85;
  options.source = "pattern";
  options.threads = 2;
  const std::int64_t count =
      data::crop_to_dataset(volume, options, dir / "crops.h5", [](auto, auto) {});
  EXPECT_EQ(count, 3 * 3 * 2);  // (10-4)/3+1, (12-4)/3+1, (9-4)/3+1
  std::array<std::uint8_t, 256> map{};
  map[0] = 0;
  map[85] = 1;
  map[170] = 2;
  expect_crops_match(volume, options, dir / "crops.h5", 18, map);
  const auto file = data::DatasetFile::open(dir / "crops.h5");
  EXPECT_EQ(file.phases(), 3);
  EXPECT_EQ(file.provenance()[0].params.at("phase_values"), nlohmann::json({0.0, 85.0, 170.0}));
}

TEST(Crop, ThePhaseTakesLabelOneWhateverItsValue) {
  const auto dir = scratch_dir("crop_relabel");
  const voxel::Volume volume = three_phase_volume({8, 8, 8});
  data::CropOptions options;
  options.size = 8;
  options.stride = 8;
  options.phase = 170;
  data::crop_to_dataset(volume, options, dir / "crops.h5", [](auto, auto) {});
  std::array<std::uint8_t, 256> map{};
  map[0] = 0;
  map[85] = 2;
  map[170] = 1;
  expect_crops_match(volume, options, dir / "crops.h5", 1, map);
}

TEST(Crop, ImpossibleRequestsWriteNothing) {
  const auto dir = scratch_dir("crop_bad");
  const voxel::Volume volume = three_phase_volume({8, 8, 8});
  const auto error_of = [&](data::CropOptions options) -> std::string {
    try {
      data::crop_to_dataset(volume, options, dir / "crops.h5", [](auto, auto) {});
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  };
  data::CropOptions too_big;
  too_big.size = 9;
  EXPECT_NE(error_of(too_big).find("--size 9"), std::string::npos);
  data::CropOptions absent;
  absent.size = 4;
  absent.phase = 7;
  EXPECT_NE(error_of(absent).find("--phase"), std::string::npos);
  data::CropOptions no_stride;
  no_stride.size = 4;
  no_stride.stride = 0;
  EXPECT_NE(error_of(no_stride).find("--stride"), std::string::npos);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(CropSharedData, Electrode256Gives343Crops) {
  const auto tiff = shared_data("electrode-256.tiff");
  if (!std::filesystem::exists(tiff)) GTEST_SKIP() << "no " << tiff << "; skipping";
  const auto dir = scratch_dir("crop_electrode");
  const voxel::Volume volume = voxel::read_volume(tiff.string());
  data::CropOptions options;
  options.size = 64;
  options.stride = 32;
  options.phase = 0;
  options.threads = 2;
  EXPECT_EQ(data::crop_to_dataset(volume, options, dir / "crops.h5", [](auto, auto) {}), 343);
  std::array<std::uint8_t, 256> map{};
  map[0] = 1;
  map[85] = 0;
  map[170] = 2;
  expect_crops_match(volume, options, dir / "crops.h5", 343, map);
  // The 64 disjoint crops (stride 64 positions) tile the volume: their pore fractions average to
  // the volume's published 0.44992.
  const auto file = data::DatasetFile::open(dir / "crops.h5");
  const auto fractions = file.phase_fractions();
  double sum = 0;
  for (std::int64_t x = 0; x < 7; x += 2)
    for (std::int64_t y = 0; y < 7; y += 2)
      for (std::int64_t z = 0; z < 7; z += 2)
        sum += fractions[static_cast<std::size_t>(((x * 7 + y) * 7 + z) * 3 + 1)];
  EXPECT_NEAR(sum / 64, 0.44992, 5e-6);
}

}  // namespace
}  // namespace condnet::test
