#pragma once
// `condnet train --stages S`: the model split into S stages (at its stage markers, or balanced
// by measured layer times) on S devices (stage_devices()), trained by
// pipeline::PipelineTrainer with the GPipe or 1F1B schedule. Under mpirun each rank pipelines
// its share of the micro-batches on its own core groups, summing each stage's gradients over
// the ranks (replicas.hpp).
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

#include "nn/graph.hpp"
#include "pipeline/pipeline_trainer.hpp"
#include "surrogate/replicas.hpp"
#include "surrogate/train_options.hpp"

namespace condnet::surrogate {

// The allowed CPUs (core/cpu_set.hpp) split into local_size x S contiguous groups, as equal as they
// come (cores shared round-robin when the groups outnumber them); this rank's S groups, the
// (local_rank S + s)-th for stage s. One process: S groups of all the cores.
std::vector<std::vector<int>> core_groups(int stages, int local_rank = 0, int local_size = 1);

// Rank 0's stage split on every rank (a balanced split's timings differ between ranks, but
// their stage slabs must match for the gradient sums); `split` itself for one replica.
std::vector<nlohmann::json> leader_split(const Replicas& replicas,
                                         const std::vector<nlohmann::json>& split);

// The device of each of the S stages: --devices as given (one per stage); else, per stage, the
// device its stage marker names (--split markers), or this rank's core group s
// ("cpu:<group>").
std::vector<std::string> stage_devices(const nn::Graph& graph, const TrainOptions& options,
                                       const Replicas& replicas);

std::unique_ptr<pipeline::PipelineTrainer> make_pipelined_trainer(
    const nn::Graph& graph, const TrainOptions& options, train::Objective objective,
    const nlohmann::json& optimizer, train::LrSchedule schedule, const Replicas& replicas = {});

}  // namespace condnet::surrogate
