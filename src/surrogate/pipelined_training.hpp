#pragma once
// `condnet train --stages S`: the model split into S stages (at its stage markers, or balanced
// by measured layer times) on S devices (stage_devices()), trained by
// pipeline::PipelineTrainer with the GPipe or 1F1B schedule. Under mpirun each rank pipelines
// its share of the micro-batches on its own core groups (train/core_groups.hpp), summing each
// stage's gradients over the ranks (train/replicas.hpp).
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "nn/graph.hpp"
#include "pipeline/pipeline_trainer.hpp"
#include "surrogate/train_options.hpp"
#include "train/replicas.hpp"

namespace condnet::surrogate {

// The device of each of the S stages: --devices as given (one per stage); else, per stage, the
// device its stage marker names (--split markers), or this rank's core group s
// ("cpu:<group>").
std::vector<std::string> stage_devices(const nn::Graph& graph, const TrainOptions& options,
                                       const train::Replicas& replicas);

std::unique_ptr<pipeline::PipelineTrainer> make_pipelined_trainer(
    const nn::Graph& graph, const TrainOptions& options, train::Objective objective,
    const nlohmann::json& optimizer, train::LrSchedule schedule,
    const train::Replicas& replicas = {});

}  // namespace condnet::surrogate
