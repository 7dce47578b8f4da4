#pragma once
// Conductivity per phase label from the user's (phase value, conductivity) pairs: the command
// line's --conductivities "0:0,85:1" and Python's conductivities={0: 0, 85: 1} both end here.
#include <array>
#include <string_view>
#include <utility>
#include <vector>

#include "voxel/volume.hpp"

namespace condnet::solve {

// Unlisted phases conduct with 0. Throws Error naming `what` (the option or argument) for a
// phase value not in `volume` or a conductivity that is negative or not finite.
std::array<double, 256> conductivity_table(const voxel::Volume& volume,
                                           const std::vector<std::pair<double, double>>& pairs,
                                           std::string_view what);

}  // namespace condnet::solve
