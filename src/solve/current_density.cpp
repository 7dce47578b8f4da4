#include "solve/current_density.hpp"

#include <cmath>

#include "core/error.hpp"
#include "solve/conductivity_table.hpp"
#include "solve/parallel.hpp"

namespace condnet::solve {

namespace {

// The density at each conducting voxel, handed to `put(index, jx, jy, jz)`.
template <typename Put>
void for_each_density(const voxel::Volume& volume, const std::array<double, 256>& conductivity,
                      double sigma_ref, int axis, bool periodic_sides,
                      std::span<const float> potential, Put put) {
  const voxel::Shape shape = volume.shape();
  CONDNET_ASSERT(static_cast<std::int64_t>(potential.size()) == shape.count() && sigma_ref > 0);
  const std::array<std::int64_t, 3> extent = {shape.nx, shape.ny, shape.nz};
  const std::array<std::int64_t, 3> stride = {shape.ny * shape.nz, shape.nz, 1};
  const voxel::Spacing& h = volume.spacing();
  // Densities in units of sigma_ref / L: a potential step over h_d gives (step / h_d) L.
  const double length = static_cast<double>(extent[axis]) * h[axis];
  const std::uint8_t* labels = volume.data();
  parallel_for(shape.nx, [&](std::int64_t x) {
    for (std::int64_t y = 0; y < shape.ny; ++y)
      for (std::int64_t z = 0; z < shape.nz; ++z) {
        const std::int64_t index = shape.index(x, y, z);
        const float phi = potential[index];
        if (std::isnan(phi)) continue;
        const double sigma = conductivity[labels[index]] / sigma_ref;
        const std::array<std::int64_t, 3> position = {x, y, z};
        std::array<double, 3> j{};
        for (int d = 0; d < 3; ++d) {
          double sum = 0;  // the densities along +d through the -d and the +d face
          for (const int step : {-1, 1}) {
            std::int64_t p = position[d] + step;
            if (p < 0 || p >= extent[d]) {
              if (d == axis) {  // an electrode at half a voxel: 1 below, 0 above
                const double face = step < 0 ? 1.0 : 0.0;
                sum += step * sigma * (phi - face) / (h[d] / 2);
                continue;
              }
              if (!periodic_sides || extent[d] == 1) continue;  // sealed
              p = (p + extent[d]) % extent[d];
            }
            const std::int64_t neighbour = index + (p - position[d]) * stride[d];
            const float other = potential[neighbour];
            if (std::isnan(other)) continue;
            const double face = harmonic_mean(sigma, conductivity[labels[neighbour]] / sigma_ref);
            sum += step * face * (phi - other) / h[d];
          }
          j[d] = 0.5 * sum * length;
        }
        put(index, j);
      }
  });
}

}  // namespace

std::array<std::vector<float>, 3> current_density(const voxel::Volume& volume,
                                                  const std::array<double, 256>& conductivity,
                                                  double sigma_ref, int axis, bool periodic_sides,
                                                  std::span<const float> potential) {
  std::array<std::vector<float>, 3> out;
  for (auto& component : out) component.assign(potential.size(), 0.0f);
  for_each_density(volume, conductivity, sigma_ref, axis, periodic_sides, potential,
                   [&](std::int64_t index, const std::array<double, 3>& j) {
                     for (int d = 0; d < 3; ++d) out[d][index] = static_cast<float>(j[d]);
                   });
  return out;
}

std::vector<float> current_density_magnitude(const voxel::Volume& volume,
                                             const std::array<double, 256>& conductivity,
                                             double sigma_ref, int axis, bool periodic_sides,
                                             std::span<const float> potential) {
  std::vector<float> out(potential.size(), 0.0f);
  for_each_density(volume, conductivity, sigma_ref, axis, periodic_sides, potential,
                   [&](std::int64_t index, const std::array<double, 3>& j) {
                     out[index] =
                         static_cast<float>(std::sqrt(j[0] * j[0] + j[1] * j[1] + j[2] * j[2]));
                   });
  return out;
}

}  // namespace condnet::solve
