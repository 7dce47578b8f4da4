#pragma once
// Splitting a model into pipeline stages: S model JSONs that run one after another, stage s
// reading stage s-1's output. Each stage's JSON keeps the full model's layer names (so its
// parameter and buffer names are the full graph's), has "input" = one sample of the previous
// stage's output, and drops the stage markers (identities). A split is legal only where a
// single tensor crosses each cut: the previous stage's last layer's output. Anything else
// crossing (a skip connection over the cut, a stage reading an older stage) is refused.
//
// Cuts are given as node indices of the full graph: cut c starts a stage at node c.
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "nn/graph.hpp"
#include "runtime/dtype.hpp"

namespace condnet::pipeline {

// Stage JSONs for cuts `cuts` (ascending node indices, each > 0). `source` names the model
// in errors (its path). Throws Error when a cut is crossed by another tensor.
std::vector<nlohmann::json> split_at(const nn::Graph& graph, std::span<const int> cuts,
                                     const std::string& source);

// At the graph's stage markers: each marker starts a stage (graph.stage_count() stages).
std::vector<nlohmann::json> split_at_markers(const nn::Graph& graph, const std::string& source);

struct BalanceOptions {
  std::int64_t batch = 4;  // micro-batch size the layers are timed at
  runtime::DType dtype = runtime::DType::f32;
  int repeats = 3;  // timed forward+backward passes per block, after one warm-up
  // The device the layers are timed on, e.g. one stage's "cpu:0", so that they are timed as a
  // stage runs them: a thread bound to it (Device::bind_this_thread) does the timing; an
  // unpinned device, the calling thread as it is. On one CPU the thread computes alone and is
  // timed by its CPU clock (robust to other processes on the core), else by the wall clock.
  std::string device = "cpu";
};

struct BalancedSplit {
  std::vector<nlohmann::json> stages;
  std::vector<int> cuts;              // chosen cut node indices
  std::vector<int> block_cuts;        // every candidate cut
  std::vector<double> block_seconds;  // per block between candidate cuts
  std::vector<double> stage_seconds;  // sums of the blocks of each stage
};

// S stages balanced by measured time. Candidate cuts are the legal cuts that do not separate
// a layer from the batchnorm or activation following it (which the CPU compiler fuses). The
// blocks between candidate cuts are each compiled as their own training plan on
// options.device (input gradient on for all but the first block) and their forward + backward timed
// (time_training_pass), the fastest of `repeats` passes after a warm-up; then the contiguous
// grouping of blocks into S stages with the smallest slowest-stage time is chosen (exact, by
// dynamic programming). Throws Error when the graph has fewer than S blocks.
BalancedSplit split_balanced(const nn::Graph& graph, int stages, const BalanceOptions& options,
                             const std::string& source);

// Seconds of one training forward + backward of `graph` on options.device with initialised
// parameters and random input, the fastest of `repeats` after a warm-up, on a thread bound to
// it (CPU time on one CPU, else wall time).
double time_training_pass(const nn::Graph& graph, const BalanceOptions& options, bool input_grad);

}  // namespace condnet::pipeline
