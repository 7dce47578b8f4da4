#pragma once
// Datasets for the `condnet label` tests and running the labeller on them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "data/dataset_file.hpp"
#include "data/generate_dataset.hpp"
#include "test_paths.hpp"

namespace condnet::test {

// `count` samples of `shape` from the generator `config` (JSON), dataset seed `seed`.
inline void make_dataset(const std::filesystem::path& path, const char* config, voxel::Shape shape,
                         std::int64_t count, std::uint64_t seed = 3) {
  const auto generator = voxel::generate::make_generator(nlohmann::json::parse(config));
  data::GenerateOptions options;
  options.shape = shape;
  options.count = count;
  options.seed = seed;
  options.threads = 2;
  data::generate_dataset(*generator, options, path, [](std::int64_t) {});
}

// `condnet label PATH ARGUMENTS --quiet --json`; the summary, or null after a failure.
inline nlohmann::json label_json(const std::filesystem::path& path,
                                 const std::string& arguments = "") {
  const auto result = run_condnet("label " + path.string() + " " + arguments + " --quiet --json");
  EXPECT_EQ(result.exit_code, 0) << result.output;
  if (result.exit_code != 0) return nullptr;
  return nlohmann::json::parse(result.output, nullptr, false);
}

// Mean D_eff along x, y, z over the samples of a labelled dataset.
inline std::array<double, 3> mean_d_eff(const std::filesystem::path& path) {
  const auto labels = data::DatasetFile::open(path).labels();
  std::array<double, 3> mean{};
  for (const auto& sample : labels)
    for (std::size_t a = 0; a < 3; ++a)
      mean[a] += sample.axes[a].d_eff / static_cast<double>(labels.size());
  return mean;
}

}  // namespace condnet::test
