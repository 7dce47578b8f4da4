#include "solve/linear_system.hpp"

#include <algorithm>
#include <limits>

#include "core/error.hpp"
#include "solve/conductivity_table.hpp"
#include "solve/parallel.hpp"
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

// One row of the system: its off-diagonal entries (at most 6, duplicates merged), diagonal and
// Dirichlet face conductances.
struct RowEntries {
  std::array<std::int32_t, 6> column;
  std::array<float, 6> value;
  int count = 0;
  double diagonal = 0.0;
  float inlet = 0.0f;   // conductance to the phi = 1 face (0 when not on it)
  float outlet = 0.0f;  // to the phi = 0 face
};

struct Assembler {
  const voxel::Shape shape;
  const std::uint8_t* labels;
  const std::array<double, 256>& conductivity;
  const std::vector<std::int32_t>& unknown;
  const int axis;
  const bool periodic_sides;
  const double sigma_ref;
  const std::array<double, 3> weight;  // per direction: (h_axis / h_d)^2 (linear_system.hpp)

  RowEntries row(std::int64_t x, std::int64_t y, std::int64_t z) const {
    const std::array<std::int64_t, 3> extent = {shape.nx, shape.ny, shape.nz};
    const std::array<std::int64_t, 3> stride = {shape.ny * shape.nz, shape.nz, 1};
    const std::array<std::int64_t, 3> position = {x, y, z};
    const std::int64_t index = shape.index(x, y, z);
    const double sigma = conductivity[labels[index]] / sigma_ref;
    RowEntries entries;
    for (int d = 0; d < 3; ++d)
      for (const int step : {-1, 1}) {
        std::int64_t p = position[d] + step;
        if (p < 0 || p >= extent[d]) {
          if (d == axis) {  // Dirichlet face at half-cell distance
            const float g = static_cast<float>(2.0 * sigma);
            entries.diagonal += g;
            (step < 0 ? entries.inlet : entries.outlet) += g;
            continue;
          }
          if (!periodic_sides || extent[d] == 1) continue;  // no-flux side
          p = (p + extent[d]) % extent[d];
        }
        const std::int64_t neighbour = index + (p - position[d]) * stride[d];
        const std::int32_t column = unknown[neighbour];
        if (column < 0) continue;
        const float g = static_cast<float>(
            weight[d] * harmonic_mean(sigma, conductivity[labels[neighbour]] / sigma_ref));
        entries.diagonal += g;
        // Periodic sides of extent 2 reach the same neighbour twice: merge.
        int k = 0;
        while (k < entries.count && entries.column[k] != column) ++k;
        if (k == entries.count) {
          entries.column[k] = column;
          entries.value[k] = 0.0f;
          ++entries.count;
        }
        entries.value[k] -= g;
      }
    return entries;
  }
};

}  // namespace

LinearSystem assemble(const voxel::Volume& volume, const std::array<double, 256>& conductivity,
                      const std::vector<std::uint8_t>& active, int axis, bool periodic_sides,
                      double sigma_ref, SlabRange slabs) {
  const voxel::Shape shape = volume.shape();
  CONDNET_ASSERT(static_cast<std::int64_t>(active.size()) == shape.count());
  CONDNET_ASSERT(sigma_ref > 0.0);
  LinearSystem system;
  system.shape = shape;
  system.axis = axis;
  const std::int64_t plane = shape.ny * shape.nz;

  // Unknowns are numbered in C order; x-slabs are filled in parallel from per-slab offsets.
  std::vector<std::int64_t> slab_rows(static_cast<std::size_t>(shape.nx) + 1, 0);
  parallel_for(shape.nx, [&](std::int64_t x) {
    std::int64_t count = 0;
    for (std::int64_t i = x * plane; i < (x + 1) * plane; ++i) count += active[i];
    slab_rows[x + 1] = count;
  });
  for (std::int64_t x = 0; x < shape.nx; ++x) slab_rows[x + 1] += slab_rows[x];
  CONDNET_ASSERT(slab_rows[shape.nx] < std::numeric_limits<std::int32_t>::max());
  const std::int64_t x_begin = slabs.begin;
  const std::int64_t x_end = slabs.end < 0 ? shape.nx : slabs.end;
  CONDNET_ASSERT(0 <= x_begin && x_begin <= x_end && x_end <= shape.nx);
  system.first_row = slab_rows[x_begin];
  system.total_rows = slab_rows[shape.nx];
  const std::int64_t first = system.first_row;
  const std::int64_t rows = slab_rows[x_end] - first;  // this slab range's rows
  std::vector<std::int32_t> unknown(active.size());
  parallel_for(shape.nx, [&](std::int64_t x) {
    std::int64_t row = slab_rows[x];
    for (std::int64_t i = x * plane; i < (x + 1) * plane; ++i)
      unknown[i] = active[i] ? static_cast<std::int32_t>(row++) : -1;
  });

  const voxel::Spacing& h = volume.spacing();
  std::array<double, 3> weight{};
  for (int d = 0; d < 3; ++d) weight[d] = (h[axis] / h[d]) * (h[axis] / h[d]);
  const Assembler assembler{shape, volume.data(),  conductivity, unknown,
                            axis,  periodic_sides, sigma_ref,    weight};
  SparseMatrix& a = system.matrix;
  a.rows = rows;
  a.row_begin.assign(static_cast<std::size_t>(rows) + 1, 0);
  // Pass 1: row lengths; then offsets.
  parallel_for(x_end - x_begin, [&](std::int64_t slab) {
    const std::int64_t x = x_begin + slab;
    for (std::int64_t y = 0; y < shape.ny; ++y)
      for (std::int64_t z = 0; z < shape.nz; ++z) {
        const std::int32_t row = unknown[shape.index(x, y, z)];
        if (row >= 0) a.row_begin[row - first + 1] = assembler.row(x, y, z).count;
      }
  });
  for (std::int64_t i = 0; i < rows; ++i) a.row_begin[i + 1] += a.row_begin[i];
  // Pass 2: entries.
  a.column.resize(static_cast<std::size_t>(a.row_begin[rows]));
  a.value.resize(a.column.size());
  a.diagonal.resize(static_cast<std::size_t>(rows));
  system.rhs.assign(static_cast<std::size_t>(rows), 0.0);
  system.voxel.resize(static_cast<std::size_t>(rows));
  parallel_for(x_end - x_begin, [&](std::int64_t slab) {
    const std::int64_t x = x_begin + slab;
    for (std::int64_t y = 0; y < shape.ny; ++y)
      for (std::int64_t z = 0; z < shape.nz; ++z) {
        const std::int64_t index = shape.index(x, y, z);
        const std::int32_t global_row = unknown[index];
        if (global_row < 0) continue;
        const std::int64_t row = global_row - first;
        const RowEntries entries = assembler.row(x, y, z);
        std::int64_t k = a.row_begin[row];
        for (int e = 0; e < entries.count; ++e, ++k) {
          a.column[k] = entries.column[e];
          a.value[k] = entries.value[e];
        }
        a.diagonal[row] = entries.diagonal;
        system.rhs[row] = entries.inlet;
        system.voxel[row] = index;
      }
  });
  // Dirichlet faces: the slices at 0 and n-1 along the axis.
  const std::int64_t length = shape.extent(axis);
  std::vector<std::int64_t> slices = {0};
  if (length > 1) slices.push_back(length - 1);
  for (const std::int64_t p : slices) {
    std::array<std::int64_t, 3> begin = {x_begin, 0, 0};
    std::array<std::int64_t, 3> end = {x_end, shape.ny, shape.nz};
    begin[axis] = std::max(begin[axis], p);
    end[axis] = std::min(end[axis], p + 1);
    for (std::int64_t x = begin[0]; x < end[0]; ++x)
      for (std::int64_t y = begin[1]; y < end[1]; ++y)
        for (std::int64_t z = begin[2]; z < end[2]; ++z) {
          const std::int32_t global_row = unknown[shape.index(x, y, z)];
          if (global_row < 0) continue;
          const auto row = static_cast<std::int32_t>(global_row - first);
          const RowEntries entries = assembler.row(x, y, z);
          if (p == 0 && entries.inlet > 0.0f) system.inlet.push_back({row, entries.inlet});
          if (p == length - 1 && entries.outlet > 0.0f)
            system.outlet.push_back({row, entries.outlet});
        }
  }
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
  for (const BoundaryFace& face : system.inlet)
    fluxes.in += face.conductance * (1.0 - phi[face.row]);
  for (const BoundaryFace& face : system.outlet) fluxes.out += face.conductance * phi[face.row];
  return fluxes;
}

}  // namespace condnet::solve
