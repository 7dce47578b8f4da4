#pragma once
// Generated datasets: sample i of a dataset made with seed S is the generator's volume for
// voxel::generate::sample_seed(S, i), so it depends on neither the sample count nor the
// number of threads, and `condnet generate --seed S -o vol.tif` writes sample 0.
#include <cstdint>
#include <filesystem>
#include <functional>

#include "data/dataset_file.hpp"
#include "voxel/generate/generator.hpp"

namespace condnet::data {

struct GenerateOptions {
  voxel::Shape shape{64, 64, 64};
  std::int64_t count = 1;
  std::uint64_t seed = 0;
  SplitFractions split;
  int threads = 1;
};

// Sample `index` of a dataset made with `seed`.
voxel::generate::Generated generate_sample(const voxel::generate::Generator& generator,
                                           const voxel::Shape& shape, std::uint64_t seed,
                                           std::int64_t index);

// Writes options.count samples to the dataset `path` (checks the shape first: nothing is
// written when the particles do not fit).
void generate_dataset(const voxel::generate::Generator& generator, const GenerateOptions& options,
                      const std::filesystem::path& path,
                      const std::function<void(std::int64_t done)>& progress);

}  // namespace condnet::data
