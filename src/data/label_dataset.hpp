#pragma once
// `condnet label`: computes the labels (data/label_sample.hpp, all three axes) of every
// unlabelled sample of a dataset file, in place (data/dataset_file.hpp).
//
// One process: the calling thread reads the volumes (HDF5 is not thread-safe here) and hands
// them to `threads` workers that each solve whole samples; the calling thread alone writes
// labels, `batch` samples at a time (or whatever is finished after a second).
// Under mpirun (mpi::launched_by_mpi()) with R ranks: rank 0 opens the file for labelling
// (taking its lock, checking and recording the solver settings), then every rank takes the
// unlabelled samples at positions rank, rank + R, ... of the list, reads their volumes from a
// read-only handle of its own and solves them on its workers; the other ranks send their labels
// to rank 0 (data/label_exchange.hpp), the only writer.
//
// Resuming: a run computes only the samples whose `labelled` flag is unset, so a run killed at
// any moment and started again loses at most the samples finished since the last write.
// Solver settings: a file remembers the settings it was labelled with. A run with different
// settings is refused while any sample carries labels, unless `relabel` is set: then every
// label is cleared and recomputed. A file with no labelled sample takes the new settings.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>

#include "data/label_sample.hpp"

namespace condnet::data {

struct LabelOptions {
  LabelSettings settings;
  int threads = 1;       // worker threads of this process (under mpirun: of each rank)
  int batch = 16;        // samples per write
  bool relabel = false;  // clear every label and recompute them all
};

struct LabelSummary {
  std::int64_t samples = 0;           // in the file
  std::int64_t already_labelled = 0;  // before this run (0 with relabel)
  std::int64_t labelled = 0;          // by this run, every rank together
  std::int64_t not_converged = 0;     // of those, samples with an axis that did not converge
  std::int64_t non_percolating_axes = 0;
  double seconds = 0.0;  // wall time of the labelling, opening the file included
  int threads = 1;
  int ranks = 1;
  nlohmann::json settings;
  // Other ranks only: rank 0 refused to start (it reports why); nothing was labelled.
  bool stopped = false;
};

// progress(done, total) is called on rank 0 as samples finish (total: those to label).
// Only rank 0's summary holds the totals; Error naming the file for bad input.
LabelSummary label_dataset(
    const std::filesystem::path& path, const LabelOptions& options,
    const std::function<void(std::int64_t done, std::int64_t total)>& progress);

}  // namespace condnet::data
