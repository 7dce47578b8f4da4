#pragma once
// Cutting a large volume (a user's tomogram) into a dataset of cubic sub-volumes.
//
// Sub-volumes of `size`^3 start every `stride` voxels along each axis, from 0 while they fit:
// floor((n - size) / stride) + 1 per axis (n the volume's extent), x slowest, then y, then z.
// Phases are relabelled so that the dataset's convention holds (label 1 conducts): the chosen
// phase becomes 1, the other phases 0, 2, 3, ... in ascending order of their values.
// Provenance records the source, the box and the values of labels 0..K-1 (phase_values).
// Overlapping crops (stride < size) share voxels: splitting them between train and test leaks
// information, so choose the split with that in mind.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "data/dataset_file.hpp"
#include "voxel/volume.hpp"

namespace condnet::data {

struct CropOptions {
  std::int64_t size = 64;
  std::int64_t stride = 32;
  double phase = 0;        // the user's value of the conducting phase
  std::uint64_t seed = 0;  // seeds the crops' splits
  SplitFractions split;
  std::string source;  // the volume's name, for provenance
  int threads = 1;
};

// Number of crops along an axis of extent n; 0 when size > n.
std::int64_t crops_along(std::int64_t n, std::int64_t size, std::int64_t stride);

// Writes the crops of `volume` to the dataset `path` and returns their number; Error naming
// --size/--stride/--phase for impossible requests (nothing is written then).
std::int64_t crop_to_dataset(
    const voxel::Volume& volume, const CropOptions& options, const std::filesystem::path& path,
    const std::function<void(std::int64_t done, std::int64_t total)>& progress);

}  // namespace condnet::data
