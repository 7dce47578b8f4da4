#include "bench/sweep.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "bench/pipeline_throughput.hpp"
#include "core/error.hpp"
#include "pipeline/stage_split.hpp"
#include "runtime/device.hpp"
#include "train/core_groups.hpp"

namespace condnet::bench {

std::vector<SweepConfig> sweep_grid(const std::vector<std::int64_t>& micro_batches,
                                    const std::vector<int>& accums, const std::vector<int>& stages,
                                    const std::vector<pipeline::Schedule>& schedules,
                                    const std::vector<runtime::DType>& dtypes,
                                    const std::vector<int>& replicas) {
  std::vector<SweepConfig> grid;
  for (const auto dtype : dtypes)
    for (const int r : replicas)
      for (const int s : stages)
        for (const auto schedule : schedules) {
          if (s == 1 && schedule != schedules.front()) continue;
          for (const auto b : micro_batches)
            for (const int m : accums) grid.push_back({b, m, s, schedule, dtype, r});
        }
  return grid;
}

SweepRow measure_config(const nn::Graph& graph, const SweepConfig& config, int warmup, int steps,
                        const std::string& source, const train::Replicas& replicas) {
  SweepRow row;
  row.config = config;
  CONDNET_ASSERT(config.replicas == replicas.size);
  const auto groups = train::core_groups(config.stages, replicas.local_rank, replicas.local_size);
  std::vector<nlohmann::json> stages{graph.to_json()};
  if (config.stages > 1) {
    if (graph.stage_count() == config.stages) {
      stages = pipeline::split_at_markers(graph, source);
    } else {
      pipeline::BalanceOptions balance;
      balance.batch = config.micro_batch;
      balance.dtype = config.dtype;
      balance.device = runtime::cpu_device_name(groups.front());
      stages = train::leader_split(
          replicas, pipeline::split_balanced(graph, config.stages, balance, source).stages);
    }
  }
  PipelineBenchOptions options;
  options.stages = config.stages;
  options.schedule = config.schedule;
  options.micro_batch = config.micro_batch;
  options.micro_batches = config.accum;
  options.warmup = warmup;
  options.steps = steps;
  options.dtype = config.dtype;
  if (replicas.size > 1) {
    options.reduce = [replicas](std::span<float> grads) {
      train::sum_over_replicas(replicas, grads);
    };
    options.replicas = replicas.size;
  }
  std::vector<std::string> devices;
  for (const auto& group : groups) devices.push_back(runtime::cpu_device_name(group));
  const auto rate = measure_pipeline_rate(graph, stages, devices, options);
  row.samples_per_second = rate.samples_per_second * replicas.size;
  row.step_seconds = rate.seconds_per_step;
  double achieved = 0, peak = 0;
  for (const auto& stage : rate.stats.stages) {
    row.busy_fraction += busy_fraction(rate.stats, stage);
    achieved += stage.flops_per_second * stage.busy_seconds;
    peak += stage.peak_flops;
    row.activation_bytes += stage.peak_activation_bytes * replicas.size;
    row.memory_bytes += stage.memory_bytes * replicas.size;
  }
  const auto count = static_cast<double>(std::max<std::size_t>(rate.stats.stages.size(), 1));
  row.busy_fraction /= count;
  // Achieved FLOP/s of the whole pipeline: every stage's FLOPs over the wall time.
  row.peak_fraction = peak > 0 ? achieved / std::max(rate.stats.wall_seconds, 1e-30) / peak : 0.0;
  row.bubble = rate.stats.bubble;
  row.theoretical_bubble = rate.stats.theoretical_bubble;
  return row;
}

nlohmann::json to_json(const SweepRow& row) {
  return {{"micro_batch", row.config.micro_batch},
          {"accum", row.config.accum},
          {"stages", row.config.stages},
          {"schedule", pipeline::to_string(row.config.schedule)},
          {"precision", runtime::to_string(row.config.dtype)},
          {"replicas", row.config.replicas},
          {"samples_per_second", row.samples_per_second},
          {"step_seconds", row.step_seconds},
          {"busy_fraction", row.busy_fraction},
          {"peak_fraction", row.peak_fraction},
          {"activation_bytes", row.activation_bytes},
          {"memory_bytes", row.memory_bytes},
          {"bubble", row.bubble},
          {"theoretical_bubble", row.theoretical_bubble},
          {"error", row.error}};
}

SweepRow row_from_json(const nlohmann::json& json) {
  SweepRow row;
  try {
    row.config.micro_batch = json.at("micro_batch");
    row.config.accum = json.at("accum");
    row.config.stages = json.at("stages");
    row.config.schedule = pipeline::parse_schedule(json.at("schedule"), "schedule");
    row.config.dtype = runtime::parse_dtype(json.at("precision").get<std::string>(), "precision");
    row.config.replicas = json.at("replicas");
    row.samples_per_second = json.at("samples_per_second");
    row.step_seconds = json.at("step_seconds");
    row.busy_fraction = json.at("busy_fraction");
    row.peak_fraction = json.at("peak_fraction");
    row.activation_bytes = json.at("activation_bytes");
    row.memory_bytes = json.at("memory_bytes");
    row.bubble = json.at("bubble");
    row.theoretical_bubble = json.at("theoretical_bubble");
    row.error = json.at("error");
  } catch (const nlohmann::json::exception& e) {
    fail("bench: a replicated run's result is damaged ({})", e.what());
  }
  return row;
}

std::string sweep_table(const std::vector<SweepRow>& rows) {
  std::string out = fmt::format(
      "{:>5} {:>5} {:>6} {:>8} {:>9} {:>8} {:>10} {:>10} {:>6} {:>6} {:>9} {:>9} {:>13}\n", "B",
      "M", "stages", "schedule", "precision", "replicas", "samples/s", "step ms", "busy", "peak",
      "act MiB", "mem MiB", "bubble/theory");
  for (const auto& r : rows) {
    if (!r.error.empty()) {
      out += fmt::format("{:>5} {:>5} {:>6} {:>8} {:>9} {:>8}  failed: {}\n", r.config.micro_batch,
                         r.config.accum, r.config.stages, pipeline::to_string(r.config.schedule),
                         runtime::to_string(r.config.dtype), r.config.replicas, r.error);
      continue;
    }
    out += fmt::format(
        "{:>5} {:>5} {:>6} {:>8} {:>9} {:>8} {:>10.1f} {:>10.1f} {:>5.0f}% {:>5.0f}% {:>9.0f} "
        "{:>9.0f} {:>6.1f}/{:<5.1f}\n",
        r.config.micro_batch, r.config.accum, r.config.stages,
        r.config.stages > 1 ? pipeline::to_string(r.config.schedule) : "-",
        runtime::to_string(r.config.dtype), r.config.replicas, r.samples_per_second,
        1e3 * r.step_seconds, 100 * r.busy_fraction, 100 * r.peak_fraction,
        r.activation_bytes / 1048576.0, r.memory_bytes / 1048576.0, 100 * r.bubble,
        100 * r.theoretical_bubble);
  }
  return out;
}

}  // namespace condnet::bench
