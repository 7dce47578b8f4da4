#pragma once
// Training throughput of a model pipelined over S stages of one core each, against the same
// training on one stage holding all S cores (the data-parallel-free baseline on the same
// hardware): random binary volumes, MSE against random targets, SGD, M micro-batches of B
// samples per step. Warm-up steps (compiling every plan) run first.
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "nn/graph.hpp"
#include "pipeline/pipeline_trainer.hpp"

namespace condnet::bench {

struct PipelineBenchOptions {
  int stages = 2;
  bool balanced = false;  // split by measured layer times, else at the model's stage markers
  pipeline::Schedule schedule = pipeline::Schedule::one_f_one_b;
  std::int64_t micro_batch = 4;
  int micro_batches = 8;
  int warmup = 1;
  int steps = 3;
  runtime::DType dtype = runtime::DType::f32;
  // Data-parallel replicas (under mpirun): sums a stage's gradient slab over `replicas`
  // processes every step (PipelineTrainer::set_gradient_reducer); empty: one process.
  std::function<void(std::span<float>)> reduce;
  int replicas = 1;
};

struct PipelineRate {
  double samples_per_second = 0;
  double seconds_per_step = 0;  // mean over the timed steps (forward/backward and update)
  pipeline::PipelineStats stats;
};

struct PipelineBenchReport {
  std::vector<std::string> stage_layers;  // "conv1..pool2" per stage
  PipelineRate pipelined;                 // S stages x 1 core
  PipelineRate single;                    // 1 stage x S cores
};

// The rate of `stages` (stage model JSONs of `graph`; one JSON: no pipelining) on
// `devices`, one per stage ("cpu:0", ...).
PipelineRate measure_pipeline_rate(const nn::Graph& graph,
                                   const std::vector<nlohmann::json>& stages,
                                   std::vector<std::string> devices,
                                   const PipelineBenchOptions& options);
nlohmann::json to_json(const PipelineRate& rate);

// A stage's busy share: its forward/backward work over the forward/backward phases' wall time
// (the JSON's "utilisation").
double busy_fraction(const pipeline::PipelineStats& stats, const pipeline::StageStats& stage);

PipelineBenchReport measure_pipeline_throughput(const nn::Graph& graph,
                                                const PipelineBenchOptions& options,
                                                const std::string& source);

// Pipelined samples/s over the single stage's (the JSON's "speedup").
double speedup(const PipelineBenchReport& report);

nlohmann::json to_json(const PipelineBenchReport& report);

}  // namespace condnet::bench
