#pragma once
// The MPI job this process belongs to, for every module that works across ranks: the solver
// (its slabs and sums), labelling (rank 0 writes the file) and training (replicas).
// Without mpirun the process is a one-rank job; MPI is started on first use (start()) and
// finalised at exit, so commands that never ask for a rank never start it. Call everything
// from the thread that started MPI (MPI_THREAD_FUNNELED).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace condnet::mpi {

// True when the process was started by mpirun/mpiexec/srun (their environment variables), so
// that a command can choose distributed work and print on rank 0 only without starting MPI.
bool launched_by_mpi();

// Starts MPI once per process (a no-op when something else already has) and finalises it at
// exit when this call started it. Later atexit handlers (a library initialised on top of MPI)
// run before MPI_Finalize.
void start();

// This process's rank and the number of ranks (starting MPI if needed).
int rank();
int size();

// The ranks on this rank's machine (sharing its memory, MPI_COMM_TYPE_SHARED): this rank's
// place among them (in world rank order) and their number.
struct NodeRanks {
  int rank = 0;
  int size = 1;
};
NodeRanks node_ranks();

// `values` as an MPI count (asserted to fit an int).
int count_of(std::size_t values);

// Over all ranks, on every rank (collectives: every rank must call them, in the same order).
double sum(double value);
double max(double value);
void sum_in_place(std::span<float> values);
void sum_in_place(std::span<double> values);
// All ranks' `local` values, concatenated in rank order (`total`: their combined count).
std::vector<double> gather(std::span<const double> local, std::int64_t total);
// Rank 0's value.
std::string broadcast_from_rank0(std::string text);
std::vector<std::int64_t> broadcast_from_rank0(std::vector<std::int64_t> values);

// Ends every rank of the job with `code` (one rank's error must not leave the others waiting).
[[noreturn]] void abort_job(int code);

}  // namespace condnet::mpi
