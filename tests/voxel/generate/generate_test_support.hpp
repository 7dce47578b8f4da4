#pragma once
// Plain-loop measurements of generated volumes for the generator tests.
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "voxel/volume.hpp"

namespace condnet::test {

// Fraction of voxels holding `label`.
inline double fraction_of(const voxel::Volume& volume, std::uint8_t label) {
  std::int64_t count = 0;
  for (std::int64_t i = 0; i < volume.count(); ++i) count += volume.data()[i] == label;
  return static_cast<double>(count) / static_cast<double>(volume.count());
}

// Mean length of the runs of `label` along `axis`, on periodic lines: voxels of the phase
// divided by the number of runs (a run starts where the previous voxel, wrapping around, is
// not of the phase). A line entirely of the phase counts as one run of its length.
inline double mean_chord(const voxel::Volume& volume, std::uint8_t label, int axis) {
  const voxel::Shape& s = volume.shape();
  const std::array<std::int64_t, 3> n = {s.nx, s.ny, s.nz};
  std::int64_t voxels = 0, runs = 0;
  for (std::int64_t x = 0; x < s.nx; ++x)
    for (std::int64_t y = 0; y < s.ny; ++y)
      for (std::int64_t z = 0; z < s.nz; ++z) {
        std::array<std::int64_t, 3> p = {x, y, z};
        if (volume(x, y, z) != label) continue;
        ++voxels;
        p[axis] = (p[axis] + n[axis] - 1) % n[axis];
        if (volume(p[0], p[1], p[2]) != label) ++runs;
      }
  // Lines entirely of the phase have no start: count each once.
  for (std::int64_t a = 0; a < n[(axis + 1) % 3]; ++a)
    for (std::int64_t b = 0; b < n[(axis + 2) % 3]; ++b) {
      bool full = true;
      for (std::int64_t c = 0; c < n[axis] && full; ++c) {
        std::array<std::int64_t, 3> p{};
        p[axis] = c;
        p[(axis + 1) % 3] = a;
        p[(axis + 2) % 3] = b;
        full = volume(p[0], p[1], p[2]) == label;
      }
      runs += full;
    }
  return runs > 0 ? static_cast<double>(voxels) / static_cast<double>(runs) : 0.0;
}

}  // namespace condnet::test
