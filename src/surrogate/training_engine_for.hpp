#pragma once
// The training engine `condnet train` runs for its options: --stages S > 1, the pipeline over
// S devices (pipelined_training.hpp); else one --device (train/one_device_engine.hpp). Under
// mpirun either sums each step's gradients over the replicas (replicas.hpp).
#include <memory>
#include <nlohmann/json.hpp>

#include "nn/graph.hpp"
#include "surrogate/train_options.hpp"
#include "train/lr_schedule.hpp"
#include "train/replicas.hpp"
#include "train/trainer.hpp"
#include "train/training_engine.hpp"

namespace condnet::surrogate {

// `graph` must outlive the engine; `optimizer`: make_optimizer()'s JSON.
std::unique_ptr<train::TrainingEngine> training_engine_for(const nn::Graph& graph,
                                                           const TrainOptions& options,
                                                           train::Objective objective,
                                                           const nlohmann::json& optimizer,
                                                           const train::LrSchedule& schedule,
                                                           const train::Replicas& replicas);

}  // namespace condnet::surrogate
