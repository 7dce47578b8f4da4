#include "solve/effective_tensor.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "core/stopwatch.hpp"
#include "solve/aggregation_amg.hpp"
#include "solve/conductivity_table.hpp"
#include "voxel/clusters.hpp"

namespace condnet::solve {

namespace {

// The periodic cell: conducting voxels, the unknowns (all but one voxel per periodic cluster),
// and the face conductances.
struct Cell {
  voxel::Shape shape;
  std::array<std::int64_t, 3> extent{}, stride{};
  std::array<double, 3> h{};             // the spacing over its largest edge
  std::array<double, 3> weight{};        // area over centre distance of a face normal to d
  const std::uint8_t* labels = nullptr;  // the volume's
  std::array<double, 256> sigma{};       // per label, over sigma_ref (0: does not conduct)
  std::vector<std::int32_t> unknown;     // per voxel: row, or -1 (solid or held at 0)

  // The neighbour of `index` (at `position`) one step along d, across the periodic boundary.
  std::int64_t neighbour(std::int64_t index, const std::array<std::int64_t, 3>& position, int d,
                         int step) const {
    const std::int64_t p = (position[d] + step + extent[d]) % extent[d];
    return index + (p - position[d]) * stride[d];
  }
  double sigma_at(std::int64_t index) const { return sigma[labels[index]]; }
  double conductance(std::int64_t a, std::int64_t b, int d) const {
    return weight[d] * harmonic_mean(sigma_at(a), sigma_at(b));
  }
  std::array<std::int64_t, 3> position(std::int64_t index) const {
    return {index / stride[0], (index / stride[1]) % extent[1], index % extent[2]};
  }
};

Cell make_cell(const voxel::Volume& volume, const std::array<double, 256>& conductivity,
               double sigma_ref) {
  Cell cell;
  cell.shape = volume.shape();
  cell.extent = {cell.shape.nx, cell.shape.ny, cell.shape.nz};
  cell.stride = {cell.shape.ny * cell.shape.nz, cell.shape.nz, 1};
  const auto& spacing = volume.spacing();
  const double largest = *std::max_element(spacing.begin(), spacing.end());
  for (int d = 0; d < 3; ++d) cell.h[d] = spacing[d] / largest;
  for (int d = 0; d < 3; ++d)
    cell.weight[d] = cell.h[0] * cell.h[1] * cell.h[2] / (cell.h[d] * cell.h[d]);
  const std::int64_t count = cell.shape.count();
  cell.labels = volume.data();
  for (int label = 0; label < 256; ++label) cell.sigma[label] = conductivity[label] / sigma_ref;
  std::vector<std::uint8_t> conducting(static_cast<std::size_t>(count));
  for (std::int64_t i = 0; i < count; ++i) conducting[i] = cell.sigma_at(i) > 0;
  const auto clusters = voxel::label_clusters(conducting, cell.shape, {true, true, true});
  std::vector<std::uint8_t> held(static_cast<std::size_t>(clusters.count()), 0);
  cell.unknown.assign(static_cast<std::size_t>(count), -1);
  std::int64_t rows = 0;
  for (std::int64_t i = 0; i < count; ++i) {
    const auto id = clusters.label[i];
    if (id < 0) continue;
    if (!held[id]) {  // the cluster's first voxel stays at chi = 0
      held[id] = 1;
      continue;
    }
    cell.unknown[i] = static_cast<std::int32_t>(rows++);
  }
  CONDNET_ASSERT(rows < std::numeric_limits<std::int32_t>::max());
  return cell;
}

// The Laplacian of the face conductances on the unknowns (held voxels are 0: their links only
// add to their neighbours' diagonals), and each unknown's grid index.
SparseMatrix assemble_cell(const Cell& cell, std::vector<std::int64_t>& voxel_of_row) {
  const std::int64_t count = cell.shape.count();
  std::int64_t rows = 0;
  for (const auto u : cell.unknown) rows += u >= 0;
  SparseMatrix a;
  a.rows = rows;
  a.row_begin.assign(static_cast<std::size_t>(rows) + 1, 0);
  a.diagonal.assign(static_cast<std::size_t>(rows), 0.0);
  voxel_of_row.assign(static_cast<std::size_t>(rows), 0);
  // Per row: neighbour rows with their summed conductance (a neighbour reached twice, across an
  // extent of 2, is one entry).
  const auto entries = [&](std::int64_t index, std::array<std::int32_t, 6>& column,
                           std::array<double, 6>& value, double& diagonal) {
    int n = 0;
    diagonal = 0;
    const auto position = cell.position(index);
    for (int d = 0; d < 3; ++d)
      for (const int step : {-1, 1}) {
        const std::int64_t other = cell.neighbour(index, position, d, step);
        if (other == index) continue;  // an extent of 1: the face joins the voxel to itself
        const double g = cell.conductance(index, other, d);
        if (g == 0) continue;
        diagonal += g;
        const std::int32_t row = cell.unknown[other];
        if (row < 0) continue;
        int k = 0;
        while (k < n && column[k] != row) ++k;
        if (k == n) column[n] = row, value[n++] = 0;
        value[k] -= g;
      }
    return n;
  };
  std::array<std::int32_t, 6> column{};
  std::array<double, 6> value{};
  double diagonal = 0;
  for (std::int64_t i = 0; i < count; ++i)
    if (cell.unknown[i] >= 0)
      a.row_begin[cell.unknown[i] + 1] = entries(i, column, value, diagonal);
  for (std::int64_t r = 0; r < rows; ++r) a.row_begin[r + 1] += a.row_begin[r];
  a.column.resize(static_cast<std::size_t>(a.row_begin[rows]));
  a.value.resize(a.column.size());
  for (std::int64_t i = 0; i < count; ++i) {
    const std::int32_t row = cell.unknown[i];
    if (row < 0) continue;
    const int n = entries(i, column, value, diagonal);
    for (int k = 0; k < n; ++k) {
      a.column[a.row_begin[row] + k] = column[k];
      a.value[a.row_begin[row] + k] = static_cast<float>(value[k]);
    }
    a.diagonal[row] = diagonal;
    voxel_of_row[row] = i;
  }
  return a;
}

// b_p = h_i (g(p, p - e_i) - g(p, p + e_i)): the macroscopic potential -x_i's drop across the
// faces normal to i, moved to the right-hand side.
std::vector<double> cell_rhs(const Cell& cell, int i, std::int64_t rows) {
  std::vector<double> b(static_cast<std::size_t>(rows), 0.0);
  for (std::int64_t index = 0; index < cell.shape.count(); ++index) {
    const std::int32_t row = cell.unknown[index];
    if (row < 0) continue;
    const auto position = cell.position(index);
    b[row] = cell.h[i] * (cell.conductance(index, cell.neighbour(index, position, i, -1), i) -
                          cell.conductance(index, cell.neighbour(index, position, i, 1), i));
  }
  return b;
}

// Column i of K: the mean current density over the cell, sum over faces of current times the
// face's spacing, over the cell's volume. x: chi per unknown (0 at the held voxels).
std::array<double, 3> mean_current(const Cell& cell, int i, const std::vector<double>& x) {
  const auto chi = [&](std::int64_t index) {
    const std::int32_t row = cell.unknown[index];
    return row >= 0 ? x[row] : 0.0;
  };
  std::array<double, 3> sum{};
  for (std::int64_t index = 0; index < cell.shape.count(); ++index) {
    if (cell.sigma_at(index) <= 0) continue;
    const auto position = cell.position(index);
    for (int d = 0; d < 3; ++d) {
      const std::int64_t other = cell.neighbour(index, position, d, 1);
      const double g = cell.conductance(index, other, d);
      if (g == 0) continue;
      const double drop = chi(index) - chi(other) + (d == i ? cell.h[d] : 0.0);
      sum[d] += g * drop * cell.h[d];
    }
  }
  const double volume = static_cast<double>(cell.shape.count()) * cell.h[0] * cell.h[1] * cell.h[2];
  for (auto& s : sum) s /= volume;
  return sum;
}

}  // namespace

void symmetric_eigen(const Tensor3& input, std::array<double, 3>& values, Tensor3& vectors) {
  Tensor3 a = input, v{};
  for (int k = 0; k < 3; ++k) v[k][k] = 1;
  for (int sweep = 0; sweep < 50; ++sweep) {
    const double off = std::abs(a[0][1]) + std::abs(a[0][2]) + std::abs(a[1][2]);
    if (off == 0) break;
    for (int p = 0; p < 2; ++p)
      for (int q = p + 1; q < 3; ++q) {
        if (a[p][q] == 0) continue;
        // The rotation in the (p, q) plane that zeroes a[p][q].
        const double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const double t = (theta >= 0 ? 1 : -1) / (std::abs(theta) + std::sqrt(theta * theta + 1));
        const double c = 1 / std::sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < 3; ++k) {  // a = a J
          const double akp = a[k][p], akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (int k = 0; k < 3; ++k) {  // a = J^T a
          const double apk = a[p][k], aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (int k = 0; k < 3; ++k) {  // v = v J: columns are the eigenvectors
          const double vkp = v[k][p], vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
  }
  std::array<int, 3> order = {0, 1, 2};
  std::sort(order.begin(), order.end(), [&](int x, int y) { return a[x][x] < a[y][y]; });
  for (int k = 0; k < 3; ++k) {
    values[k] = a[order[k]][order[k]];
    for (int r = 0; r < 3; ++r) vectors[k][r] = v[r][order[k]];
  }
}

TensorResult effective_tensor(const voxel::Volume& volume,
                              const std::array<double, 256>& conductivity,
                              const SolveOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  TensorResult result;
  result.tolerance = options.tolerance;
  check_conductivities(conductivity);
  const auto [conducting, sigma_ref] = conducting_phases(volume, conductivity);
  result.eps_total = static_cast<double>(conducting) / static_cast<double>(volume.count());
  if (sigma_ref == 0) {  // nothing conducts: D = 0
    result.wall_seconds = seconds_since(start);
    for (int k = 0; k < 3; ++k) result.directions[k][k] = 1;
    return result;
  }
  result.sigma_ref = sigma_ref;
  const Cell cell = make_cell(volume, conductivity, sigma_ref);
  std::vector<std::int64_t> voxel_of_row;
  const SparseMatrix a = assemble_cell(cell, voxel_of_row);
  result.unknowns = a.rows;
  std::unique_ptr<AggregationMultigrid> multigrid;
  if (a.rows > 0) multigrid = std::make_unique<AggregationMultigrid>(a, cell.shape, voxel_of_row);
  result.setup_seconds = seconds_since(start);
  for (int i = 0; i < 3; ++i) {
    const auto b = cell_rhs(cell, i, a.rows);
    std::vector<double> chi(b.size(), 0.0);
    if (a.rows > 0 && norm2(b) > 0) {
      auto solved = multigrid_pcg(a, *multigrid, b, std::move(chi), options.tolerance,
                                  options.max_iterations);
      result.iterations[i] = solved.iterations;
      result.relative_residual[i] = solved.relative_residual;
      result.converged = result.converged && solved.converged;
      chi = std::move(solved.x);
    }
    const auto column = mean_current(cell, i, chi);
    for (int d = 0; d < 3; ++d) result.d_eff[d][i] = column[d];
  }
  double largest = 0, asymmetry = 0;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) {
      largest = std::max(largest, std::abs(result.d_eff[r][c]));
      asymmetry = std::max(asymmetry, std::abs(result.d_eff[r][c] - result.d_eff[c][r]));
    }
  result.asymmetry = largest > 0 ? asymmetry / largest : 0.0;
  Tensor3 symmetric{};
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) symmetric[r][c] = 0.5 * (result.d_eff[r][c] + result.d_eff[c][r]);
  symmetric_eigen(symmetric, result.eigenvalues, result.directions);
  result.wall_seconds = seconds_since(start);
  return result;
}

nlohmann::json to_json(const TensorResult& result) {
  return {{"d_eff", result.d_eff},
          {"eigenvalues", result.eigenvalues},
          {"directions", result.directions},
          {"asymmetry", result.asymmetry},
          {"sigma_ref", result.sigma_ref},
          {"eps_total", result.eps_total},
          {"sides", "periodic"},
          {"iterations", result.iterations},
          {"relative_residual", result.relative_residual},
          {"converged", result.converged},
          {"tolerance", result.tolerance},
          {"unknowns", result.unknowns},
          {"setup_seconds", result.setup_seconds},
          {"wall_seconds", result.wall_seconds}};
}

}  // namespace condnet::solve
