// The files on which libhdf5 1.10 itself crashes, loops or reads past its buffers
// (fuzz/upstream/, found by fuzzing; docs/fuzzing.md) give one line naming the file: a child
// process reads each HDF5 file first (core/run_in_child.hpp). Without that child, the datasets
// that make libhdf5 segfault end this test binary (under AddressSanitizer, every file here).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "core/error.hpp"
#include "data/dataset_file.hpp"
#include "test_paths.hpp"
#include "voxel/volume_io.hpp"

namespace condnet::test {
namespace {

std::vector<std::filesystem::path> upstream_crashers(const std::string& reader) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(repository_root() / "fuzz" / "upstream" / reader))
    files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

// Runs `read` on `file`: a result or one Error line that starts with the file's name.
template <typename Read>
void expect_a_result_or_one_line(const std::filesystem::path& file, Read&& read) {
  SCOPED_TRACE(file.string());
  try {
    read();
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind(file.string() + ": ", 0), 0) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(DamagedHdf5, VolumesThatCrashLibhdf5AreOneLineErrors) {
  const auto files = upstream_crashers("hdf5");
  ASSERT_GE(files.size(), 3u);
  for (const auto& file : files)
    expect_a_result_or_one_line(file, [&] { voxel::read_volume(file.string() + ":/volume"); });
}

TEST(DamagedHdf5, DatasetsThatCrashLibhdf5AreOneLineErrors) {
  // One of them makes libhdf5 loop: the child is given 5 s, not the default 30.
  setenv("CONDNET_HDF5_CHECK_SECONDS", "5", 1);
  const auto files = upstream_crashers("dataset");
  ASSERT_GE(files.size(), 13u);
  int refused = 0;
  for (const auto& file : files) {
    expect_a_result_or_one_line(file, [&] {
      try {
        const auto d = data::DatasetFile::open(file);
        d.provenance();
        d.labels();
      } catch (const Error&) {
        ++refused;
        throw;
      }
    });
  }
  EXPECT_EQ(refused, static_cast<int>(files.size()));  // none of them is a usable dataset
}

}  // namespace
}  // namespace condnet::test
