#pragma once
// One `condnet bench` row of one stage: the model trained on one device through train::Trainer,
// the path `condnet train` takes without --stages, on random binary volumes, MSE against
// constant targets, SGD, M micro-batches of B samples per step; `warmup` untimed steps, then
// `steps` timed ones. With replicas this process is one rank of mpirun: `reducer` sums the
// gradient slab over the ranks every step, overlapped with the last micro-batch's backward.
//
// busy_fraction: the share of the timed steps' wall time in which this replica computed rather
// than waited for the other replicas' gradient sums (train::ReduceStats::exposed_seconds), so
// 1 for one replica, whose device waits for nothing. bubble and theoretical_bubble are 0: one
// stage has no pipeline bubble. Rates, memory and the peak count every replica.
#include <memory>

#include "bench/sweep.hpp"
#include "nn/graph.hpp"
#include "runtime/device.hpp"
#include "train/gradient_reducer.hpp"

namespace condnet::bench {

// config.stages must be 1, and `reducer` given exactly when config.replicas > 1. `rank` seeds
// this replica's volumes.
SweepRow measure_on_device(runtime::Device& device, const nn::Graph& graph,
                           const SweepConfig& config, int warmup, int steps,
                           std::unique_ptr<train::GradientReducer> reducer = nullptr, int rank = 0);

}  // namespace condnet::bench
