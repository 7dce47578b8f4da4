#include "surrogate/pipelined_training.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "pipeline/stage_split.hpp"
#include "runtime/device.hpp"
#include "runtime/dtype.hpp"
#include "train/core_groups.hpp"

namespace condnet::surrogate {

std::vector<std::string> stage_devices(const nn::Graph& graph, const TrainOptions& options,
                                       const train::Replicas& replicas) {
  const auto stages = static_cast<int>(options.stages);
  if (!options.devices.empty()) {
    if (static_cast<int>(options.devices.size()) != stages)
      fail("--devices: {} devices for --stages {}; name one device per stage",
           options.devices.size(), stages);
    return options.devices;
  }
  const auto groups = train::core_groups(stages, replicas.local_rank, replicas.local_size);
  const auto marked = options.split == "markers" && graph.stage_count() == stages
                          ? graph.stage_devices()
                          : std::vector<std::string>(static_cast<std::size_t>(stages));
  std::vector<std::string> devices;
  for (int s = 0; s < stages; ++s)
    devices.push_back(marked[s].empty() ? runtime::cpu_device_name(groups[s]) : marked[s]);
  return devices;
}

std::unique_ptr<pipeline::PipelineTrainer> make_pipelined_trainer(
    const nn::Graph& graph, const TrainOptions& options, train::Objective objective,
    const nlohmann::json& optimizer, train::LrSchedule schedule, const train::Replicas& replicas) {
  const auto stages = static_cast<int>(options.stages);
  const auto dtype = runtime::parse_dtype(options.precision, "--precision");
  const auto devices = stage_devices(graph, options, replicas);
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
    balance.device = devices.front();
    split = train::leader_split(
        replicas, pipeline::split_balanced(graph, stages, balance, options.model).stages);
  }
  pipeline::PipelineOptions pipeline_options;
  pipeline_options.schedule = pipeline::parse_schedule(options.pipeline_schedule, "--schedule");
  pipeline_options.devices = devices;
  pipeline_options.batch = options.batch;
  pipeline_options.dtype = dtype;
  pipeline_options.overlap_reduce = options.overlap_reduce;
  auto trainer = std::make_unique<pipeline::PipelineTrainer>(
      graph, split, pipeline_options, std::move(objective), optimizer, schedule);
  if (replicas.size > 1)
    trainer->set_gradient_reducer(
        [replicas](std::span<float> grads) { train::sum_over_replicas(replicas, grads); },
        replicas.size);
  return trainer;
}

}  // namespace condnet::surrogate
