// Headers that claim absurd sizes (10^6 x 10^6 x 10^6 voxels, or extents whose product
// overflows 64 bits) are refused before anything is allocated, as one line naming the file,
// the claim and the limit; the CLI exits 2. Each hostile file is a few hundred bytes, built
// here byte by byte (npy, TIFF) or with plain HDF5 calls (a chunked dataset never written).
#include "voxel/claimed_size.hpp"

#include <gtest/gtest.h>

#include <array>
#include <fstream>

#include "core/error.hpp"
#include "test_paths.hpp"
#include "voxel/hdf5_handle.hpp"
#include "voxel/volume_io.hpp"

namespace condnet::test {
namespace {

constexpr std::uint64_t kMillion = 1'000'000;

// A .npy file (version 1.0) with the dict `header` and one data byte.
void write_npy_header(const std::filesystem::path& path, const std::string& header) {
  std::string bytes = "\x93NUMPY\x01";
  bytes += '\0';
  bytes += static_cast<char>(header.size() & 0xff);
  bytes += static_cast<char>(header.size() >> 8);
  std::ofstream(path, std::ios::binary) << bytes << header << '\x01';
}

void put16(std::string& out, std::uint16_t v) {
  for (int i = 0; i < 2; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}
void put32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

// A little-endian classic TIFF of one uncompressed 8-bit page of `height` x `width` whose one
// strip holds a single byte: the header claims the size, the file holds nothing of it.
void write_tiff_header(const std::filesystem::path& path, std::uint32_t width,
                       std::uint32_t height) {
  struct Tag {
    std::uint16_t tag, type;
    std::uint32_t value;
  };
  const std::array<Tag, 8> tags = {{{256, 4, width},   // ImageWidth
                                    {257, 4, height},  // ImageLength
                                    {258, 3, 8},       // BitsPerSample
                                    {259, 3, 1},       // Compression: none
                                    {262, 3, 1},       // Photometric: min-is-black
                                    {273, 4, 8},       // StripOffsets
                                    {278, 4, height},  // RowsPerStrip
                                    {279, 4, 1}}};     // StripByteCounts
  std::string bytes = "II*";
  bytes += '\0';
  put32(bytes, 16);               // first IFD
  bytes += std::string(8, '\0');  // the strip's byte, padding
  put16(bytes, static_cast<std::uint16_t>(tags.size()));
  for (const Tag& t : tags) {
    put16(bytes, t.tag);
    put16(bytes, t.type);
    put32(bytes, 1);
    if (t.type == 3) {
      put16(bytes, static_cast<std::uint16_t>(t.value));
      put16(bytes, 0);
    } else {
      put32(bytes, t.value);
    }
  }
  put32(bytes, 0);  // no next IFD
  std::ofstream(path, std::ios::binary) << bytes;
}

// An HDF5 file whose /volume of `dims` and `type` is chunked and never written: HDF5 stores
// no chunk, so the file stays small whatever the dims claim.
void write_hdf5_claim(const std::filesystem::path& path, const std::array<hsize_t, 3>& dims,
                      hid_t type) {
  voxel::silence_hdf5_errors();
  const voxel::Hdf5File file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
  ASSERT_GE(file.get(), 0);
  const voxel::Hdf5Dataspace space(H5Screate_simple(3, dims.data(), nullptr));
  ASSERT_GE(space.get(), 0);
  const voxel::Hdf5PropertyList creation(H5Pcreate(H5P_DATASET_CREATE));
  const std::array<hsize_t, 3> chunk = {1, 1, 64};
  ASSERT_GE(H5Pset_chunk(creation.get(), 3, chunk.data()), 0);
  const voxel::Hdf5Dataset dataset(H5Dcreate2(file.get(), "/volume", type, space.get(), H5P_DEFAULT,
                                              creation.get(), H5P_DEFAULT));
  ASSERT_GE(dataset.get(), 0) << path;
}

// The Error read_volume throws for `spec`; fails the test when it reads or throws another type.
std::string read_error(const std::string& spec) {
  try {
    voxel::read_volume(spec);
  } catch (const Error& error) {
    return error.what();
  }
  ADD_FAILURE() << spec << " was read without error";
  return "";
}

// A .npy header claiming 10^6 x 10^6 x 10^6 uint8 voxels (10^18 bytes).
constexpr const char* kMillionCubedHeader =
    "{'descr': '|u1', 'fortran_order': False, 'shape': (1000000, 1000000, 1000000), }\n";

void expect_refused_claim(const std::string& message, const std::filesystem::path& path,
                          const std::string& claim) {
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  EXPECT_NE(message.find("claims " + claim), std::string::npos) << message;
  EXPECT_NE(message.find("allowed: at most"), std::string::npos) << message;
}

TEST(ClaimedSize, NpyHeaderOfAMillionCubedIsRefused) {
  const auto path = scratch_dir("claimed_npy") / "huge.npy";
  write_npy_header(path, kMillionCubedHeader);
  expect_refused_claim(read_error(path.string()), path, "1000000x1000000x1000000 uint8");
}

TEST(ClaimedSize, NpyHeaderWhoseSizeOverflowsIsRefused) {
  const auto path = scratch_dir("claimed_npy_overflow") / "overflow.npy";
  write_npy_header(path,
                   "{'descr': '<f8', 'fortran_order': False, 'shape': (4000000000, "
                   "4000000000, 4000000000), }\n");
  const std::string message = read_error(path.string());
  expect_refused_claim(message, path, "4000000000x4000000000x4000000000 float64");
  EXPECT_NE(message.find("more than 2^64"), std::string::npos) << message;
}

TEST(ClaimedSize, TiffPageOfAMillionSquaredIsRefused) {
  const auto path = scratch_dir("claimed_tiff") / "huge.tif";
  write_tiff_header(path, kMillion, kMillion);
  expect_refused_claim(read_error(path.string()), path, "1x1000000x1000000 uint8");
}

TEST(ClaimedSize, Hdf5DatasetOfAMillionCubedIsRefused) {
  const auto path = scratch_dir("claimed_hdf5") / "huge.h5";
  write_hdf5_claim(path, {kMillion, kMillion, kMillion}, H5T_STD_U8LE);
  expect_refused_claim(read_error(path.string() + ":/volume"), path,
                       "1000000x1000000x1000000 uint8");
}

TEST(ClaimedSize, Hdf5DatasetWhoseSizeOverflowsIsRefused) {
  const auto path = scratch_dir("claimed_hdf5_overflow") / "overflow.h5";
  const hsize_t side = hsize_t{1} << 21;  // 2^63 elements of 2 bytes: 2^64 bytes
  write_hdf5_claim(path, {side, side, side}, H5T_STD_U16LE);
  const std::string message = read_error(path.string() + ":/volume");
  expect_refused_claim(message, path, "2097152x2097152x2097152 uint16");
  EXPECT_NE(message.find("more than 2^64"), std::string::npos) << message;
}

// HDF5 allocates a whole chunk to read any part of it: a 1-voxel dataset in 1 GiB chunks is
// refused when the limit is lower (found by fuzz/hdf5_fuzz.cpp as a 4 GB allocation).
TEST(ClaimedSize, Hdf5ChunkLargerThanTheLimitIsRefused) {
  const auto path = scratch_dir("claimed_hdf5_chunk") / "chunk.h5";
  {
    voxel::silence_hdf5_errors();
    const voxel::Hdf5File file(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
    const std::array<hsize_t, 3> dims = {1, 1, 1},
                                 unlimited = {H5S_UNLIMITED, H5S_UNLIMITED, H5S_UNLIMITED};
    const voxel::Hdf5Dataspace space(H5Screate_simple(3, dims.data(), unlimited.data()));
    const voxel::Hdf5PropertyList creation(H5Pcreate(H5P_DATASET_CREATE));
    const std::array<hsize_t, 3> chunk = {1024, 1024, 1024};
    ASSERT_GE(H5Pset_chunk(creation.get(), 3, chunk.data()), 0);
    const voxel::Hdf5Dataset dataset(H5Dcreate2(file.get(), "/volume", H5T_STD_U8LE, space.get(),
                                                H5P_DEFAULT, creation.get(), H5P_DEFAULT));
    ASSERT_GE(dataset.get(), 0);
  }
  ASSERT_EQ(setenv("CONDNET_MAX_READ_BYTES", "1000000", 1), 0);
  const std::string message = read_error(path.string() + ":/volume");
  ASSERT_EQ(unsetenv("CONDNET_MAX_READ_BYTES"), 0);
  expect_refused_claim(message, path, "1024x1024x1024 1-byte");
  EXPECT_NE(message.find("chunk"), std::string::npos) << message;
}

TEST(ClaimedSize, CliRefusesWithExitTwoAndOneLine) {
  const auto path = scratch_dir("claimed_cli") / "huge.npy";
  write_npy_header(path, kMillionCubedHeader);
  const CommandResult result = run_condnet("stats " + path.string());
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 1) << result.output;
  EXPECT_NE(result.output.find("claims 1000000x1000000x1000000 uint8"), std::string::npos)
      << result.output;
}

TEST(ClaimedSize, TheLimitIsThisMachinesMemoryOrLowerWhenConfigured) {
  const std::uint64_t memory = voxel::read_byte_limit();
  ASSERT_EQ(setenv("CONDNET_MAX_READ_BYTES", "1000", 1), 0);
  EXPECT_EQ(voxel::read_byte_limit(), 1000u);
  EXPECT_EQ(voxel::check_claimed_size("f", "it", {10, 10, 10}, voxel::ElementType::uint8), 1000u);
  EXPECT_THROW(voxel::check_claimed_size("f", "it", {10, 10, 11}, voxel::ElementType::uint8),
               Error);
  ASSERT_EQ(setenv("CONDNET_MAX_READ_BYTES", "not a number", 1), 0);
  EXPECT_EQ(voxel::read_byte_limit(), memory);
  ASSERT_EQ(unsetenv("CONDNET_MAX_READ_BYTES"), 0);
  EXPECT_EQ(voxel::read_byte_limit(), memory);
}

}  // namespace
}  // namespace condnet::test
