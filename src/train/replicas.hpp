#pragma once
// Data-parallel training under `mpirun -np R condnet train ...`: every rank holds the whole
// model and the same samples, takes its share of each step's micro-batches, and the gradient
// slabs are summed over the ranks (in place) before the one 1/(M R) scale and
// the update, which every rank then does identically. R replicas of M micro-batches of B equal
// one process accumulating M R micro-batches of B. Rank 0 alone writes files and prints.
// Without mpirun there is one replica and MPI is never started. With --stages S each rank runs
// its own pipeline (pipeline::PipelineTrainer) and sums each stage's gradient slab; the ranks
// on one machine take different core groups (local_rank, local_size).
//
// The Trainer overlaps the sum with the last micro-batch's backward through
// gradient_reducer(): one MPI_Iallreduce (in place, MPI_SUM) per bucket of gradients as the
// plan finishes it, MPI_Testsome on those in flight at each later gradient report, MPI_Waitall
// after backward (--replica-reduce blocking: one MPI_Allreduce after backward).
#include <memory>
#include <span>
#include <string>

#include "train/gradient_reducer.hpp"

namespace condnet::train {

struct Replicas {
  int rank = 0;
  int size = 1;
  int local_rank = 0;  // among the ranks on this machine (MPI_COMM_TYPE_SHARED)
  int local_size = 1;
  bool leader() const { return rank == 0; }
};

Replicas replicas_of_this_job();

// Sums over MPI_COMM_WORLD, blocking (MPI_Allreduce) or not (MPI_Iallreduce); for R > 1.
std::unique_ptr<GradientReducer> gradient_reducer(const Replicas& replicas);
// In place, the sum over the ranks (one MPI_Allreduce); a no-op for one replica. For the
// pipeline's per-stage slabs.
void sum_over_replicas(const Replicas& replicas, std::span<float> values);
// The mean of `value` over the ranks.
double mean_over_replicas(const Replicas& replicas, double value);
// In place, each value's mean over the ranks, in one collective.
void mean_over_replicas(const Replicas& replicas, std::span<double> values);
// Rank 0's `text` on every rank (e.g. a measured stage split all ranks must share).
std::string broadcast_from_leader(const Replicas& replicas, std::string text);
// Whether `flag` is set on any rank (every rank gets the same answer).
bool any_replica(const Replicas& replicas, bool flag);

}  // namespace condnet::train
