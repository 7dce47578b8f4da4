#pragma once
// Conductivity per phase label from the user's (phase value, conductivity) pairs: the command
// line's --conductivities "0:0,85:1" and Python's conductivities={0: 0, 85: 1} both end here.
#include <array>
#include <cstdint>
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

// Throws Error naming --conductivities for a label whose conductivity is negative or not finite.
void check_conductivities(const std::array<double, 256>& conductivity);

// The phases of `volume` that conduct: their voxels, and sigma_ref, the largest conductivity
// among them (0 when none conducts).
struct ConductingPhases {
  std::int64_t voxels = 0;
  double sigma_ref = 0;
};
ConductingPhases conducting_phases(const voxel::Volume& volume,
                                   const std::array<double, 256>& conductivity);

// The conductance rule of every face between two voxels (linear_system.hpp): the harmonic mean
// of their conductivities, 0 when either is 0.
inline double harmonic_mean(double a, double b) {
  return a > 0 && b > 0 ? 2.0 * a * b / (a + b) : 0.0;
}

}  // namespace condnet::solve
