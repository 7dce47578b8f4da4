#pragma once
// `condnet bench`: training throughput of one model over a grid of execution strategies --
// micro-batch B, accumulation M (micro-batches per step), pipeline stages S (one core group
// each) and schedule, precision, data-parallel replicas R -- as a paper's benchmark table.
// Rows run the way `condnet train` runs them: one stage on one device through train::Trainer
// (bench/device_row.hpp), S > 1 stages through pipeline::PipelineTrainer on core groups
// (measure_config). Every row reports samples/s, step latency, busy fraction, achieved FLOP/s
// against the measured peak, peak activation memory, all memory held and the bubble.
// Replicated rows run under mpirun as a child process (bench/mpirun_row.hpp), each rank
// through bench/sweep_runner.hpp's measure_as_replica with its gradients summed over the ranks.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nn/graph.hpp"
#include "pipeline/pipeline_trainer.hpp"
#include "runtime/dtype.hpp"
#include "train/replicas.hpp"

namespace condnet::bench {

struct SweepConfig {
  std::int64_t micro_batch = 4;
  int accum = 1;
  int stages = 1;
  pipeline::Schedule schedule = pipeline::Schedule::one_f_one_b;
  runtime::DType dtype = runtime::DType::f32;
  int replicas = 1;
};

// What every row of one sweep shares.
struct SweepOptions {
  std::string model;           // the model JSON (a replicated row's ranks read it again)
  std::int64_t size = 0;       // the input's edge (bench/bench_model.hpp); 0: the model's
  int warmup = 1, steps = 3;   // untimed, then timed optimizer steps per row
  std::string device = "cpu";  // one-stage rows' device (runtime::device_names()); pipelined
                               // rows need "cpu": their stages are CPU core groups
};

struct SweepRow {
  SweepConfig config;
  double samples_per_second = 0;  // all replicas
  double step_seconds = 0;        // one optimizer step
  // The share of the timed wall time spent computing rather than waiting: pipelined rows, the
  // mean over stages of a stage's forward/backward work over the forward/backward phases' wall
  // time (pipeline::PipelineStats); one-stage rows, the step time not spent waiting for the
  // other replicas' gradient sums (1 for one replica). Replicated rows: the mean over ranks.
  double busy_fraction = 0;
  double peak_fraction = 0;          // achieved FLOP/s over the stages' measured peaks
  std::size_t activation_bytes = 0;  // sum over stages of the most held at once
  std::size_t memory_bytes = 0;      // sum over stages (and replicas) of all they hold
  double bubble = 0, theoretical_bubble = 0;
  std::string error;  // a configuration that could not run says why
};

// The grid: every combination, the schedule only varied where stages > 1.
std::vector<SweepConfig> sweep_grid(const std::vector<std::int64_t>& micro_batches,
                                    const std::vector<int>& accums, const std::vector<int>& stages,
                                    const std::vector<pipeline::Schedule>& schedules,
                                    const std::vector<runtime::DType>& dtypes,
                                    const std::vector<int>& replicas);

// A configuration through pipeline::PipelineTrainer (the bench's rows with S > 1) in this
// process, which is one of config.replicas ranks of mpirun (`replicas`; the default: the only
// one): the stages split at the model's markers when they give that many, else balanced by
// measured layer times (rank 0's split), each rank's stages on its own core groups; the
// gradients summed over the ranks every step.
SweepRow measure_config(const nn::Graph& graph, const SweepConfig& config, int warmup, int steps,
                        const std::string& source, const train::Replicas& replicas = {});

nlohmann::json to_json(const SweepRow& row);
SweepRow row_from_json(const nlohmann::json& json);
// The table as text, one line per row.
std::string sweep_table(const std::vector<SweepRow>& rows);

}  // namespace condnet::bench
