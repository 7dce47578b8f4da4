#include "solve/conductivity_table.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace condnet::solve {

std::array<double, 256> conductivity_table(const voxel::Volume& volume,
                                           const std::vector<std::pair<double, double>>& pairs,
                                           std::string_view what) {
  std::array<double, 256> table{};
  for (const auto& [value, sigma] : pairs) {
    if (!std::isfinite(sigma) || sigma < 0)
      fail("{}: conductivity {} of phase {} must be finite and >= 0", what, sigma, value);
    table[volume.label_of(value, what)] = sigma;
  }
  return table;
}

void check_conductivities(const std::array<double, 256>& conductivity) {
  for (int label = 0; label < 256; ++label)
    if (!(conductivity[label] >= 0.0) || !std::isfinite(conductivity[label]))
      fail("--conductivities: phase {} has conductivity {}; allowed: finite values >= 0", label,
           conductivity[label]);
}

ConductingPhases conducting_phases(const voxel::Volume& volume,
                                   const std::array<double, 256>& conductivity) {
  ConductingPhases out;
  const auto histogram = volume.histogram();
  for (int label = 0; label < 256; ++label)
    if (histogram[label] > 0 && conductivity[label] > 0.0) {
      out.voxels += histogram[label];
      out.sigma_ref = std::max(out.sigma_ref, conductivity[label]);
    }
  return out;
}

}  // namespace condnet::solve
