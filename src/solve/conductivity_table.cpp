#include "solve/conductivity_table.hpp"

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

}  // namespace condnet::solve
