#include "bench/device_row.hpp"

#include <chrono>

#include "core/error.hpp"
#include "core/stopwatch.hpp"
#include "nn/init.hpp"
#include "nn/rng.hpp"
#include "runtime/slabs.hpp"
#include "train/trainer.hpp"

namespace condnet::bench {

SweepRow measure_on_device(runtime::Device& device, const nn::Graph& graph,
                           const SweepConfig& config, int warmup, int steps,
                           std::unique_ptr<train::GradientReducer> reducer, int rank) {
  CONDNET_ASSERT(config.stages == 1 && steps > 0);
  CONDNET_ASSERT((config.replicas > 1) == (reducer != nullptr));
  SweepRow row;
  row.config = config;
  auto slabs = runtime::allocate_slabs(device, graph);
  nn::init_parameters(graph, slabs.params->floats().first(graph.param_floats()),
                      slabs.buffers->floats().first(graph.buffer_floats()), 1);
  runtime::PlanOptions plan_options;
  plan_options.batch = config.micro_batch;
  plan_options.dtype = config.dtype;
  train::Trainer trainer(
      device, graph, slabs, plan_options, train::Loss{},
      train::make_optimizer({{"type", "sgd"}, {"lr", 1e-3}}, graph.param_floats(), "sgd"),
      train::LrSchedule{});
  if (reducer) trainer.set_gradient_reducer(std::move(reducer), config.replicas);

  // M micro-batches of one random binary volume batch (B, ...), on the device.
  nn::Rng rng(7 + rank);
  const auto per_batch =
      static_cast<std::size_t>(config.micro_batch * nn::element_count(graph.input_shape()));
  std::vector<float> x(per_batch);
  for (float& v : x) v = rng.uniform() < 0.5f ? 1.0f : 0.0f;
  std::vector<std::unique_ptr<runtime::Buffer>> buffers;
  std::vector<const runtime::Buffer*> xs;
  auto stream = device.create_stream();
  for (int m = 0; m < config.accum; ++m) {
    buffers.push_back(device.allocate(per_batch * sizeof(float)));
    stream->copy_from_host(*buffers.back(), 0, x.data(), per_batch * sizeof(float));
    xs.push_back(buffers.back().get());
  }
  stream->synchronize();
  std::vector<float> targets(
      config.accum * config.micro_batch * nn::element_count(graph.output_shape()), 0.5f);

  for (int i = 0; i < warmup; ++i) trainer.step(xs, targets);
  const double waited_before = trainer.reduce_stats().exposed_seconds;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < steps; ++i) trainer.step(xs, targets);
  const double wall = seconds_since(start);
  const double waited = trainer.reduce_stats().exposed_seconds - waited_before;

  row.step_seconds = wall / steps;
  row.samples_per_second =
      static_cast<double>(config.replicas * config.accum * config.micro_batch) / row.step_seconds;
  row.busy_fraction = wall > 0 ? (wall - waited) / wall : 0.0;
  const double peak = device.peak_flops(config.dtype) * config.replicas;
  row.peak_fraction = peak > 0 ? graph.training_flops() * row.samples_per_second / peak : 0.0;
  row.activation_bytes = trainer.plan().stats().arena_bytes * config.replicas;
  row.memory_bytes = (trainer.memory_bytes() + buffers.size() * per_batch * sizeof(float)) *
                     static_cast<std::size_t>(config.replicas);
  return row;
}

}  // namespace condnet::bench
