#pragma once
// The training engine on one device: its slabs, one training plan (train::Trainer) and the
// device buffers a call's micro-batches are copied into. With data-parallel replicas
// (set_gradient_reducer) each step's gradients are summed over the processes, overlapped with
// the last backward or after it (train/trainer.hpp).
#include <memory>
#include <string>
#include <vector>

#include "nn/graph.hpp"
#include "runtime/device.hpp"
#include "runtime/slabs.hpp"
#include "train/trainer.hpp"
#include "train/training_engine.hpp"

namespace condnet::train {

class OneDeviceEngine final : public TrainingEngine {
 public:
  // Allocates the graph's slabs on `device` (zeros until scatter()) and compiles a training
  // plan for `options` (options.mode is set to training). `graph` must outlive the engine.
  OneDeviceEngine(std::unique_ptr<runtime::Device> device, const nn::Graph& graph,
                  runtime::PlanOptions options, Objective objective,
                  std::unique_ptr<Optimizer> optimizer, LrSchedule schedule);

  // Data-parallel replicas: Trainer::set_gradient_reducer.
  void set_gradient_reducer(std::unique_ptr<GradientReducer> reducer, int replicas, bool overlap);

  void run_steps(std::span<const float* const> xs, std::span<const float> targets,
                 std::span<double> losses) override;
  Optimizer& optimizer() override { return trainer_.optimizer(); }
  void scatter(std::span<const float> params, std::span<const float> buffers) override;
  void gather(std::span<float> params, std::span<float> buffers) override;
  void set_trace(TraceRecorder* trace) override;
  int trace_rows() const override { return replicas_ > 1 ? 2 : 1; }
  double peak_flops() override;
  EngineStats stats() override;
  void reset_stats() override { reduce_before_ = trainer_.reduce_stats(); }

 private:
  std::unique_ptr<runtime::Device> device_;
  const nn::Graph& graph_;
  runtime::DType dtype_;
  runtime::Slabs slabs_;
  Trainer trainer_;          // bound to slabs_
  std::size_t input_bytes_;  // one micro-batch (B, C, D, H, W) fp32
  // The latest calls' micro-batches on the device (grown to the most a call brought).
  std::vector<std::unique_ptr<runtime::Buffer>> inputs_;
  std::vector<const runtime::Buffer*> input_views_;
  int replicas_ = 1;
  bool overlap_ = true;
  ReduceStats reduce_before_;
};

}  // namespace condnet::train
