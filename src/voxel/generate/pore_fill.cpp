#include "voxel/generate/pore_fill.hpp"

#include <span>
#include <vector>

#include "voxel/generate/gaussian_filter.hpp"
#include "voxel/generate/generator.hpp"
#include "voxel/generate/random.hpp"

namespace condnet::voxel::generate {

void fill_pores_from_solid(Volume& volume, std::uint8_t paint, std::int64_t voxels, double reach,
                           float noise_amplitude, std::uint64_t seed) {
  const Shape& shape = volume.shape();
  const std::span<std::uint8_t> labels(volume.data(), static_cast<std::size_t>(volume.count()));
  // score: (x, y, z) C order; the solid indicator plus white noise, smoothed together.
  std::vector<float> score, scratch;
  Rng rng(seed, Stream::noise);
  fill_uniform_noise(score, volume.count(), rng);
  for (std::size_t i = 0; i < labels.size(); ++i)
    score[i] = (labels[i] == kSolid ? 1.0f : 0.0f) + noise_amplitude * score[i];
  gaussian_filter_periodic(score, shape, {reach, reach, reach}, scratch);
  label_largest(score, labels, kConducting, paint, voxels, scratch);
}

}  // namespace condnet::voxel::generate
