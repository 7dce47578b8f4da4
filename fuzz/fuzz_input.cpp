#include "fuzz_input.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "core/run_in_child.hpp"

namespace condnet::fuzz {

const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/condnet-fuzz-XXXXXX";
    if (!mkdtemp(pattern.data())) fail("{}: cannot make a scratch directory", pattern);
    return std::filesystem::path(pattern);
  }();
  return dir;
}

std::filesystem::path write_input(std::span<const std::uint8_t> bytes, const std::string& name) {
  const std::filesystem::path path = scratch_dir() / name;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) fail("{}: cannot write the fuzz input", path.string());
  return path;
}

}  // namespace condnet::fuzz

// Reads claiming more than 16 MiB are refused (voxel/claimed_size.hpp) so that a header's
// claim stays below libFuzzer's 2 GB malloc limit; the limit itself is what is tested.
// The HDF5 readers read in this process, not in a checking child (core/run_in_child.hpp):
// libFuzzer must see libhdf5's crashes and the readers' coverage.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setenv("CONDNET_MAX_READ_BYTES", "16777216", 1);
  condnet::run_children_in_this_process();
  return 0;
}
