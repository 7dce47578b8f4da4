// Each kind of bad input ends as one line naming the file, exit status 2, and no output file
// (not even a temporary) left behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "test_paths.hpp"
#include "voxel/npy_format.hpp"
#include "voxel/tiff_format.hpp"

namespace condnet::test {

namespace {

void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

voxel::RawArray small_array() {
  voxel::RawArray array{
      {4, 5, 6}, voxel::ElementType::uint8, std::vector<std::uint8_t>(120), std::nullopt};
  for (std::size_t i = 0; i < array.bytes.size(); ++i) array.bytes[i] = (i % 3) * 85;
  return array;
}

// Runs `condnet convert INPUT_ARGS OUT` and checks the failure contract.
void expect_clean_failure(const std::filesystem::path& dir, const std::string& input_args,
                          const std::string& must_mention) {
  const auto output = dir / "out.npy";
  const auto result = run_condnet("convert " + input_args + " " + output.string());
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 1) << result.output;
  EXPECT_NE(result.output.find(must_mention), std::string::npos) << result.output;
  EXPECT_FALSE(std::filesystem::exists(output));
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    EXPECT_EQ(entry.path().filename().string().find(".out.npy.tmp"), std::string::npos)
        << entry.path();
}

}  // namespace

TEST(BadInput, TruncatedTiff) {
  const auto dir = scratch_dir("bad_truncated_tiff");
  const auto good = dir / "good.tif";
  voxel::write_tiff(small_array(), good);
  std::ifstream in(good, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  write_bytes(dir / "cut.tif", bytes.substr(0, bytes.size() / 2));
  expect_clean_failure(dir, (dir / "cut.tif").string(), "cut.tif");
}

TEST(BadInput, CorruptTiff) {
  const auto dir = scratch_dir("bad_corrupt_tiff");
  write_bytes(dir / "noise.tif", std::string(1000, '\x5a'));
  expect_clean_failure(dir, (dir / "noise.tif").string(), "noise.tif");
}

TEST(BadInput, NpyBadHeader) {
  const auto dir = scratch_dir("bad_npy_header");
  std::string header = "{'descr': '|u1', 'fortran_order': False, }";
  header.resize(117, ' ');
  header += '\n';
  write_bytes(dir / "bad.npy", std::string("\x93NUMPY\x01\x00", 8) + char(118) + char(0) + header);
  expect_clean_failure(dir, (dir / "bad.npy").string(), "bad.npy");
}

TEST(BadInput, RawSizeMismatch) {
  const auto dir = scratch_dir("bad_raw_size");
  write_bytes(dir / "vol.raw", std::string(1000, '\0'));
  expect_clean_failure(dir, (dir / "vol.raw").string() + " --shape 10,10,11 --dtype uint8",
                       "vol.raw");
}

TEST(BadInput, Hdf5MissingDataset) {
  const auto dir = scratch_dir("bad_h5_path");
  const auto file = dir / "vol.h5";
  voxel::write_npy(small_array(), dir / "seed.npy");
  ASSERT_EQ(
      run_condnet("convert " + (dir / "seed.npy").string() + " " + file.string() + ":/data/volume")
          .exit_code,
      0);
  expect_clean_failure(dir, file.string() + ":/no/such", "/no/such");
}

TEST(BadInput, UnsupportedDtype) {
  const auto dir = scratch_dir("bad_dtype");
  write_bytes(dir / "vol.raw", std::string(120, '\0'));
  expect_clean_failure(dir, (dir / "vol.raw").string() + " --shape 4,5,6 --dtype complex64",
                       "complex64");
}

TEST(BadInput, PhaseNotPresent) {
  const auto dir = scratch_dir("bad_phase");
  voxel::write_npy(small_array(), dir / "vol.npy");
  const auto result = run_condnet("stats " + (dir / "vol.npy").string() + " --phase 7");
  EXPECT_EQ(result.exit_code, 2) << result.output;
  EXPECT_EQ(std::count(result.output.begin(), result.output.end(), '\n'), 1) << result.output;
  EXPECT_NE(result.output.find("0, 85, 170"), std::string::npos) << result.output;
}

TEST(BadInput, MissingFile) {
  const auto dir = scratch_dir("bad_missing");
  expect_clean_failure(dir, (dir / "nothere.tif").string(), "nothere.tif");
}

}  // namespace condnet::test
