#include "data/generate_dataset.hpp"

#include "data/dataset_builder.hpp"
#include "voxel/generate/random.hpp"

namespace condnet::data {

voxel::generate::Generated generate_sample(const voxel::generate::Generator& generator,
                                           const voxel::Shape& shape, std::uint64_t seed,
                                           std::int64_t index) {
  return generator.generate(shape, voxel::generate::sample_seed(seed, index));
}

void generate_dataset(const voxel::generate::Generator& generator, const GenerateOptions& options,
                      const std::filesystem::path& path,
                      const std::function<void(std::int64_t done)>& progress) {
  generator.check_shape(options.shape);
  DatasetLayout layout;
  layout.count = options.count;
  layout.sample_shape = options.shape;
  layout.phases = generator.phases();
  layout.split = options.split;
  layout.description = {
      {"command", "generate"},
      {"generator", generator.to_json()},
      {"shape", {options.shape.nx, options.shape.ny, options.shape.nz}},
      {"count", options.count},
      {"seed", options.seed},
  };
  const SampleSource source = [&](std::int64_t index) {
    const std::uint64_t seed = voxel::generate::sample_seed(options.seed, index);
    voxel::generate::Generated sample = generator.generate(options.shape, seed);
    std::string family = sample.params.at("family").get<std::string>();
    return BuiltSample{std::move(sample.volume),
                       {std::move(family), seed, std::move(sample.params)}};
  };
  build_dataset(path, layout, source, options.threads, progress);
}

}  // namespace condnet::data
