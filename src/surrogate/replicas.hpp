#pragma once
// Data-parallel training under `mpirun -np R condnet train ...`: every rank holds the whole
// model and the same samples, takes its share of each step's micro-batches, and the gradient
// slabs are summed over the ranks (in place) before the one 1/(M R) scale and
// the update, which every rank then does identically. R replicas of M micro-batches of B equal
// one process accumulating M R micro-batches of B. Rank 0 alone writes files and prints.
// Without mpirun there is one replica and MPI is never started.
//
// The Trainer overlaps the sum with the last micro-batch's backward through
// gradient_reducer(): one MPI_Iallreduce (in place, MPI_SUM) per bucket of gradients as the
// plan finishes it, MPI_Testsome on those in flight at each later gradient report, MPI_Waitall
// after backward (--no-overlap: one MPI_Allreduce after backward).
#include <memory>

#include "train/gradient_reducer.hpp"

namespace condnet::surrogate {

struct Replicas {
  int rank = 0;
  int size = 1;
  bool leader() const { return rank == 0; }
};

Replicas replicas_of_this_job();

// Sums over MPI_COMM_WORLD, blocking (MPI_Allreduce) or not (MPI_Iallreduce); for R > 1.
std::unique_ptr<train::GradientReducer> gradient_reducer(const Replicas& replicas);
// The mean of `value` over the ranks.
double mean_over_replicas(const Replicas& replicas, double value);
// Whether `flag` is set on any rank (every rank gets the same answer).
bool any_replica(const Replicas& replicas, bool flag);

}  // namespace condnet::surrogate
