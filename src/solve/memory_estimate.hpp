#pragma once
// The memory a solve holds at its peak, estimated before anything large is allocated: from the
// volume's shape and one pass that counts its conducting voxels and the links between them
// (the rows and off-diagonal entries the system will have, at most). Per solver path, the
// arrays each stage keeps alive (solve.cpp, linear_system.cpp, aggregation_amg.cpp,
// jacobi_cg.cpp, hypre_pcg.cpp); the largest stage is the peak. Under mpirun, this rank's.
#include <array>
#include <cstdint>

#include "solve/solve.hpp"
#include "voxel/volume.hpp"

namespace condnet::solve {

struct MemoryEstimate {
  std::int64_t resident_bytes = 0;  // the process's resident memory now (the volume among it)
  std::int64_t solve_bytes = 0;     // what the solve adds at its peak
  std::int64_t rows = 0;            // conducting voxels of this rank's slabs (rows, at most)
  std::int64_t entries = 0;         // their links to conducting neighbours (off-diagonals)

  // The estimated peak resident memory of the process during the solve.
  std::int64_t peak_bytes() const { return resident_bytes + solve_bytes; }
};

// For solve_axis(volume, conductivity, options); under mpirun with options.method hypre, this
// rank's part.
MemoryEstimate estimate_solve_memory(const voxel::Volume& volume,
                                     const std::array<double, 256>& conductivity,
                                     const SolveOptions& options);

}  // namespace condnet::solve
