#pragma once
// One optimizer step over M micro-batches on one device: zero the gradient slab, then per
// micro-batch forward, loss, backward (gradients add up in the slab), then scale the slab by
// 1/M -- the only place that scaling happens -- and update. With the loss averaged within a
// micro-batch, M micro-batches of n samples give the gradient of one batch of M n samples.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "core/trace.hpp"
#include "nn/graph.hpp"
#include "runtime/device.hpp"
#include "runtime/slabs.hpp"
#include "train/loss.hpp"
#include "train/lr_schedule.hpp"
#include "train/optimizer.hpp"

namespace condnet::train {

// The loss of a micro-batch's raw outputs (N, outputs) against its targets; writes
// d(loss)/d(outputs) to `grad`. A Loss is one; a target transform wraps one.
using Objective = std::function<double(std::span<const float> prediction,
                                       std::span<const float> target, std::span<float> grad)>;

class Trainer {
 public:
  // Compiles a training plan for `options` (mode training) and binds `slabs`, which must be
  // host-accessible and outlive the trainer, as must the graph and the device.
  Trainer(runtime::Device& device, const nn::Graph& graph, runtime::Slabs& slabs,
          const runtime::PlanOptions& options, Loss loss, std::unique_ptr<Optimizer> optimizer,
          LrSchedule schedule);
  Trainer(runtime::Device& device, const nn::Graph& graph, runtime::Slabs& slabs,
          const runtime::PlanOptions& options, Objective objective,
          std::unique_ptr<Optimizer> optimizer, LrSchedule schedule);

  // xs: M micro-batches (N, ...) fp32 on the device; targets: (M N, T) on the host, T values
  // per sample as the objective reads them (the outputs, for a Loss).
  // Returns the mean loss over the micro-batches.
  double step(std::span<const runtime::Buffer* const> xs, std::span<const float> targets);

  // Device iterations: K optimizer steps in one call, back to back, without returning to the
  // host in between. xs: K M micro-batches, step k's being [k M, (k + 1) M); targets: K M N
  // rows of T; losses: K, each step's mean loss, written when the call returns. The CPU
  // backend runs the loop here (the device is the host); a backend with device-side graphs
  // replays the captured step K times. Equal to K calls of step(), bit for bit.
  void run_steps(std::span<const runtime::Buffer* const> xs, std::span<const float> targets,
                 std::span<double> losses);

  // Data-parallel replicas: `reduce` sums the gradient slab over `replicas` processes; step()
  // calls it on this process's summed micro-batch gradients, then scales by 1/(M replicas).
  void set_gradient_reducer(std::function<void(std::span<float>)> reduce, int replicas);

  // Records every micro-batch's forward and backward, the all-reduce and the update on row
  // `row` of `trace` (null: off). Tracing waits for each phase to finish, to time it.
  void set_trace(TraceRecorder* trace, int row) {
    trace_ = trace;
    trace_row_ = row;
  }

  runtime::Plan& plan() { return *plan_; }
  runtime::Stream& stream() { return *stream_; }
  Optimizer& optimizer() { return *optimizer_; }
  // The latest micro-batch's prediction (N, outputs).
  std::span<const float> prediction() const { return prediction_; }
  const LrSchedule& schedule() const { return schedule_; }

 private:
  const nn::Graph& graph_;
  runtime::Slabs& slabs_;
  Objective objective_;
  std::unique_ptr<Optimizer> optimizer_;
  LrSchedule schedule_;
  std::function<void(std::span<float>)> reduce_;
  int replicas_ = 1;
  TraceRecorder* trace_ = nullptr;
  int trace_row_ = 0;
  std::unique_ptr<runtime::Stream> stream_;
  std::unique_ptr<runtime::Plan> plan_;
  std::unique_ptr<runtime::Buffer> y_, dy_;  // (N, outputs) on the device
  std::vector<float> prediction_, d_prediction_;
};

}  // namespace condnet::train
