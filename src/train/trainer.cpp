#include "train/trainer.hpp"

#include <algorithm>
#include <cstdint>

namespace condnet::train {

Trainer::Trainer(runtime::Device& device, const nn::Graph& graph, runtime::Slabs& slabs,
                 const runtime::PlanOptions& options, Loss loss,
                 std::unique_ptr<Optimizer> optimizer, LrSchedule schedule)
    : Trainer(
          device, graph, slabs, options,
          [loss](std::span<const float> prediction, std::span<const float> target,
                 std::span<float> grad) { return loss.evaluate(prediction, target, grad); },
          std::move(optimizer), schedule) {}

Trainer::Trainer(runtime::Device& device, const nn::Graph& graph, runtime::Slabs& slabs,
                 const runtime::PlanOptions& options, Objective objective,
                 std::unique_ptr<Optimizer> optimizer, LrSchedule schedule)
    : graph_(graph),
      slabs_(slabs),
      objective_(std::move(objective)),
      optimizer_(std::move(optimizer)),
      schedule_(schedule),
      stream_(device.create_stream()) {
  CONDNET_ASSERT(options.mode == runtime::Mode::training);
  plan_ = device.compile(graph, options);
  plan_->bind(slabs);
  const auto outputs =
      static_cast<std::size_t>(options.batch * nn::element_count(graph.output_shape()));
  y_ = device.allocate(outputs * sizeof(float));
  dy_ = device.allocate(outputs * sizeof(float));
  prediction_.resize(outputs);
  d_prediction_.resize(outputs);
}

void Trainer::set_gradient_reducer(std::function<void(std::span<float>)> reduce, int replicas) {
  CONDNET_ASSERT(replicas >= 1);
  reduce_ = std::move(reduce);
  replicas_ = replicas;
}

double Trainer::step(std::span<const runtime::Buffer* const> xs, std::span<const float> targets) {
  const std::size_t per_batch = prediction_.size();
  CONDNET_ASSERT(!xs.empty() && targets.size() % xs.size() == 0);
  const std::size_t targets_per_batch = targets.size() / xs.size();
  auto& grads = *slabs_.grads;
  stream_->fill_zero(grads, 0, grads.size());
  double loss = 0;
  auto mark = TraceRecorder::Clock::now();
  // Closes the phase that began at `mark` as event `name` when tracing.
  const auto phase = [&](const char* name, std::size_t micro_batch) {
    if (!trace_) return;
    stream_->synchronize();
    const auto now = TraceRecorder::Clock::now();
    nlohmann::json args = nlohmann::json::object();
    if (micro_batch != SIZE_MAX) args["micro_batch"] = micro_batch;
    trace_->add(trace_row_, name, "train", mark, now, std::move(args));
    mark = now;
  };
  for (std::size_t m = 0; m < xs.size(); ++m) {
    plan_->forward(*stream_, *xs[m], *y_);
    stream_->copy_to_host(prediction_.data(), *y_, 0, per_batch * sizeof(float));
    stream_->synchronize();
    loss += objective_(prediction_, targets.subspan(m * targets_per_batch, targets_per_batch),
                       d_prediction_);
    phase("forward", m);
    stream_->copy_from_host(*dy_, 0, d_prediction_.data(), per_batch * sizeof(float));
    plan_->backward(*stream_, *dy_, nullptr);
    phase("backward", m);
  }
  stream_->synchronize();
  const auto floats = static_cast<std::size_t>(graph_.param_floats());
  auto g = grads.floats().first(floats);
  if (reduce_) {
    reduce_(g);
    phase("all-reduce", SIZE_MAX);
  }
  const auto micro_batches = xs.size() * static_cast<std::size_t>(replicas_);
  if (micro_batches > 1) {
    const float scale = 1.0f / static_cast<float>(micro_batches);
    std::transform(g.begin(), g.end(), g.begin(), [scale](float v) { return v * scale; });
  }
  const double lr = schedule_.at(optimizer_->base_lr(), optimizer_->steps());
  optimizer_->step(slabs_.params->floats().first(floats), g, lr);
  phase("update", SIZE_MAX);
  return loss / static_cast<double>(xs.size());
}

void Trainer::run_steps(std::span<const runtime::Buffer* const> xs, std::span<const float> targets,
                        std::span<double> losses) {
  const std::size_t steps = losses.size();
  CONDNET_ASSERT(steps > 0 && xs.size() % steps == 0 && targets.size() % steps == 0);
  const std::size_t micro_batches = xs.size() / steps;
  const std::size_t targets_per_step = targets.size() / steps;
  for (std::size_t k = 0; k < steps; ++k)
    losses[k] = step(xs.subspan(k * micro_batches, micro_batches),
                     targets.subspan(k * targets_per_step, targets_per_step));
}

}  // namespace condnet::train
