// Replays fuzz inputs through a harness without libFuzzer (the g++ build, under CTest):
//   replay_READER PATH...   each PATH a file, or a folder whose files are all replayed.
// Exits 0 when every input ended in success or a condnet::Error; a crash, a sanitizer report
// or an escaping exception of another type fails the run, naming the input first.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

#include "fuzz_input.hpp"

namespace {

std::vector<std::filesystem::path> inputs_of(const std::filesystem::path& path) {
  std::vector<std::filesystem::path> files;
  if (std::filesystem::is_directory(path)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path))
      if (entry.is_regular_file()) files.push_back(entry.path());
  } else {
    files.push_back(path);
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  LLVMFuzzerInitialize(&argc, &argv);
  std::size_t replayed = 0;
  for (int i = 1; i < argc; ++i) {
    if (!std::filesystem::exists(argv[i])) {
      std::fprintf(stderr, "replay: %s: no such file or folder\n", argv[i]);
      return 2;
    }
    for (const auto& file : inputs_of(argv[i])) {
      std::fprintf(stderr, "replay: %s\n", file.c_str());
      std::ifstream in(file, std::ios::binary);
      const std::vector<std::uint8_t> bytes(std::istreambuf_iterator<char>(in), {});
      LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
      ++replayed;
    }
  }
  std::filesystem::remove_all(condnet::fuzz::scratch_dir());
  std::printf("replay: %zu inputs, no findings\n", replayed);
  return replayed > 0 ? 0 : 1;
}
