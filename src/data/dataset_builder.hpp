#pragma once
// Building a dataset file in parallel: worker threads make and compress samples, the calling
// thread writes them (HDF5 from one thread only) and commits the file at the end.
#include <cstdint>
#include <filesystem>
#include <functional>

#include "data/dataset_writer.hpp"

namespace condnet::data {

struct BuiltSample {
  voxel::Volume volume;
  Provenance provenance;
};

// Makes sample `index`; called from several threads at once.
using SampleSource = std::function<BuiltSample(std::int64_t index)>;

// Writes samples 0..layout.count-1 from `source` to `path` with `threads` workers, calling
// `progress(done)` after each sample is written. An exception from `source` or the writer
// stops the workers, leaves no file behind and is rethrown.
void build_dataset(const std::filesystem::path& path, const DatasetLayout& layout,
                   const SampleSource& source, int threads,
                   const std::function<void(std::int64_t done)>& progress);

}  // namespace condnet::data
