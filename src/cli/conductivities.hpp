#pragma once
// Which phases conduct: --phase P (P conducts with 1, everything else 0) or
// --conductivities "0:0,85:1,170:0.1" (phase value : conductivity; unlisted phases 0).
#include <array>
#include <optional>
#include <string>

#include "voxel/volume.hpp"

namespace condnet::cli {

// Conductivity per label of `volume`. Throws Error naming the option for a malformed list, a
// phase that is not in the volume, a negative or non-finite value, or neither option given.
std::array<double, 256> conductivity_table(const voxel::Volume& volume, std::optional<double> phase,
                                           const std::string& conductivities);

}  // namespace condnet::cli
