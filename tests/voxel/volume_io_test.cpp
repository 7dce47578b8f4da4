// Every format through the one read_volume/write_volume entry point, and the label mapping.
#include "voxel/volume_io.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"
#include "test_paths.hpp"

namespace condnet::voxel {

namespace {

Volume pattern_volume(Shape shape, std::vector<double> values) {
  Volume volume(shape);
  for (std::int64_t x = 0; x < shape.nx; ++x)
    for (std::int64_t y = 0; y < shape.ny; ++y)
      for (std::int64_t z = 0; z < shape.nz; ++z)
        volume(x, y, z) = static_cast<std::uint8_t>((x * 7 + y * 3 + z) % values.size());
  volume.set_phase_values(std::move(values));
  return volume;
}

void expect_same_phases(const Volume& a, const Volume& b) {
  ASSERT_EQ(a.shape(), b.shape());
  for (std::int64_t i = 0; i < a.count(); ++i)
    ASSERT_EQ(a.value_of(a.data()[i]), b.value_of(b.data()[i])) << "voxel " << i;
}

}  // namespace

class VolumeRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(VolumeRoundTrip, PhaseValuesSurvive) {
  const auto dir = test::scratch_dir("volume_round_trip_" +
                                     std::to_string(std::hash<std::string>{}(GetParam())));
  for (const auto& values :
       std::vector<std::vector<double>>{{0, 85, 170}, {0, 1000, 60000}, {-1.5, 0.25, 7}}) {
    const Volume original = pattern_volume({5, 6, 7}, values);
    const std::string spec = (dir / GetParam()).string();
    write_volume(original, spec);
    ReadOptions options;
    if (GetParam().ends_with(".raw")) {
      options.shape = original.shape();
      options.dtype = array_from_volume(original).dtype;
    }
    expect_same_phases(original, read_volume(spec, options));
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, VolumeRoundTrip,
                         ::testing::Values("v.tif", "v.npy", "v.raw", "v.h5:/group/volume"));

TEST(VolumeIo, PhaseSelectionByValue) {
  const Volume volume = pattern_volume({4, 4, 4}, {0, 1000, 60000});
  EXPECT_EQ(volume.value_of(volume.label_of(60000, "--phase")), 60000);
  EXPECT_THROW(volume.label_of(5, "--phase"), Error);
}

TEST(VolumeIo, UnknownExtensionNamesAcceptedFormats) {
  try {
    read_volume("volume.xyz");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("volume.xyz"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find(".npy"), std::string::npos);
  }
}

TEST(VolumeIo, TooManyDistinctValuesIsNotASegmentation) {
  RawArray array{
      {1, 20, 20}, ElementType::float32, std::vector<std::uint8_t>(400 * 4), std::nullopt};
  auto* values = reinterpret_cast<float*>(array.bytes.data());
  for (int i = 0; i < 400; ++i) values[i] = 0.5f + i;
  EXPECT_THROW(volume_from_array(array, "gray.npy"), Error);
}

}  // namespace condnet::voxel

namespace condnet::voxel {
namespace {

TEST(VolumeBorrow, ABorrowedVolumeReadsTheOwnersLabelsWithoutCopying) {
  std::vector<std::uint8_t> labels = {0, 1, 1, 2, 2, 2, 0, 1};
  const auto volume = Volume::borrow({2, 2, 2}, labels.data());
  EXPECT_TRUE(volume.borrowed());
  EXPECT_EQ(volume.data(), labels.data());
  EXPECT_EQ(volume(1, 0, 1), 2);
  EXPECT_EQ(volume.histogram()[2], 3);
  EXPECT_EQ(volume.labels_present(), (std::vector<std::uint8_t>{0, 1, 2}));
  labels[7] = 5;  // the owner's change is seen: nothing was copied
  EXPECT_EQ(volume(1, 1, 1), 5);
  const Volume copy = volume;
  EXPECT_EQ(copy.data(), labels.data());
  EXPECT_FALSE(Volume({2, 2, 2}).borrowed());
}

}  // namespace
}  // namespace condnet::voxel
