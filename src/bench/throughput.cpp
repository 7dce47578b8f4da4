#include "bench/throughput.hpp"

#include <algorithm>
#include <chrono>

#include "core/stopwatch.hpp"
#include "nn/init.hpp"
#include "nn/rng.hpp"
#include "runtime/slabs.hpp"
#include "train/trainer.hpp"

namespace condnet::bench {

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Times `step` after `warmup` untimed calls; fills the step time and rates.
template <typename Step>
void time_steps(const ThroughputOptions& options, double flops_per_sample, runtime::Plan& plan,
                Step step, Throughput& out) {
  for (int i = 0; i < options.warmup; ++i) step();
  plan.reset_kernel_times();
  std::vector<double> seconds;
  for (int i = 0; i < options.steps; ++i) {
    const auto start = Clock::now();
    step();
    seconds.push_back(seconds_since(start));
  }
  out.seconds_per_step = median(seconds);
  out.samples_per_second = static_cast<double>(options.batch) / out.seconds_per_step;
  out.flops_per_sample = flops_per_sample;
  out.flops_per_second = flops_per_sample * out.samples_per_second;
}

nlohmann::json to_json(const Throughput& t) {
  nlohmann::json kernels = nlohmann::json::array();
  for (const auto& k : t.kernels)
    kernels.push_back({{"label", k.label}, {"seconds", k.seconds}, {"calls", k.calls}});
  return {{"samples_per_second", t.samples_per_second},
          {"seconds_per_step", t.seconds_per_step},
          {"flops_per_sample", t.flops_per_sample},
          {"flops_per_second", t.flops_per_second},
          {"arena_bytes", t.plan.arena_bytes},
          {"arena_demand_bytes", t.plan.arena_demand},
          {"scratchpad_bytes", t.plan.scratchpad_bytes},
          {"kernels", t.plan.kernels},
          {"fused_ops", t.plan.fused_ops},
          {"edge_reorders", t.plan.edge_reorders},
          {"inner_reorders", t.plan.inner_reorders},
          {"reference_kernels", t.plan.reference_kernels},
          {"kernel_times", kernels}};
}

}  // namespace

ThroughputReport measure_throughput(runtime::Device& device, const nn::Graph& graph,
                                    const ThroughputOptions& options) {
  ThroughputReport report;
  report.device = device.info().description;
  report.peak_flops = device.peak_flops(options.dtype);
  auto slabs = runtime::allocate_slabs(device, graph);
  auto params = slabs.params->floats(), buffers = slabs.buffers->floats();
  nn::init_parameters(graph, params.first(graph.param_floats()),
                      buffers.first(graph.buffer_floats()), 1);

  const auto per_sample = static_cast<std::size_t>(nn::element_count(graph.input_shape()));
  std::vector<float> x(options.batch * per_sample);
  nn::Rng rng(2);
  for (auto& v : x) v = rng.uniform() < 0.5f ? 1.0f : 0.0f;
  std::vector<float> targets(options.batch * nn::element_count(graph.output_shape()));
  for (auto& v : targets) v = rng.uniform();
  auto stream = device.create_stream();
  auto xb = device.allocate(x.size() * sizeof(float));
  stream->copy_from_host(*xb, 0, x.data(), x.size() * sizeof(float));
  stream->synchronize();

  runtime::PlanOptions plan_options;
  plan_options.batch = options.batch;
  plan_options.dtype = options.dtype;
  plan_options.profile = options.profile;
  if (options.train) {
    train::Trainer trainer(device, graph, slabs, plan_options, train::Loss{},
                           train::make_optimizer("adam", graph.param_floats(), "adam"),
                           train::LrSchedule{});
    const std::vector<const runtime::Buffer*> xs{xb.get()};
    time_steps(
        options, graph.training_flops(), trainer.plan(), [&] { trainer.step(xs, targets); },
        report.train);
    report.train.plan = trainer.plan().stats();
    report.train.kernels = trainer.plan().kernel_times();
  }
  if (options.infer) {
    plan_options.mode = runtime::Mode::inference;
    auto plan = device.compile(graph, plan_options);
    plan->bind(slabs);
    auto yb = device.allocate(targets.size() * sizeof(float));
    time_steps(
        options, graph.total_cost().forward_flops, *plan,
        [&] {
          plan->forward(*stream, *xb, *yb);
          stream->synchronize();
        },
        report.infer);
    report.infer.plan = plan->stats();
    report.infer.kernels = plan->kernel_times();
  }
  return report;
}

nlohmann::json to_json(const ThroughputReport& report) {
  return {{"device", report.device},
          {"peak_flops", report.peak_flops},
          {"train", to_json(report.train)},
          {"infer", to_json(report.infer)}};
}

}  // namespace condnet::bench
