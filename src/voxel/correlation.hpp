#pragma once
// Two-point correlation of a binary mask along each axis, and the correlation length it gives:
// a structure's feature size in voxels.
//   S2_a(r) = the fraction of voxel pairs (v, v + r e_a), both inside the volume, that are both
//             in the mask (no wrap-around); S2_a(0) = eps, the mask's volume fraction;
//   C_a(r)  = (S2_a(r) - eps^2) / (eps - eps^2), the normalised autocovariance: 1 at r = 0,
//             about 0 for uncorrelated voxels;
//   length_a = the lag where C_a first falls to 1/e, interpolated linearly between lags
//             (at most the largest lag, extent / 2, when it never does); 0 for eps 0 or 1.
// An exponential C(r) = exp(-r / L) gives L; an uncorrelated random mask gives less than 1.
#include <array>
#include <cstdint>
#include <span>

#include "voxel/shape.hpp"

namespace condnet::voxel {

// mask: shape.count() bytes, nonzero in the mask, C order. Per axis, in voxels.
std::array<double, 3> correlation_lengths(std::span<const std::uint8_t> mask, const Shape& shape);

}  // namespace condnet::voxel
