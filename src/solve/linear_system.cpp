#include "solve/linear_system.hpp"

#include <algorithm>
#include <limits>

#include "core/error.hpp"
#include "voxel/clusters.hpp"

namespace condnet::solve {

std::vector<std::uint8_t> active_mask(const voxel::Volume& volume,
                                      const std::array<double, 256>& conductivity, int axis,
                                      bool periodic_sides) {
  CONDNET_ASSERT(axis >= 0 && axis < 3);
  std::vector<std::uint8_t> conducting(static_cast<std::size_t>(volume.count()));
  const std::uint8_t* labels = volume.data();
  for (std::size_t i = 0; i < conducting.size(); ++i)
    conducting[i] = conductivity[labels[i]] > 0.0 ? 1 : 0;
  std::array<bool, 3> periodic = {periodic_sides, periodic_sides, periodic_sides};
  periodic[axis] = false;
  const voxel::Clusters clusters = voxel::label_clusters(conducting, volume.shape(), periodic);
  return voxel::spanning_mask(clusters, axis);
}

namespace {

double harmonic_mean(double a, double b) { return 2.0 * a * b / (a + b); }

}  // namespace

LinearSystem assemble(const voxel::Volume& volume, const std::array<double, 256>& conductivity,
                      const std::vector<std::uint8_t>& active, int axis, bool periodic_sides,
                      double sigma_ref) {
  const voxel::Shape shape = volume.shape();
  CONDNET_ASSERT(static_cast<std::int64_t>(active.size()) == shape.count());
  CONDNET_ASSERT(sigma_ref > 0.0);
  LinearSystem system;
  system.shape = shape;
  system.axis = axis;

  // Grid index -> unknown index (-1 off the active set).
  std::vector<std::int32_t> unknown(active.size(), -1);
  std::int64_t rows = 0;
  for (std::size_t i = 0; i < active.size(); ++i)
    if (active[i]) {
      CONDNET_ASSERT(rows < std::numeric_limits<std::int32_t>::max());
      unknown[i] = static_cast<std::int32_t>(rows++);
    }
  system.voxel.reserve(static_cast<std::size_t>(rows));
  SparseMatrix& a = system.matrix;
  a.rows = rows;
  a.row_begin.reserve(static_cast<std::size_t>(rows + 1));
  a.row_begin.push_back(0);
  a.column.reserve(static_cast<std::size_t>(rows) * 4);
  a.value.reserve(static_cast<std::size_t>(rows) * 4);
  a.diagonal.reserve(static_cast<std::size_t>(rows));
  system.rhs.assign(static_cast<std::size_t>(rows), 0.0);

  const std::array<std::int64_t, 3> extent = {shape.nx, shape.ny, shape.nz};
  const std::array<std::int64_t, 3> stride = {shape.ny * shape.nz, shape.nz, 1};
  const std::uint8_t* labels = volume.data();
  for (std::int64_t x = 0; x < shape.nx; ++x)
    for (std::int64_t y = 0; y < shape.ny; ++y)
      for (std::int64_t z = 0; z < shape.nz; ++z) {
        const std::int64_t index = shape.index(x, y, z);
        const std::int32_t row = unknown[index];
        if (row < 0) continue;
        system.voxel.push_back(index);
        const double sigma = conductivity[labels[index]] / sigma_ref;
        const std::array<std::int64_t, 3> position = {x, y, z};
        double diagonal = 0.0;
        const std::int64_t row_start = static_cast<std::int64_t>(a.column.size());
        for (int d = 0; d < 3; ++d)
          for (const int step : {-1, 1}) {
            std::int64_t p = position[d] + step;
            if (p < 0 || p >= extent[d]) {
              if (d == axis) {  // Dirichlet face at half-cell distance
                const float g = static_cast<float>(2.0 * sigma);
                diagonal += g;
                (step < 0 ? system.inlet : system.outlet).push_back({row, g});
                if (step < 0) system.rhs[row] += g;
                continue;
              }
              if (!periodic_sides || extent[d] == 1) continue;  // no-flux side
              p = (p + extent[d]) % extent[d];
            }
            const std::int64_t neighbour = index + (p - position[d]) * stride[d];
            const std::int32_t column = unknown[neighbour];
            if (column < 0) continue;
            const float g = static_cast<float>(
                harmonic_mean(sigma, conductivity[labels[neighbour]] / sigma_ref));
            diagonal += g;
            // Periodic sides of extent 2 reach the same neighbour twice: merge.
            const auto begin = a.column.begin() + row_start;
            const auto found = std::find(begin, a.column.end(), column);
            if (found != a.column.end()) {
              a.value[found - a.column.begin()] -= g;
            } else {
              a.column.push_back(column);
              a.value.push_back(-g);
            }
          }
        a.diagonal.push_back(diagonal);
        a.row_begin.push_back(static_cast<std::int64_t>(a.column.size()));
      }
  a.column.shrink_to_fit();
  a.value.shrink_to_fit();
  return system;
}

std::vector<double> linear_potential(const LinearSystem& system) {
  const std::array<std::int64_t, 3> extent = {system.shape.nx, system.shape.ny, system.shape.nz};
  const std::int64_t n = extent[system.axis];
  const std::int64_t stride = system.axis == 0   ? system.shape.ny * system.shape.nz
                              : system.axis == 1 ? system.shape.nz
                                                 : 1;
  std::vector<double> phi(system.voxel.size());
  for (std::size_t i = 0; i < phi.size(); ++i) {
    const std::int64_t position = (system.voxel[i] / stride) % n;
    phi[i] = 1.0 - (static_cast<double>(position) + 0.5) / static_cast<double>(n);
  }
  return phi;
}

Fluxes boundary_fluxes(const LinearSystem& system, const std::vector<double>& phi) {
  Fluxes fluxes;
  for (const BoundaryFace& face : system.inlet) fluxes.in += face.conductance * (1.0 - phi[face.row]);
  for (const BoundaryFace& face : system.outlet) fluxes.out += face.conductance * phi[face.row];
  return fluxes;
}

}  // namespace condnet::solve
