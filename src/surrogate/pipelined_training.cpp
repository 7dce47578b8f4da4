#include "surrogate/pipelined_training.hpp"

#include <algorithm>
#include <thread>

#include "core/error.hpp"
#include "pipeline/stage_split.hpp"
#include "runtime/dtype.hpp"

namespace condnet::surrogate {

std::vector<std::vector<int>> core_groups(int stages) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::vector<int>> groups(stages);
  const int per_stage = std::max(1, cores / stages);
  for (int s = 0; s < stages; ++s)
    for (int c = 0; c < per_stage; ++c) groups[s].push_back((s * per_stage + c) % cores);
  return groups;
}

std::unique_ptr<pipeline::PipelineTrainer> make_pipelined_trainer(const nn::Graph& graph,
                                                                  const TrainOptions& options,
                                                                  train::Objective objective,
                                                                  const nlohmann::json& optimizer,
                                                                  train::LrSchedule schedule) {
  const auto stages = static_cast<int>(options.stages);
  const auto dtype = runtime::parse_dtype(options.precision, "--precision");
  const auto groups = core_groups(stages);
  std::vector<nlohmann::json> split;
  if (options.split == "markers") {
    if (graph.stage_count() != stages)
      fail(
          "--stages {}: the model has {} stage{} at its markers; give --stages {} or --split "
          "balanced",
          stages, graph.stage_count(), graph.stage_count() == 1 ? "" : "s", graph.stage_count());
    split = pipeline::split_at_markers(graph, options.model);
  } else {
    pipeline::BalanceOptions balance;
    balance.batch = options.batch;
    balance.dtype = dtype;
    balance.cores = groups.front();
    split = pipeline::split_balanced(graph, stages, balance, options.model).stages;
  }
  pipeline::PipelineOptions pipeline_options;
  pipeline_options.schedule = pipeline::parse_schedule(options.pipeline_schedule, "--schedule");
  pipeline_options.core_groups = groups;
  pipeline_options.batch = options.batch;
  pipeline_options.dtype = dtype;
  return std::make_unique<pipeline::PipelineTrainer>(graph, split, pipeline_options,
                                                     std::move(objective), optimizer, schedule);
}

nlohmann::json utilisation_json(const pipeline::PipelineStats& stats) {
  nlohmann::json stages = nlohmann::json::array();
  for (const auto& stage : stats.stages)
    stages.push_back({{"busy_seconds", stage.busy_seconds},
                      {"idle_seconds", stage.idle_seconds},
                      {"flops_per_second", stage.achieved_flops},
                      {"peak_fraction", stage.peak_fraction},
                      {"peak_activation_bytes", stage.peak_activation_bytes}});
  return {{"stages", stages},
          {"bubble", stats.bubble},
          {"theoretical_bubble", stats.theoretical_bubble}};
}

}  // namespace condnet::surrogate
