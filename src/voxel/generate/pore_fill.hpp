#pragma once
// Filling part of the pore space from the solid outwards, crevices first: the electrode's
// carbon-binder, grain-pack's cement and calendered's binder bridges.
#include <cstdint>

#include "voxel/volume.hpp"

namespace condnet::voxel::generate {

// Turns exactly `voxels` conducting voxels (kConducting) of `volume` into `paint`: those of
// highest score, where the score of a voxel is the solid indicator (kSolid) plus uniform noise
// of amplitude `noise_amplitude` (stream Stream::noise of `seed`), smoothed together by a
// periodic Gaussian of standard deviation `reach` voxels. The score is the solid fraction of a
// voxel's neighbourhood: highest in the crevices where solid surfaces meet (necks between
// particles, narrow throats), then next to flat surfaces; a `reach` of a particle's radius or
// more fills necks and throats before it coats, a small one coats every surface (with patches
// from the noise). `voxels` must not exceed the conducting voxels.
void fill_pores_from_solid(Volume& volume, std::uint8_t paint, std::int64_t voxels, double reach,
                           float noise_amplitude, std::uint64_t seed);

}  // namespace condnet::voxel::generate
