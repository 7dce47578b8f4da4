#pragma once
// Creating a dataset file (layout in dataset_file.hpp). The file is built under a temporary name
// and renamed into place by commit(): a failure or a kill before that leaves no half-written
// dataset. Samples are compressed by encode_sample(), which needs no HDF5 and may run in any
// thread; the writer takes them in any order from one thread.
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/atomic_file.hpp"
#include "data/dataset_file.hpp"
#include "voxel/hdf5_handle.hpp"
#include "voxel/volume.hpp"

namespace condnet::data {

struct DatasetLayout {
  std::int64_t count = 0;     // N >= 1
  voxel::Shape sample_shape;  // X, Y, Z
  int phases = 2;             // K: samples hold labels 0..K-1
  SplitFractions split;
  nlohmann::json description;  // how the dataset was made, stored as the root attribute
};

// One sample ready for the writer: its volume as an HDF5 chunk, deflated (zlib, the format of
// HDF5's gzip filter) unless that would not make it smaller.
struct EncodedSample {
  std::int64_t index = -1;
  Provenance provenance;
  std::vector<double> phase_fractions;  // K values
  std::vector<std::uint8_t> chunk;
  bool deflated = false;
};

// Compresses `volume` (labels < phases) and counts its phase fractions. Thread-safe.
EncodedSample encode_sample(std::int64_t index, const voxel::Volume& volume, Provenance provenance,
                            int phases);

class DatasetWriter {
 public:
  DatasetWriter(const std::filesystem::path& path, DatasetLayout layout);
  DatasetWriter(const DatasetWriter&) = delete;
  DatasetWriter& operator=(const DatasetWriter&) = delete;

  // Stores sample `sample.index` (each index once, any order; shape and phases as the layout).
  void write(const EncodedSample& sample);
  // Writes the per-sample columns, the empty labels and the attributes, closes the file and
  // renames it onto the target. Every index must have been written.
  void commit();

 private:
  AtomicFile atomic_;
  std::string where_;
  DatasetLayout layout_;
  voxel::Hdf5File file_;
  voxel::Hdf5Dataset volumes_;
  std::vector<std::uint8_t> written_;
  std::vector<std::string> families_;
  std::vector<std::string> provenance_;
  std::vector<std::uint64_t> seeds_;
  std::vector<std::uint8_t> splits_;
  std::vector<double> phase_fractions_;  // (N, K)
};

}  // namespace condnet::data
