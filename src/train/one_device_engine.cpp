#include "train/one_device_engine.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace condnet::train {

namespace {

runtime::PlanOptions for_training(runtime::PlanOptions options) {
  options.mode = runtime::Mode::training;
  return options;
}

}  // namespace

OneDeviceEngine::OneDeviceEngine(std::unique_ptr<runtime::Device> device, const nn::Graph& graph,
                                 runtime::PlanOptions options, Objective objective,
                                 std::unique_ptr<Optimizer> optimizer, LrSchedule schedule)
    : device_(std::move(device)),
      graph_(graph),
      dtype_(options.dtype),
      slabs_(runtime::allocate_slabs(*device_, graph)),
      trainer_(*device_, graph, slabs_, for_training(options), std::move(objective),
               std::move(optimizer), schedule),
      input_bytes_(
          static_cast<std::size_t>(options.batch * nn::element_count(graph.input_shape())) *
          sizeof(float)) {}

void OneDeviceEngine::set_gradient_reducer(std::unique_ptr<GradientReducer> reducer, int replicas,
                                           bool overlap) {
  trainer_.set_gradient_reducer(std::move(reducer), replicas, overlap);
  replicas_ = replicas;
  overlap_ = overlap;
}

void OneDeviceEngine::run_steps(std::span<const float* const> xs, std::span<const float> targets,
                                std::span<double> losses) {
  while (inputs_.size() < xs.size()) {
    inputs_.push_back(device_->allocate(input_bytes_));
    input_views_.push_back(inputs_.back().get());
  }
  auto& stream = trainer_.stream();
  for (std::size_t i = 0; i < xs.size(); ++i)
    stream.copy_from_host(*inputs_[i], 0, xs[i], input_bytes_);
  trainer_.run_steps(std::span(input_views_).first(xs.size()), targets, losses);
}

void OneDeviceEngine::scatter(std::span<const float> params, std::span<const float> buffers) {
  CONDNET_ASSERT(params.size() == static_cast<std::size_t>(graph_.param_floats()) &&
                 buffers.size() == static_cast<std::size_t>(graph_.buffer_floats()));
  auto& stream = trainer_.stream();
  stream.copy_from_host(*slabs_.params, 0, params.data(), params.size_bytes());
  stream.copy_from_host(*slabs_.buffers, 0, buffers.data(), buffers.size_bytes());
  stream.synchronize();
}

void OneDeviceEngine::gather(std::span<float> params, std::span<float> buffers) {
  CONDNET_ASSERT(params.size() == static_cast<std::size_t>(graph_.param_floats()) &&
                 buffers.size() == static_cast<std::size_t>(graph_.buffer_floats()));
  auto& stream = trainer_.stream();
  stream.copy_to_host(params.data(), *slabs_.params, 0, params.size_bytes());
  stream.copy_to_host(buffers.data(), *slabs_.buffers, 0, buffers.size_bytes());
  stream.synchronize();
}

void OneDeviceEngine::set_trace(TraceRecorder* trace) {
  if (trace) {
    trace->name_row(0, "device " + device_->info().name);
    if (replicas_ > 1) trace->name_row(1, "gradient all-reduce");
  }
  trainer_.set_trace(trace, 0, replicas_ > 1 ? 1 : 0);
}

double OneDeviceEngine::peak_flops() { return device_->peak_flops(dtype_); }

EngineStats OneDeviceEngine::stats() {
  EngineStats stats;
  stats.activation_bytes = trainer_.plan().stats().arena_bytes;
  stats.memory_bytes = trainer_.memory_bytes() + inputs_.size() * input_bytes_;
  if (replicas_ > 1) {
    const auto& reduce = trainer_.reduce_stats();
    stats.details["all_reduce"] = {
        {"overlapped", overlap_},
        {"buckets", reduce.buckets},
        {"seconds", reduce.total_seconds - reduce_before_.total_seconds},
        {"exposed_seconds", reduce.exposed_seconds - reduce_before_.exposed_seconds}};
  }
  return stats;
}

}  // namespace condnet::train
