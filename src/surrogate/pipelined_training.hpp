#pragma once
// `condnet train --stages S`: the model split into S stages (at its stage markers, or balanced
// by measured layer times) on S groups of this machine's cores, trained by
// pipeline::PipelineTrainer with the GPipe or 1F1B schedule.
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "nn/graph.hpp"
#include "pipeline/pipeline_trainer.hpp"
#include "surrogate/train_options.hpp"

namespace condnet::surrogate {

// S contiguous groups of the online cores, as equal as they come (cores shared round-robin
// when S exceeds them).
std::vector<std::vector<int>> core_groups(int stages);

std::unique_ptr<pipeline::PipelineTrainer> make_pipelined_trainer(const nn::Graph& graph,
                                                                  const TrainOptions& options,
                                                                  train::Objective objective,
                                                                  const nlohmann::json& optimizer,
                                                                  train::LrSchedule schedule);

// Per-stage utilisation for RUN/metrics.jsonl: {"stages": [{"busy_seconds", "idle_seconds",
// "flops_per_second", "peak_fraction", "peak_activation_bytes"}], "bubble",
// "theoretical_bubble"}.
nlohmann::json utilisation_json(const pipeline::PipelineStats& stats);

}  // namespace condnet::surrogate
