#include "surrogate/pipelined_training.hpp"

#include <algorithm>

#include "core/cpu_set.hpp"
#include "core/error.hpp"
#include "pipeline/stage_split.hpp"
#include "runtime/device.hpp"
#include "runtime/dtype.hpp"

namespace condnet::surrogate {

std::vector<std::vector<int>> core_groups(int stages, int local_rank, int local_size) {
  CONDNET_ASSERT(stages >= 1 && local_size >= 1 && local_rank >= 0 && local_rank < local_size);
  const auto cpus = allowed_cpus();
  const int cores = static_cast<int>(cpus.size());
  std::vector<std::vector<int>> groups(stages);
  const int per_group = std::max(1, cores / (stages * local_size));
  for (int s = 0; s < stages; ++s) {
    const int group = local_rank * stages + s;
    for (int c = 0; c < per_group; ++c) groups[s].push_back(cpus[(group * per_group + c) % cores]);
  }
  return groups;
}

std::vector<nlohmann::json> leader_split(const Replicas& replicas,
                                         const std::vector<nlohmann::json>& split) {
  if (replicas.size == 1) return split;
  return nlohmann::json::parse(broadcast_from_leader(replicas, nlohmann::json(split).dump()))
      .get<std::vector<nlohmann::json>>();
}

std::vector<std::string> stage_devices(const nn::Graph& graph, const TrainOptions& options,
                                       const Replicas& replicas) {
  const auto stages = static_cast<int>(options.stages);
  if (!options.devices.empty()) {
    if (static_cast<int>(options.devices.size()) != stages)
      fail("--devices: {} devices for --stages {}; name one device per stage",
           options.devices.size(), stages);
    return options.devices;
  }
  const auto groups = core_groups(stages, replicas.local_rank, replicas.local_size);
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
    const nlohmann::json& optimizer, train::LrSchedule schedule, const Replicas& replicas) {
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
    split = leader_split(replicas,
                         pipeline::split_balanced(graph, stages, balance, options.model).stages);
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
        [replicas](std::span<float> grads) { sum_over_replicas(replicas, grads); }, replicas.size);
  return trainer;
}

}  // namespace condnet::surrogate
