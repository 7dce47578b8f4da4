#pragma once
// One optimizer step over M micro-batches on one device: zero the gradient slab, then per
// micro-batch forward, loss, backward (gradients add up in the slab), then scale the slab by
// 1/M -- the only place that scaling happens -- and update. With the loss averaged within a
// micro-batch, M micro-batches of n samples give the gradient of one batch of M n samples.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "nn/graph.hpp"
#include "runtime/device.hpp"
#include "runtime/slabs.hpp"
#include "train/loss.hpp"
#include "train/lr_schedule.hpp"
#include "train/optimizer.hpp"

namespace condnet::train {

class Trainer {
 public:
  // Compiles a training plan for `options` (mode training) and binds `slabs`, which must be
  // host-accessible and outlive the trainer, as must the graph and the device.
  Trainer(runtime::Device& device, const nn::Graph& graph, runtime::Slabs& slabs,
          const runtime::PlanOptions& options, Loss loss, std::unique_ptr<Optimizer> optimizer,
          LrSchedule schedule);

  // xs: M micro-batches (N, ...) fp32 on the device; targets: (M N, outputs) on the host.
  // Returns the mean loss over the micro-batches.
  double step(std::span<const runtime::Buffer* const> xs, std::span<const float> targets);

  runtime::Plan& plan() { return *plan_; }
  runtime::Stream& stream() { return *stream_; }
  Optimizer& optimizer() { return *optimizer_; }
  // The latest micro-batch's prediction (N, outputs).
  std::span<const float> prediction() const { return prediction_; }

 private:
  const nn::Graph& graph_;
  runtime::Slabs& slabs_;
  Loss loss_;
  std::unique_ptr<Optimizer> optimizer_;
  LrSchedule schedule_;
  std::unique_ptr<runtime::Stream> stream_;
  std::unique_ptr<runtime::Plan> plan_;
  std::unique_ptr<runtime::Buffer> y_, dy_;  // (N, outputs) on the device
  std::vector<float> prediction_, d_prediction_;
};

}  // namespace condnet::train
