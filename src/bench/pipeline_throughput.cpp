#include "bench/pipeline_throughput.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "core/cpu_set.hpp"
#include "core/stopwatch.hpp"
#include "nn/init.hpp"
#include "nn/rng.hpp"
#include "pipeline/stage_split.hpp"
#include "runtime/device.hpp"
#include "train/loss.hpp"

namespace condnet::bench {

PipelineRate measure_pipeline_rate(const nn::Graph& graph,
                                   const std::vector<nlohmann::json>& stages,
                                   std::vector<std::string> devices,
                                   const PipelineBenchOptions& options) {
  pipeline::PipelineOptions pipeline_options;
  pipeline_options.schedule = options.schedule;
  pipeline_options.batch = options.micro_batch;
  pipeline_options.dtype = options.dtype;
  pipeline_options.devices = std::move(devices);
  pipeline::PipelineTrainer trainer(
      graph, stages, pipeline_options,
      [](std::span<const float> prediction, std::span<const float> target, std::span<float> grad) {
        return train::Loss{}.evaluate(prediction, target, grad);
      },
      {{"type", "sgd"}, {"lr", 1e-3}, {"momentum", 0.9}}, train::LrSchedule{});
  if (options.reduce) trainer.set_gradient_reducer(options.reduce, options.replicas);
  std::vector<float> params(graph.param_floats()), buffers(graph.buffer_floats());
  nn::init_parameters(graph, params, buffers, 1);
  trainer.load_parameters(params, buffers);

  // Random binary volumes (B, ...) per micro-batch and random targets (M B, outputs).
  nn::Rng rng(7);
  const auto per_batch =
      static_cast<std::size_t>(options.micro_batch * nn::element_count(graph.input_shape()));
  std::vector<std::vector<float>> volumes(options.micro_batches, std::vector<float>(per_batch));
  std::vector<const float*> xs;
  for (auto& volume : volumes) {
    for (float& v : volume) v = rng.uniform() < 0.5f ? 1.0f : 0.0f;
    xs.push_back(volume.data());
  }
  std::vector<float> targets(options.micro_batches * options.micro_batch *
                             nn::element_count(graph.output_shape()));
  for (float& t : targets) t = rng.uniform();

  for (int step = 0; step < options.warmup; ++step) trainer.step(xs, targets);
  trainer.reset_stats();
  const auto start = std::chrono::steady_clock::now();
  for (int step = 0; step < options.steps; ++step) trainer.step(xs, targets);
  const double elapsed = seconds_since(start);
  trainer.measure_peak_flops();
  PipelineRate rate;
  rate.seconds_per_step = elapsed / options.steps;
  rate.samples_per_second =
      static_cast<double>(options.micro_batches * options.micro_batch) / rate.seconds_per_step;
  rate.stats = trainer.pipeline_stats();
  return rate;
}

double busy_fraction(const pipeline::PipelineStats& stats, const pipeline::StageStats& stage) {
  return stage.busy_seconds / std::max(stats.wall_seconds, 1e-30);
}

nlohmann::json to_json(const PipelineRate& rate) {
  nlohmann::json stages = nlohmann::json::array();
  for (const auto& s : rate.stats.stages) {
    auto stage = pipeline::to_json(s);
    stage["utilisation"] = busy_fraction(rate.stats, s);
    stage["flops"] = s.flops;
    stage["peak_flops"] = s.peak_flops;
    stage["plans"] = s.plans;
    stages.push_back(stage);
  }
  return {{"samples_per_second", rate.samples_per_second},
          {"seconds_per_step", rate.seconds_per_step},
          {"wall_seconds", rate.stats.wall_seconds},
          {"update_seconds", rate.stats.update_seconds},
          {"bubble", rate.stats.bubble},
          {"theoretical_bubble", rate.stats.theoretical_bubble},
          {"stages", stages}};
}

PipelineBenchReport measure_pipeline_throughput(const nn::Graph& graph,
                                                const PipelineBenchOptions& options,
                                                const std::string& source) {
  std::vector<nlohmann::json> stages;
  if (options.balanced) {
    pipeline::BalanceOptions balance;
    balance.batch = options.micro_batch;
    balance.device = runtime::cpu_device_name({allowed_cpus().front()});
    stages = pipeline::split_balanced(graph, options.stages, balance, source).stages;
  } else {
    stages = pipeline::split_at_markers(graph, source);
    if (static_cast<int>(stages.size()) != options.stages)
      fail("{}: the model's stage markers give {} stages, not {}; use the balanced split", source,
           stages.size(), options.stages);
  }
  PipelineBenchReport report;
  for (const auto& stage : stages) {
    const auto& layers = stage["layers"];
    report.stage_layers.push_back(fmt::format("{}..{}", layers.front()["name"].get<std::string>(),
                                              layers.back()["name"].get<std::string>()));
  }
  const auto cpus = allowed_cpus();  // S of them, shared round-robin where fewer are allowed
  std::vector<std::string> one_core_each;
  std::vector<int> all_cores;
  for (int s = 0; s < options.stages; ++s) {
    const int cpu = cpus[s % cpus.size()];
    one_core_each.push_back(runtime::cpu_device_name({cpu}));
    if (std::find(all_cores.begin(), all_cores.end(), cpu) == all_cores.end())
      all_cores.push_back(cpu);
  }
  report.pipelined = measure_pipeline_rate(graph, stages, one_core_each, options);
  std::sort(all_cores.begin(), all_cores.end());
  report.single = measure_pipeline_rate(graph, {graph.to_json()},
                                        {runtime::cpu_device_name(all_cores)}, options);
  return report;
}

double speedup(const PipelineBenchReport& report) {
  return report.pipelined.samples_per_second / std::max(report.single.samples_per_second, 1e-30);
}

nlohmann::json to_json(const PipelineBenchReport& report) {
  return {{"stage_layers", report.stage_layers},
          {"pipelined", to_json(report.pipelined)},
          {"single", to_json(report.single)},
          {"speedup", speedup(report)}};
}

}  // namespace condnet::bench
