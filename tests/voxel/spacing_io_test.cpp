// The voxel spacing a file states (voxel/tiff_spacing.hpp, voxel/hdf5_spacing.hpp): written and
// read back by condnet, read from ImageJ's and Fiji's conventions, overridden by the user, and
// a bad one refused in one line naming the file.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <tiffio.h>

#include "core/error.hpp"
#include "test_paths.hpp"
#include "voxel/spacing.hpp"
#include "voxel/volume_io.hpp"

namespace condnet::voxel {
namespace {

Volume small_volume(const Spacing& spacing) {
  Volume volume(Shape{3, 4, 5}, 0);
  volume(1, 2, 3) = 1;
  volume.set_spacing(spacing);
  return volume;
}

// A one-page 8-bit TIFF of 5 x 4 with `description` and, when x_resolution > 0, resolution tags.
void write_described_tiff(const std::filesystem::path& path, const std::string& description,
                          float x_resolution, float y_resolution) {
  TIFF* tif = TIFFOpen(path.c_str(), "w");
  ASSERT_NE(tif, nullptr);
  TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, 5);
  TIFFSetField(tif, TIFFTAG_IMAGELENGTH, 4);
  TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 8);
  TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
  TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
  TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, 4);
  TIFFSetField(tif, TIFFTAG_IMAGEDESCRIPTION, description.c_str());
  if (x_resolution > 0) {
    TIFFSetField(tif, TIFFTAG_XRESOLUTION, x_resolution);
    TIFFSetField(tif, TIFFTAG_YRESOLUTION, y_resolution);
    TIFFSetField(tif, TIFFTAG_RESOLUTIONUNIT, RESUNIT_NONE);
  }
  std::vector<std::uint8_t> pixels(20, 0);
  ASSERT_EQ(TIFFWriteEncodedStrip(tif, 0, pixels.data(), 20), 20);
  ASSERT_EQ(TIFFWriteDirectory(tif), 1);
  TIFFClose(tif);
}

TEST(SpacingIo, WrittenAndReadBackInEveryFormatThatStoresIt) {
  const auto dir = test::scratch_dir("spacing_io_round_trip");
  const Spacing spacing = {2.5, 0.5, 0.75};
  for (const std::string name : {"v.tif", "v.h5:/volume"}) {
    const std::string spec = (dir / name).string();
    write_volume(small_volume(spacing), spec);
    EXPECT_EQ(read_volume(spec).spacing(), spacing) << name;
    ReadOptions override;
    override.spacing = Spacing{1, 1, 3};
    EXPECT_EQ(read_volume(spec, override).spacing(), (Spacing{1, 1, 3})) << name;
    write_volume(small_volume(kUnitSpacing), spec);
    EXPECT_EQ(read_volume(spec).spacing(), kUnitSpacing) << name;
  }
  write_volume(small_volume(spacing), (dir / "v.npy").string());  // .npy has no place for it
  EXPECT_EQ(read_volume((dir / "v.npy").string()).spacing(), kUnitSpacing);
}

TEST(SpacingIo, ImageJSliceSpacingAndPixelSizeGiveTheSpacing) {
  const auto dir = test::scratch_dir("spacing_io_imagej");
  const auto path = dir / "imagej.tif";
  // 4 um pixels along x (columns) and y (rows), slices 10 um apart.
  write_described_tiff(path, "ImageJ=1.54f\nimages=1\nunit=micron\nspacing=10\n", 0.25f, 0.25f);
  EXPECT_EQ(read_volume(path.string()).spacing(), (Spacing{10, 4, 4}));
  // Resolution tags alone (a 72 dpi default) say nothing about the slices: ignored.
  write_described_tiff(path, "scanner output", 72.0f, 72.0f);
  EXPECT_EQ(read_volume(path.string()).spacing(), kUnitSpacing);
}

TEST(SpacingIo, ABadStatedSpacingIsOneLineNamingTheFile) {
  const auto dir = test::scratch_dir("spacing_io_bad");
  const auto tif = dir / "bad.tif";
  write_described_tiff(tif, "{\"shape\": [1, 4, 5], \"spacing\": [1, 0, 1]}", 0, 0);
  try {
    read_volume(tif.string());
    ADD_FAILURE() << "a zero spacing was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(tif.string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("> 0"), std::string::npos) << e.what();
  }
  // An HDF5 element_size_um of two values for a 3D dataset.
  const auto h5 = dir / "bad.h5";
  write_volume(small_volume(kUnitSpacing), h5.string() + ":/volume");
  {
    const hid_t file = H5Fopen(h5.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    const hid_t dataset = H5Dopen2(file, "/volume", H5P_DEFAULT);
    const hsize_t two = 2;
    const hid_t space = H5Screate_simple(1, &two, nullptr);
    const hid_t attribute =
        H5Acreate2(dataset, "element_size_um", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT);
    const double values[2] = {1, 2};
    H5Awrite(attribute, H5T_NATIVE_DOUBLE, values);
    H5Aclose(attribute);
    H5Sclose(space);
    H5Dclose(dataset);
    H5Fclose(file);
  }
  try {
    read_volume(h5.string() + ":/volume");
    ADD_FAILURE() << "two spacing values for a 3D dataset were accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("element_size_um"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(h5.string()), std::string::npos) << e.what();
  }
}

TEST(SpacingIo, TheOptionTakesOneOrThreePositiveNumbers) {
  EXPECT_EQ(parse_spacing("2", "--spacing"), (Spacing{2, 2, 2}));
  EXPECT_EQ(parse_spacing("1,1,2.5", "--spacing"), (Spacing{1, 1, 2.5}));
  for (const char* bad : {"", "1,2", "1,2,3,4", "1,0,1", "1,-2,1", "a,b,c", "1,,2", "inf"}) {
    try {
      parse_spacing(bad, "--spacing");
      ADD_FAILURE() << bad << " accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("--spacing"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("allowed"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace condnet::voxel
