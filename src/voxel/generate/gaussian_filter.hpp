#pragma once
// Periodic separable Gaussian smoothing of float fields, and selecting the voxels with the
// largest field values (the quantile threshold of the Gaussian-field families).
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "voxel/generate/random.hpp"
#include "voxel/shape.hpp"

namespace condnet::voxel::generate {

// Smooths `field` (shape.count() floats, C order) in place with a Gaussian of standard deviation
// sigma[a] voxels along axis a, wrapping around every face (sigma 0: that axis untouched). The
// kernel is cut at 3 sigma and normalised; kernels wider than the grid fold onto it. `scratch`
// is resized and reused.
void gaussian_filter_periodic(std::vector<float>& field, const Shape& shape,
                              const std::array<double, 3>& sigma, std::vector<float>& scratch);

// Fills `field` with independent uniform noise in [-0.5, 0.5).
void fill_uniform_noise(std::vector<float>& field, std::int64_t count, Rng& rng);

// Sets labels[i] = `to` for exactly `k` of the voxels with labels[i] == `from`: those with the
// largest field[i] (ties: lowest index first). k must not exceed the number of such voxels.
// `scratch` is reused.
void label_largest(std::span<const float> field, std::span<std::uint8_t> labels, std::uint8_t from,
                   std::uint8_t to, std::int64_t k, std::vector<float>& scratch);

}  // namespace condnet::voxel::generate
