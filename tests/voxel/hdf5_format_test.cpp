#include "voxel/hdf5_format.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.hpp"
#include "test_paths.hpp"
#include "voxel/hdf5_handle.hpp"
#include "voxel/volume_patterns.hpp"

namespace condnet::test {
namespace {

using voxel::ElementType;
using voxel::RawArray;
using voxel::Shape;

// Fails the test when a plain HDF5 call made by the test itself fails.
hid_t ok(hid_t id) {
  EXPECT_GE(id, 0);
  return id;
}

// Writes `array` (native bytes) as dataset `name` of an open file with plain HDF5 calls:
// stored as `stored_type`, converted by HDF5 from `memory_type`, contiguous, no filters.
void write_plain(hid_t file, const std::string& name, const std::vector<hsize_t>& dims,
                 hid_t stored_type, hid_t memory_type, const void* data) {
  voxel::Hdf5Dataspace space(
      ok(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr)));
  voxel::Hdf5PropertyList links(ok(H5Pcreate(H5P_LINK_CREATE)));
  ok(H5Pset_create_intermediate_group(links.get(), 1));
  voxel::Hdf5Dataset dataset(ok(H5Dcreate2(file, name.c_str(), stored_type, space.get(),
                                           links.get(), H5P_DEFAULT, H5P_DEFAULT)));
  ok(H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data));
}

voxel::Hdf5File create_plain_file(const std::filesystem::path& path) {
  return voxel::Hdf5File(ok(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT)));
}

std::string read_error(const std::filesystem::path& path, const std::string& dataset) {
  try {
    voxel::read_hdf5(path, dataset);
  } catch (const Error& error) {
    return error.what();
  }
  ADD_FAILURE() << path << ":" << dataset << " was read without error";
  return "";
}

void expect_one_line_naming(const std::string& message, const std::filesystem::path& path) {
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}

TEST(Hdf5Format, RoundTripsEveryDtypeInNestedGroup) {
  const auto dir = scratch_dir("hdf5_round_trip");
  for (const ElementType dtype : kAllDTypes) {
    const RawArray array = make_pattern({70, 5, 3}, dtype);  // x spans two chunks
    const auto path = dir / (std::string(voxel::dtype_name(dtype)) + ".h5");
    voxel::write_hdf5(array, path, "/level1/level2/volume");
    expect_same_array(voxel::read_hdf5(path, "/level1/level2/volume"), array, path.string());
  }
  EXPECT_EQ(file_names(dir).size(), kAllDTypes.size());
}

TEST(Hdf5Format, WritesChunkedGzipDatasetsAndH5pyBooleans) {
  voxel::silence_hdf5_errors();
  const auto path = scratch_dir("hdf5_layout") / "out.h5";
  voxel::write_hdf5(make_pattern({100, 3, 65}, ElementType::boolean), path, "/g/mask");

  voxel::Hdf5File file(ok(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)));
  voxel::Hdf5Dataset dataset(ok(H5Dopen2(file.get(), "/g/mask", H5P_DEFAULT)));
  voxel::Hdf5PropertyList creation(ok(H5Dget_create_plist(dataset.get())));
  ASSERT_EQ(H5Pget_layout(creation.get()), H5D_CHUNKED);
  std::array<hsize_t, 3> chunk{};
  ASSERT_EQ(H5Pget_chunk(creation.get(), 3, chunk.data()), 3);
  EXPECT_EQ(chunk, (std::array<hsize_t, 3>{64, 3, 64}));
  ASSERT_EQ(H5Pget_nfilters(creation.get()), 1);
  unsigned flags = 0;
  std::size_t count = 1;
  unsigned level = 0;
  EXPECT_EQ(H5Pget_filter2(creation.get(), 0, &flags, &count, &level, 0, nullptr, nullptr),
            H5Z_FILTER_DEFLATE);
  EXPECT_EQ(level, 4u);

  // h5py's boolean: an enum of FALSE = 0 and TRUE = 1 on a 1-byte integer.
  voxel::Hdf5Datatype type(ok(H5Dget_type(dataset.get())));
  ASSERT_EQ(H5Tget_class(type.get()), H5T_ENUM);
  EXPECT_EQ(H5Tget_size(type.get()), 1u);
  std::int8_t value = -1;
  ok(H5Tenum_valueof(type.get(), "TRUE", &value));
  EXPECT_EQ(value, 1);
  ok(H5Tenum_valueof(type.get(), "FALSE", &value));
  EXPECT_EQ(value, 0);
}

TEST(Hdf5Format, ReadsDatasetsWrittenByPlainHdf5Calls) {
  const auto path = scratch_dir("hdf5_plain") / "plain.h5";
  const Shape shape{5, 4, 3};
  const RawArray i32 = make_pattern(shape, ElementType::int32);
  const RawArray f64 = make_pattern(shape, ElementType::float64);
  const RawArray u16 = make_pattern(shape, ElementType::uint16);
  const RawArray u16_image = make_pattern({1, 4, 3}, ElementType::uint16);
  const RawArray mask = make_pattern(shape, ElementType::boolean);
  {
    voxel::Hdf5File file = create_plain_file(path);
    const std::vector<hsize_t> dims = {5, 4, 3};
    write_plain(file.get(), "/big/i32", dims, H5T_STD_I32BE, H5T_NATIVE_INT32, i32.bytes.data());
    write_plain(file.get(), "/big/f64", dims, H5T_IEEE_F64BE, H5T_NATIVE_DOUBLE, f64.bytes.data());
    write_plain(file.get(), "little_u16", dims, H5T_STD_U16LE, H5T_NATIVE_UINT16, u16.bytes.data());
    write_plain(file.get(), "/image", {4, 3}, H5T_STD_U16BE, H5T_NATIVE_UINT16,
                u16_image.bytes.data());
    voxel::Hdf5Datatype h5py_bool(ok(H5Tenum_create(H5T_STD_I8LE)));
    const std::int8_t no = 0, yes = 1;
    ok(H5Tenum_insert(h5py_bool.get(), "FALSE", &no));
    ok(H5Tenum_insert(h5py_bool.get(), "TRUE", &yes));
    write_plain(file.get(), "/mask", dims, h5py_bool.get(), h5py_bool.get(), mask.bytes.data());
  }
  expect_same_array(voxel::read_hdf5(path, "/big/i32"), i32, "big-endian int32");
  expect_same_array(voxel::read_hdf5(path, "big/f64"), f64, "big-endian float64");
  expect_same_array(voxel::read_hdf5(path, "/little_u16"), u16, "little-endian uint16");
  expect_same_array(voxel::read_hdf5(path, "/image"), u16_image, "2D image");
  expect_same_array(voxel::read_hdf5(path, "/mask"), mask, "h5py boolean");
}

TEST(Hdf5Format, MissingDatasetListsTheVolumeDatasets) {
  const auto path = scratch_dir("hdf5_missing_dataset") / "data.h5";
  const RawArray volume = make_pattern({4, 3, 2}, ElementType::uint8);
  {
    voxel::Hdf5File file = create_plain_file(path);
    write_plain(file.get(), "/scans/volume", {4, 3, 2}, H5T_STD_U8LE, H5T_NATIVE_UINT8,
                volume.bytes.data());
    write_plain(file.get(), "/scans/labels", {8}, H5T_STD_U8LE, H5T_NATIVE_UINT8,
                volume.bytes.data());
  }
  for (const std::string missing : {"/scans/volumes", "/other/volume", "/scans/volume/x"}) {
    const std::string message = read_error(path, missing);
    expect_one_line_naming(message, path);
    EXPECT_NE(message.find(missing), std::string::npos) << message;
    EXPECT_NE(message.find("/scans/volume (4x3x2)"), std::string::npos) << message;
    EXPECT_EQ(message.find("labels"), std::string::npos) << message;
  }
  const std::string group = read_error(path, "/scans");
  expect_one_line_naming(group, path);
  EXPECT_NE(group.find("is a group"), std::string::npos) << group;

  const std::string line = read_error(path, "/scans/labels");
  expect_one_line_naming(line, path);
  EXPECT_NE(line.find("1D"), std::string::npos) << line;
}

TEST(Hdf5Format, MissingDatasetInFileWithoutVolumesSaysSo) {
  const auto path = scratch_dir("hdf5_no_volumes") / "empty.h5";
  create_plain_file(path);
  const std::string message = read_error(path, "/volume");
  expect_one_line_naming(message, path);
  EXPECT_NE(message.find("no 2D or 3D datasets"), std::string::npos) << message;
}

TEST(Hdf5Format, NonHdf5FileIsOneLineNamingFile) {
  const auto dir = scratch_dir("hdf5_not_hdf5");
  const auto path = dir / "volume.h5";
  std::ofstream(path) << "this is plain text, not HDF5\n";
  std::string message = read_error(path, "/volume");
  expect_one_line_naming(message, path);
  EXPECT_NE(message.find("not an HDF5 file"), std::string::npos) << message;

  message = read_error(dir / "absent.h5", "/volume");
  expect_one_line_naming(message, dir / "absent.h5");
  EXPECT_NE(message.find("no such file"), std::string::npos) << message;
}

TEST(Hdf5Format, UnsupportedElementTypeIsOneLine) {
  const auto path = scratch_dir("hdf5_strings") / "strings.h5";
  {
    voxel::Hdf5File file = create_plain_file(path);
    voxel::Hdf5Datatype text(ok(H5Tcopy(H5T_C_S1)));
    ok(H5Tset_size(text.get(), 4));
    const std::string data(2 * 2 * 2 * 4, 'a');
    write_plain(file.get(), "/names", {2, 2, 2}, text.get(), text.get(), data.data());
  }
  const std::string message = read_error(path, "/names");
  expect_one_line_naming(message, path);
  EXPECT_NE(message.find("strings"), std::string::npos) << message;
  EXPECT_NE(message.find("allowed"), std::string::npos) << message;
}

TEST(Hdf5Format, WriteReplacesTheWholeFileAndLeavesNoTemporaries) {
  const auto dir = scratch_dir("hdf5_replace");
  const auto path = dir / "out.h5";
  voxel::write_hdf5(make_pattern({2, 2, 2}, ElementType::uint8), path, "/first");
  const RawArray second = make_pattern({3, 2, 2}, ElementType::float32);
  voxel::write_hdf5(second, path, "/second");
  expect_same_array(voxel::read_hdf5(path, "/second"), second, "second");
  const std::string message = read_error(path, "/first");
  EXPECT_NE(message.find("/second (3x2x2)"), std::string::npos) << message;
  EXPECT_EQ(file_names(dir), std::vector<std::string>{"out.h5"});
}

TEST(Hdf5Format, FailedWriteLeavesNoFileBehind) {
  const auto dir = scratch_dir("hdf5_failed_write");
  std::filesystem::create_directory(dir / "out.h5");
  EXPECT_THROW(voxel::write_hdf5(make_pattern({2, 2, 2}, ElementType::uint8), dir / "out.h5", "/v"),
               Error);
  EXPECT_THROW(
      voxel::write_hdf5(make_pattern({2, 2, 2}, ElementType::uint8), dir / "bad.h5", "/v/"), Error);
  EXPECT_EQ(file_names(dir), std::vector<std::string>{"out.h5"});
  EXPECT_TRUE(std::filesystem::is_empty(dir / "out.h5"));
}

// A 4x5x6 uint8 dataset in one 120-byte chunk, written directly (H5Dwrite_chunk) as `bytes`
// bytes with `filter_mask`; `deflate` adds an optional deflate filter to the pipeline.
std::filesystem::path file_with_raw_chunk(const std::string& name, std::size_t bytes, bool deflate,
                                          std::uint32_t filter_mask) {
  const auto path = scratch_dir("hdf5_" + name) / "short.h5";
  voxel::Hdf5File file = create_plain_file(path);
  const hsize_t dims[3] = {4, 5, 6};
  voxel::Hdf5Dataspace space(ok(H5Screate_simple(3, dims, nullptr)));
  voxel::Hdf5PropertyList creation(ok(H5Pcreate(H5P_DATASET_CREATE)));
  ok(H5Pset_chunk(creation.get(), 3, dims));
  const unsigned level[1] = {1};
  if (deflate) ok(H5Pset_filter(creation.get(), H5Z_FILTER_DEFLATE, H5Z_FLAG_OPTIONAL, 1, level));
  voxel::Hdf5Dataset dataset(ok(H5Dcreate2(file.get(), "/volume", H5T_NATIVE_UINT8, space.get(),
                                           H5P_DEFAULT, creation.get(), H5P_DEFAULT)));
  const std::vector<std::uint8_t> data(bytes, 7);
  const hsize_t origin[3] = {0, 0, 0};
  ok(H5Dwrite_chunk(dataset.get(), H5P_DEFAULT, filter_mask, origin, bytes, data.data()));
  return path;
}

// Found by fuzzing: libhdf5 1.10 copies a whole chunk out of a stored chunk that no filter
// touched, however short it is (a heap over-read, silent without AddressSanitizer).
TEST(Hdf5Format, AnUnfilteredChunkShorterThanAChunkIsRefused) {
  const auto expected = [](const std::filesystem::path& path) {
    return path.string() +
           ": dataset '/volume' stores an unfiltered chunk of 40 bytes where a chunk holds 120; "
           "the file is damaged";
  };
  const auto plain = file_with_raw_chunk("short_plain", 40, false, 0);
  EXPECT_EQ(read_error(plain, "/volume"), expected(plain));
  // The pipeline has a filter, but this chunk's mask says it was skipped.
  const auto skipped = file_with_raw_chunk("short_skipped", 40, true, 1);
  EXPECT_EQ(read_error(skipped, "/volume"), expected(skipped));
  // Whole chunks are read, with or without the skipped filter.
  EXPECT_NO_THROW(voxel::read_hdf5(file_with_raw_chunk("whole_plain", 120, false, 0), "/volume"));
  EXPECT_NO_THROW(voxel::read_hdf5(file_with_raw_chunk("whole_skipped", 120, true, 1), "/volume"));
}

TEST(Hdf5Format, SplitsFileAndDatasetAtTheLastColonSlash) {
  const auto plain = voxel::split_hdf5_spec("data/volume.npy");
  EXPECT_FALSE(plain.has_value());
  const auto nested = voxel::split_hdf5_spec("runs/a.h5:/group/ds");
  ASSERT_TRUE(nested.has_value());
  EXPECT_EQ(nested->file, "runs/a.h5");
  EXPECT_EQ(nested->dataset, "/group/ds");
  const auto colons = voxel::split_hdf5_spec("odd:/dir/b.h5:/ds");
  ASSERT_TRUE(colons.has_value());
  EXPECT_EQ(colons->file, "odd:/dir/b.h5");
  EXPECT_EQ(colons->dataset, "/ds");
}

}  // namespace
}  // namespace condnet::test
