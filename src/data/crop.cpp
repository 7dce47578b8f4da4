#include "data/crop.hpp"

#include <algorithm>
#include <array>
#include <limits>

#include "core/error.hpp"
#include "data/dataset_builder.hpp"
#include "voxel/generate/random.hpp"

namespace condnet::data {

namespace {

// label in the volume -> label in the dataset: the phase first as 1, the others 0, 2, 3, ...
std::array<std::uint8_t, 256> relabelling(const voxel::Volume& volume, std::uint8_t phase,
                                          std::vector<double>& values) {
  std::array<std::uint8_t, 256> map{};
  const std::vector<std::uint8_t> present = volume.labels_present();
  // Label 0 has no value (NaN, JSON null) when the phase is the only one present.
  values.assign(std::max<std::size_t>(2, present.size()), std::numeric_limits<double>::quiet_NaN());
  int next = 0;
  for (const std::uint8_t label : present) {
    if (next == kConductingLabel) ++next;
    const int target = label == phase ? kConductingLabel : next++;
    map[label] = static_cast<std::uint8_t>(target);
    values[static_cast<std::size_t>(target)] = volume.value_of(label);
  }
  return map;
}

}  // namespace

std::int64_t crops_along(std::int64_t n, std::int64_t size, std::int64_t stride) {
  return size > n ? 0 : (n - size) / stride + 1;
}

std::int64_t crop_to_dataset(
    const voxel::Volume& volume, const CropOptions& options, const std::filesystem::path& path,
    const std::function<void(std::int64_t done, std::int64_t total)>& progress) {
  const voxel::Shape& shape = volume.shape();
  if (options.size < 1) fail("--size {}: a crop needs at least 1 voxel per side", options.size);
  if (options.stride < 1) fail("--stride {}: must be at least 1", options.stride);
  const std::int64_t smallest = std::min({shape.nx, shape.ny, shape.nz});
  if (options.size > smallest)
    fail("--size {}: larger than the volume {} ({}); allowed: 1 to {}", options.size, shape.str(),
         options.source, smallest);
  const std::uint8_t phase = volume.label_of(options.phase, "--phase");
  std::vector<double> phase_values;
  const auto map = relabelling(volume, phase, phase_values);
  const auto phases = static_cast<int>(phase_values.size());

  const std::array<std::int64_t, 3> along = {crops_along(shape.nx, options.size, options.stride),
                                             crops_along(shape.ny, options.size, options.stride),
                                             crops_along(shape.nz, options.size, options.stride)};
  DatasetLayout layout;
  layout.count = along[0] * along[1] * along[2];
  layout.sample_shape = {options.size, options.size, options.size};
  layout.phases = phases;
  layout.split = options.split;
  layout.description = {{"command", "crop"},
                        {"source", options.source},
                        {"source_shape", {shape.nx, shape.ny, shape.nz}},
                        {"size", options.size},
                        {"stride", options.stride},
                        {"phase", options.phase},
                        {"phase_values", phase_values},
                        {"seed", options.seed}};

  const SampleSource source = [&](std::int64_t index) {
    const std::int64_t x0 = index / (along[1] * along[2]) * options.stride;
    const std::int64_t y0 = index / along[2] % along[1] * options.stride;
    const std::int64_t z0 = index % along[2] * options.stride;
    BuiltSample sample{voxel::Volume(layout.sample_shape), {}};
    const std::int64_t n = options.size;
    for (std::int64_t x = 0; x < n; ++x)
      for (std::int64_t y = 0; y < n; ++y) {
        const std::uint8_t* in = volume.data() + shape.index(x0 + x, y0 + y, z0);
        std::uint8_t* out = sample.volume.data() + layout.sample_shape.index(x, y, 0);
        for (std::int64_t z = 0; z < n; ++z) out[z] = map[in[z]];
      }
    sample.provenance = {"crop",
                         voxel::generate::sample_seed(options.seed, index),
                         {{"source", options.source},
                          {"box", {x0, y0, z0, x0 + n, y0 + n, z0 + n}},
                          {"phase", options.phase},
                          {"phase_values", phase_values}}};
    return sample;
  };
  build_dataset(path, layout, source, options.threads,
                [&](std::int64_t done) { progress(done, layout.count); });
  return layout.count;
}

}  // namespace condnet::data
