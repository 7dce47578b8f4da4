#include "solve/memory_estimate.hpp"

#include <algorithm>
#include <initializer_list>

#include "solve/hypre_pcg.hpp"
#include "solve/linear_system.hpp"
#include "solve/parallel.hpp"
#include "solve/peak_memory.hpp"

namespace condnet::solve {

namespace {

// Bytes per element of the arrays the solver allocates.
constexpr std::int64_t kMask = 1;     // std::uint8_t per voxel
constexpr std::int64_t kIndex = 4;    // std::int32_t: cluster label, unknown number, column
constexpr std::int64_t kDouble = 8;   // a vector entry, a diagonal, an int64 offset
constexpr std::int64_t kOffDiag = 8;  // column (int32) + value (float) of an off-diagonal
// Aggregation multigrid, the levels below the fine one (matrix, aggregate map and 7 work vectors
// per coarse row), and HYPRE (its IJ matrix, ParCSR copy, BoomerAMG hierarchy and PCG vectors):
// bytes per row and per off-diagonal of the fine system, fitted to the peaks measured on
// generated 64^3 and 128^3 volumes of porosity 0.3 to 0.7 (tests/cli/solve_memory_test.cpp;
// README, "Memory").
constexpr double kCoarseBytesPerRow = 24.0;
constexpr double kCoarseBytesPerEntry = 1.0;
constexpr double kHypreBytesPerRow = 280.0;
constexpr double kHypreBytesPerEntry = 40.0;

struct Counts {
  std::int64_t rows = 0;
  std::int64_t entries = 0;
};

// Conducting voxels of x-slabs [x_begin, x_end) and their conducting face neighbours (within
// the box; across the side faces when periodic), the system's rows and off-diagonals at most.
Counts count_conducting(const voxel::Volume& volume, const std::array<double, 256>& conductivity,
                        int axis, bool periodic_sides, std::int64_t x_begin, std::int64_t x_end) {
  std::array<bool, 256> conducts{};
  for (int label = 0; label < 256; ++label) conducts[label] = conductivity[label] > 0.0;
  const voxel::Shape shape = volume.shape();
  const std::array<std::int64_t, 3> extent = {shape.nx, shape.ny, shape.nz};
  const std::array<std::int64_t, 3> stride = {shape.ny * shape.nz, shape.nz, 1};
  const std::uint8_t* labels = volume.data();
  const std::int64_t slabs = x_end - x_begin;
  const int chunks = chunk_count(slabs * stride[0]);
  std::vector<Counts> partial(static_cast<std::size_t>(chunks));
  for_chunks(slabs, chunks, [&](std::int64_t begin, std::int64_t end, int chunk) {
    Counts counts;
    for (std::int64_t x = x_begin + begin; x < x_begin + end; ++x)
      for (std::int64_t y = 0; y < shape.ny; ++y)
        for (std::int64_t z = 0; z < shape.nz; ++z) {
          const std::int64_t index = x * stride[0] + y * stride[1] + z;
          if (!conducts[labels[index]]) continue;
          ++counts.rows;
          const std::array<std::int64_t, 3> position = {x, y, z};
          for (int d = 0; d < 3; ++d)
            for (const int step : {-1, 1}) {
              std::int64_t p = position[d] + step;
              if (p < 0 || p >= extent[d]) {
                if (d == axis || !periodic_sides || extent[d] < 3) continue;
                p = (p + extent[d]) % extent[d];
              }
              counts.entries += conducts[labels[index + (p - position[d]) * stride[d]]];
            }
        }
    partial[static_cast<std::size_t>(chunk)] = counts;
  });
  Counts total;
  for (const Counts& c : partial) {
    total.rows += c.rows;
    total.entries += c.entries;
  }
  return total;
}

std::int64_t bytes(double value) { return static_cast<std::int64_t>(value); }

}  // namespace

MemoryEstimate estimate_solve_memory(const voxel::Volume& volume,
                                     const std::array<double, 256>& conductivity,
                                     const SolveOptions& options) {
  const std::int64_t voxels = volume.count();
  const bool distributed = options.method == SolveOptions::Method::hypre;
  const SlabRange slabs = distributed ? rank_slabs(volume.shape().nx) : SlabRange{};
  const std::int64_t x_end = slabs.end < 0 ? volume.shape().nx : slabs.end;
  const Counts counts = count_conducting(volume, conductivity, options.axis, options.periodic_sides,
                                         slabs.begin, x_end);
  const std::int64_t n = counts.rows;
  const std::int64_t e = counts.entries;

  MemoryEstimate estimate;
  estimate.resident_bytes = resident_bytes();
  estimate.rows = n;
  estimate.entries = e;
  if (n == 0) {  // no conducting voxel of this rank: the active set is the largest stage
    estimate.solve_bytes = 6 * kMask * voxels;
    return estimate;
  }
  // The system: row offsets, diagonal, right-hand side and voxel index per row; the
  // off-diagonals.
  const std::int64_t system = 4 * kDouble * n + kOffDiag * e;
  const std::int64_t active = kMask * voxels;  // kept from the active set to the end
  // Stage 1, the active set: conducting mask, cluster labels, the active mask.
  const std::int64_t active_set = 2 * kMask * voxels + kIndex * voxels;
  // Stage 2, assembly: the unknown number of every voxel and the system.
  const std::int64_t assembly = active + kIndex * voxels + system;
  // Stage 3, the iterations.
  std::int64_t iterations = 0;
  switch (options.method) {
    case SolveOptions::Method::multigrid:
      // The voxel index is released; the solution and FCG's r, z, p, q; the fine level's
      // aggregate map and residual; the coarse levels.
      iterations = active + system - kDouble * n + 5 * kDouble * n + (kIndex + kDouble) * n +
                   bytes(kCoarseBytesPerRow * static_cast<double>(n) +
                         kCoarseBytesPerEntry * static_cast<double>(e));
      break;
    case SolveOptions::Method::jacobi_cg:
      // The solution and CG's r, z, p, q.
      iterations = active + system + 5 * kDouble * n;
      break;
    case SolveOptions::Method::hypre:
      // The starting guess, and HYPRE's copy of the system with its hierarchy and vectors.
      iterations = active + system + kDouble * n +
                   bytes(kHypreBytesPerRow * static_cast<double>(n) +
                         kHypreBytesPerEntry * static_cast<double>(e));
      break;
  }
  // Stage 4, the potential field on the grid (float) beside the solution (all rows, gathered,
  // when distributed).
  std::int64_t all_rows = n;
  if (distributed) {
    const auto histogram = volume.histogram();
    all_rows = 0;
    for (int label = 0; label < 256; ++label)
      if (conductivity[label] > 0.0) all_rows += histogram[label];
  }
  const std::int64_t field = options.keep_field ? active + system + kDouble * n + 4 * voxels +
                                                      (distributed ? kDouble * all_rows : 0)
                                                : 0;
  estimate.solve_bytes = std::max({active_set, assembly, iterations, field});
  return estimate;
}

}  // namespace condnet::solve
