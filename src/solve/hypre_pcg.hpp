#pragma once
// The distributed solver: HYPRE's PCG preconditioned by BoomerAMG on the active voxels, through
// the IJ interface. Under `mpirun -np N` rank r owns the unknowns of the x-slabs
// [nx r / N, nx (r + 1) / N) (unknowns are numbered in C order, so a slab is a contiguous row
// range) and assembles and passes only its own rows to HYPRE. Every rank still reads the
// whole volume and labels its clusters (percolation is global).
// Without mpirun the process is a one-rank MPI job (core/mpi.hpp starts MPI on first use).
#include <vector>

#include "solve/iterative_result.hpp"
#include "solve/linear_system.hpp"

namespace condnet::solve {

// Solves this rank's rows (system: assembled for rank_slabs(), x0: its rows) together with the
// other ranks; returns this rank's rows of the solution, the iterations and the relative
// residual of the whole system. setup_seconds += the BoomerAMG set-up time.
IterativeResult hypre_pcg(const LinearSystem& system, std::vector<double> x0, double tolerance,
                          int max_iterations, double& setup_seconds);

// This rank's x-slabs: [nx r / N, nx (r + 1) / N).
SlabRange rank_slabs(std::int64_t nx);
}  // namespace condnet::solve
