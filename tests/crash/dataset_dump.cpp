// crash_dataset_dump FILE: one line per sample of a condnet dataset, read with condnet's own
// reader (data::DatasetFile), for the crash tests to compare datasets exactly:
//   INDEX VOLUME_HASH LABELLED, then per axis x, y, z: d_eff tau tau_percolating
//   percolating_fraction relative_residual flux_mismatch percolates status iterations
// VOLUME_HASH is the FNV-1a hash of the sample's voxels; floats are hex floats (%a), so equal
// lines mean the same volume and bit-identical labels. Exit status 2 (one line on stderr) when
// the file cannot be read.
#include <cstdint>
#include <cstdio>
#include <exception>

#include "data/dataset_file.hpp"

namespace {

std::uint64_t fnv1a(const std::uint8_t* bytes, std::int64_t count) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (std::int64_t i = 0; i < count; ++i) hash = (hash ^ bytes[i]) * 0x100000001b3ull;
  return hash;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: crash_dataset_dump FILE.h5\n");
    return 2;
  }
  try {
    const auto file = condnet::data::DatasetFile::open(argv[1]);
    const auto labelled = file.labelled();
    for (const auto& sample : file.labels()) {
      const auto volume = file.read_volume(sample.index);
      std::printf("%lld %016llx %d", static_cast<long long>(sample.index),
                  static_cast<unsigned long long>(fnv1a(volume.data(), volume.count())),
                  static_cast<int>(labelled[static_cast<std::size_t>(sample.index)]));
      for (const auto& axis : sample.axes)
        std::printf(" %a %a %a %a %a %a %d %d %d", axis.d_eff, axis.tau, axis.tau_percolating,
                    axis.percolating_fraction, axis.relative_residual, axis.flux_mismatch,
                    axis.percolates ? 1 : 0, static_cast<int>(axis.status), axis.iterations);
      std::printf("\n");
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crash_dataset_dump: %s\n", e.what());
    return 2;
  }
  return 0;
}
