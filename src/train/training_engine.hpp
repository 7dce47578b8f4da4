#pragma once
// What the training loop drives: an engine that runs optimizer steps on its device or devices
// and moves the model's state between them and the host. OneDeviceEngine
// (train/one_device_engine.hpp) and the pipeline over several devices
// (pipeline/pipeline_trainer.hpp) implement it; the loop (surrogate/train_loop.cpp) talks to
// nothing else, so a new execution strategy or device backend slots in behind it.
//
// Host layout, as checkpoints hold the state: the graph's parameter and buffer slabs
// (graph.param_floats(), graph.buffer_floats() floats) and optimizer(), one optimizer over the
// graph's parameter slab. Every engine does each step's update through averaged_update()
// (train/averaged_update.hpp), so an engine changes where the work runs, never its numbers.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <span>

#include "core/trace.hpp"
#include "train/optimizer.hpp"

namespace condnet::train {

struct EngineStats {
  std::size_t activation_bytes = 0;  // activations held at most (summed over devices)
  std::size_t memory_bytes = 0;      // all it holds on its devices: slabs, optimizer state,
                                     // plans' arenas and scratch, inputs and hand-over buffers
  // The engine's own fields of a metrics.jsonl line: {"pipeline": {...}} per stage, or
  // {"all_reduce": {...}} for replicas on one device; an empty object when it has none.
  nlohmann::json details = nlohmann::json::object();
};

class TrainingEngine {
 public:
  TrainingEngine() = default;
  TrainingEngine(const TrainingEngine&) = delete;
  TrainingEngine& operator=(const TrainingEngine&) = delete;
  virtual ~TrainingEngine() = default;

  // K optimizer steps back to back, each over M micro-batches. xs: K M micro-batches on the
  // host, each (B, C, D, H, W) fp32, step k's being [k M, (k + 1) M); targets: (K M B, T), T
  // values per sample as the objective reads them; losses: K, each step's mean loss over its
  // micro-batches (this process's).
  virtual void run_steps(std::span<const float* const> xs, std::span<const float> targets,
                         std::span<double> losses) = 0;

  // The host-layout optimizer: current after gather(), sent to the devices by scatter().
  virtual Optimizer& optimizer() = 0;
  // Parameters, buffers and optimizer() state to the devices (a new run's initial values, or a
  // checkpoint's), and back to the host (validation, checkpoints).
  virtual void scatter(std::span<const float> params, std::span<const float> buffers) = 0;
  virtual void gather(std::span<float> params, std::span<float> buffers) = 0;

  // Timeline rows [0, trace_rows()) are the engine's: its devices' forward, backward and
  // update events, and gradient sums over replicas. Null: off.
  virtual void set_trace(TraceRecorder* trace) = 0;
  virtual int trace_rows() const = 0;

  // Its devices' measured peak FLOP/s in the plan's precision, summed (measured on first call,
  // about a second per device).
  virtual double peak_flops() = 0;
  // Since construction or reset_stats().
  virtual EngineStats stats() = 0;
  virtual void reset_stats() = 0;
};

}  // namespace condnet::train
