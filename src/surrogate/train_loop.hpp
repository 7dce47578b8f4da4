#pragma once
// `condnet train`: the surrogate's training loop, read top to bottom in train_loop.cpp. It
// drives a train::TrainingEngine (training_engine_for.hpp: one device, or --stages S pipelined)
// and nothing else.
//
// Per optimizer step: the loader's M micro-batches go through the engine (forward, loss on
// D_eff / eps, backward adding into the gradient slab, one 1/M scale, one update), so M
// micro-batches of B equal one batch of M B for a model without batch statistics; batchnorm
// normalises each micro-batch by its own statistics, as on accelerators that can only hold a
// small micro-batch. After each epoch the validation split is predicted without augmentation
// and one line goes to RUN/metrics.jsonl:
//   {"epoch", "step", "train_loss", "val_loss", "val_r2_d_eff", "val_mape_d_eff" (percent,
//    where D_eff >= 0.05), "lr", "samples_per_second", "seconds", "loader_stall_seconds",
//    "busy_seconds" (in training steps), "flops_per_second" (achieved by this replica),
//    "peak_fraction" (of the device's measured peak), "activation_bytes" (the plan's arena),
//    "memory_bytes" (all the device holds for training: slabs, optimizer state, arena, scratch,
//    one call's inputs; per stage under "pipeline" with stages), "peak_resident_bytes" (the
//    process's VmHWM),
//    "device_iterations" (K), "host_calls", "device_call_seconds" (inside the engine's calls,
//    copying the inputs to the device included), "host_seconds" (the rest of the step loop:
//    loader waits, staging the inputs, syncs, progress),
//    with replicas on one device "all_reduce": {"overlapped", "buckets", "seconds" (the sums),
//    "exposed_seconds" (what the steps waited for them)}}
// and RUN/trace.json gets the call's timeline (core/trace.hpp).
//
// Device iterations (--device-iterations K): each host call hands the device the inputs of up
// to K steps and runs them back to back (TrainingEngine::run_steps; a call ends early at an epoch's
// end or the step limit); the losses are averaged over replicas, progress printed, Ctrl-C and
// checkpoints checked once per call. Weights do not depend on K.
// (val_* null without a validation split). RUN/last.safetensors is written every
// checkpoint_every steps, at every epoch's end, on Ctrl-C and at a step limit, with the loop's
// position; a resumed run continues from it with the same samples, symmetries, learning rates
// and optimizer state, so its weights equal an uninterrupted run's.
#include <atomic>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "surrogate/run_files.hpp"
#include "surrogate/train_options.hpp"

namespace condnet::surrogate {

struct TrainControl {
  bool resume =
      false;  // continue RUN/ (options from its run.json; from the start without a checkpoint)
  std::int64_t max_steps = 0;  // stop after this many steps in this call (0: no limit)
  bool quiet = false;          // no progress line and no per-epoch lines
  const std::atomic<bool>* interrupted = nullptr;  // set by Ctrl-C; so is core/interrupt.hpp's
                                                   // poll (Python's Ctrl-C) asked each step
  // Called after each epoch with its metrics.jsonl line (leader only), e.g. Python's callback.
  std::function<void(const nlohmann::json&)> on_epoch;
};

enum class TrainEnd { finished, early_stopped, interrupted, step_limit };

struct TrainSummary {
  TrainEnd end = TrainEnd::finished;
  bool leader = true;  // rank 0 of a replicated job (replicas.hpp), or the only process
  std::int64_t epochs_done = 0;
  std::int64_t steps = 0;            // optimizer steps in total
  std::int64_t steps_this_call = 0;  // 0: a resumed run that had nothing left to train
  std::int64_t samples_train = 0, samples_val = 0;
  double best_val_loss = 0;
  std::int64_t best_epoch = 0;
  double seconds = 0;             // this call
  double samples_per_second = 0;  // training steps only, this call, all replicas
};

TrainSummary run_training(const RunPaths& paths, const TrainOptions& options,
                          const TrainControl& control);

// "finished", "early_stopped", "interrupted", "step_limit".
const char* end_name(TrainEnd end);
// What `condnet train --json` prints (and Python's condnet.train returns): run, end, epochs,
// steps, samples_train, samples_val, best_val_loss, best_epoch, seconds, samples_per_second.
nlohmann::json to_json(const TrainSummary& summary, const RunPaths& paths);

}  // namespace condnet::surrogate
