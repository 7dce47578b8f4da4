#pragma once
// Pipeline-parallel training: a model split into S stages (stage_split.hpp), each on its own
// device (PipelineOptions::devices, any runtime::Device by name) with its own slabs, optimizer
// and worker thread bound to the device. The pipeline works only through the Device interface.
// A train::TrainingEngine: the training loop drives it as it drives one device.
// One step() does what train::Trainer does on one device -- zero gradients, M micro-batches
// forward/backward with gradients adding up, then averaged_update() -- but micro-batch m
// flows stage 0 -> S-1 forward and back, so that stages work on different micro-batches at
// once. Schedules:
//   gpipe: every stage runs all M forwards, then all M backwards (M activation sets held);
//   1f1b:  stage s runs S-s-1 forwards, then alternates one forward / one backward, then the
//          remaining backwards (at most S-s activation sets held).
// A stage keeps each micro-batch in flight in its own plan instance, all bound to the stage's
// slabs. Activations (forward) and d(loss)/d(input) (backward) cross stages as stream copies
// from the sender's per-micro-batch output buffer into the receiver's buffer after the
// receiver's stream waits on the sender's event; a queue per boundary and direction hands
// the event over between the worker threads.
// Data-parallel replicas (set_gradient_reducer): a stage's gradient slab is final once its
// last backward is done, and the stages get there last to first (stage s's last backward
// needs stage s+1's). With overlap_reduce (the default) the thread calling step() -- the only
// one that calls MPI -- waits for stage S-1, S-2, ..., 0 in turn (one order on every rank, as
// MPI collectives need), sums that stage's slab over the replicas and hands it back; the
// stage's worker then scales by 1/(M R) and updates at once, while the stages before it are
// still in their backwards, so only stage 0's sum and update are exposed. Without overlap
// every stage first finishes its backwards, then the caller sums the slabs one after the
// other, then every stage updates. Without a reducer each stage updates as soon as its
// backwards are done. The weights and optimizer state are the same bit for bit either way.
// Checkpoints: store_optimizer()/load_optimizer() move the stages' optimizer state to and from
// one optimizer over the full graph's parameter slab, tensor by tensor by name, so a pipelined
// checkpoint has the single-device layout (and resumes with any stage count, or on one device).
#include <cstdint>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/trace.hpp"
#include "nn/graph.hpp"
#include "runtime/dtype.hpp"
#include "train/lr_schedule.hpp"
#include "train/optimizer.hpp"
#include "train/trainer.hpp"
#include "train/training_engine.hpp"

namespace condnet::pipeline {

enum class Schedule { gpipe, one_f_one_b };

// "gpipe" or "1f1b"; throws Error naming `what` otherwise.
Schedule parse_schedule(const std::string& text, const std::string& what);
std::string to_string(Schedule schedule);

struct PipelineOptions {
  Schedule schedule = Schedule::one_f_one_b;
  // One device per stage, as runtime::make_device() names them, e.g. {"cpu:0", "cpu:1"};
  // empty: "cpu" for every stage (not pinned, OpenMP's default team size).
  std::vector<std::string> devices;
  std::int64_t batch = 1;  // micro-batch size
  runtime::DType dtype = runtime::DType::f32;
  // Replicas: sum each stage's gradients while the stages before it still work (false: after
  // every stage's backwards, for comparison).
  bool overlap_reduce = true;
};

struct StageStats {
  std::string device;                // the stage's device, as info() names it ("cpu:0")
  double busy_seconds = 0;           // forward/backward work, copies and the objective
  double idle_seconds = 0;           // the rest of the wall time: waiting for neighbours
  double flops = 0;                  // training FLOPs done
  double flops_per_second = 0;       // flops / busy_seconds
  double peak_flops = 0;             // the stage device's peak in the plan dtype (its own cores)
  double peak_fraction = 0;          // achieved / peak
  std::size_t plan_arena_bytes = 0;  // one plan's activations (PlanStats.arena_bytes)
  std::size_t activation_bytes = 0;  // held now (between steps: 0)
  std::size_t peak_activation_bytes = 0;  // most held at once
  // All the stage holds: slabs, optimizer state, every plan's arena and scratch, the buffers
  // that carry activations and gradients between stages.
  std::size_t memory_bytes = 0;
  int plans = 0;  // plan instances compiled
};

struct PipelineStats {
  std::vector<StageStats> stages;
  int steps = 0;
  int micro_batches = 0;  // per step (the latest)
  // Forward/backward phases of all steps: each from its start to its last backward's end
  // (the later stages' overlapped sums and updates fall inside it, stage 0's after it).
  double wall_seconds = 0;
  double update_seconds = 0;  // scale + optimizer step, slowest stage, summed over steps
  // Gradient sums over the replicas, summed over steps: all of their time, and the part of it
  // after the step's last backward ended (not hidden behind other stages' backwards).
  double reduce_seconds = 0;
  double exposed_reduce_seconds = 0;
  // From the step's last backward's end until every stage has updated, summed over steps.
  double tail_seconds = 0;
  double bubble = 0;              // 1 - sum busy / (S wall)
  double theoretical_bubble = 0;  // (S - 1) / (M + S - 1)
};

// Per-stage utilisation, as RUN/metrics.jsonl and the pipeline benchmark print it:
// {"stages": [{"device", "busy_seconds", "idle_seconds", "flops_per_second", "peak_fraction",
// "peak_activation_bytes", "memory_bytes"}], "bubble", "theoretical_bubble", "reduce_seconds",
// "exposed_reduce_seconds", "tail_seconds"}.
nlohmann::json to_json(const PipelineStats& stats);
// One stage's entry of it; the pipeline benchmark adds its own fields to the same spelling.
nlohmann::json to_json(const StageStats& stage);

class ReduceRendezvous;
class HandoffQueue;

class PipelineTrainer final : public train::TrainingEngine {
 public:
  // `stages`: stage model JSONs of `graph` (split_at / split_balanced); `graph` must outlive
  // the trainer. Each worker makes its device, binds itself to it, then makes its slabs and
  // optimizer; the
  // plans are compiled by the first step() with more micro-batches than before. Parameters
  // start as zeros: load_parameters() them. `optimizer`: make_optimizer()'s JSON, per stage.
  PipelineTrainer(const nn::Graph& graph, const std::vector<nlohmann::json>& stages,
                  const PipelineOptions& options, train::Objective objective,
                  const nlohmann::json& optimizer, train::LrSchedule schedule);
  ~PipelineTrainer() override;

  // xs_host: M micro-batches, each (B, C, D, H, W) fp32 on the host; targets: (M B, T).
  // Returns the mean loss over the micro-batches.
  double step(std::span<const float* const> xs_host, std::span<const float> targets);

  // Full-graph slabs (graph.param_floats(), graph.buffer_floats()) to / from the stages,
  // tensor by tensor, by name.
  void load_parameters(std::span<const float> params, std::span<const float> buffers);
  void store_parameters(std::span<float> params, std::span<float> buffers) const;

  // The stages' optimizer state (each state slab, tensor by name) and update count into / from
  // `full`, an optimizer of the same type over graph.param_floats() (make_optimizer with the
  // stages' JSON); throws Error when its type differs.
  void store_optimizer(train::Optimizer& full) const;
  void load_optimizer(train::Optimizer& full);

  // train::TrainingEngine: K step()s; the full-model optimizer (store_optimizer() /
  // load_optimizer()) with the parameters (store_parameters() / load_parameters()).
  void run_steps(std::span<const float* const> xs, std::span<const float> targets,
                 std::span<double> losses) override;
  train::Optimizer& optimizer() override { return *full_optimizer_; }
  void scatter(std::span<const float> params, std::span<const float> buffers) override;
  void gather(std::span<float> params, std::span<float> buffers) override;
  int trace_rows() const override { return stage_count(); }
  double peak_flops() override;
  // activation_bytes and memory_bytes summed over the stages; details {"pipeline":
  // to_json(pipeline_stats())}.
  train::EngineStats stats() override;

  // Data-parallel replicas: `reduce` sums a stage's gradient slab over `replicas` processes;
  // step() calls it once per stage, stage S-1 first, on its own thread, after that stage's
  // backwards (after all stages' without overlap_reduce), then the stage scales by
  // 1/(M replicas) and updates.
  void set_gradient_reducer(std::function<void(std::span<float>)> reduce, int replicas);

  // Row s of `trace` is stage s: one event per micro-batch forward and backward, the
  // all-reduce (replicas only) and the update (null: off).
  void set_trace(TraceRecorder* trace) override;

  // Since construction or reset_stats(); peak FLOP/s and fractions once measured.
  PipelineStats pipeline_stats() const;
  // Each stage's device peak FLOP/s in the plan dtype, measured on the stage's own cores,
  // one stage after the other (about a second each; once).
  void measure_peak_flops();
  void reset_stats() override;

  int stage_count() const;
  const nn::Graph& stage_graph(int stage) const;

 private:
  struct Stage;
  struct Link;
  // `job` on every stage's worker (it must live until join_all()); a failing job aborts the
  // step (abort_step()).
  std::vector<std::future<void>> post_all(const std::function<void(Stage&)>& job);
  // Waits for every job; rethrows `first`, else the first failure (links emptied for the next
  // step).
  void join_all(std::vector<std::future<void>>& done, std::exception_ptr first = nullptr);
  void run_on_all(const std::function<void(Stage&)>& job);
  static std::size_t memory_bytes(const Stage& stage);
  // Wakes every worker waiting for a neighbour or for its gradient sum with PipelineAborted.
  void abort_step();
  // On the caller: sums the stages' slabs, stage S-1 first; `wait`: for each stage to be ready
  // (then releases it), else all are.
  void reduce_stages(bool wait);
  // On stage's worker: 1/micro_batches scale and the optimizer step.
  void update(Stage& stage, int micro_batches);

  // One step's inputs as the stages read them: M micro-batches (B, ...) on the host, targets
  // (M B, T).
  struct StepInputs {
    std::span<const float* const> xs_host;
    std::span<const float> targets;
    std::size_t targets_per_batch = 0;
    int micro_batches = 0;
  };
  // On the stage's worker: plan instances and hand-over buffers for m micro-batches.
  void prepare(Stage& stage, int m);
  // On the stage's worker: its forwards and backwards of one step in the schedule's order,
  // timed (busy, idle) and counted (FLOPs, activations held).
  void run_schedule(Stage& stage, const StepInputs& in);
  // Micro-batch i through the stage's plan in `slot`: its input from the host (stage 0) or the
  // stage before; its output to the stage after, or the objective (the last stage).
  void forward(Stage& stage, const StepInputs& in, int i, int slot);
  // Micro-batch i's backward: d(loss)/d(output) from the stage after (or the objective's,
  // already in place), d(loss)/d(input) to the stage before.
  void backward(Stage& stage, int i, int slot);
  // Waits for the neighbour's hand-over of micro-batch i (idle time), then copies it to `dst`.
  void receive(Stage& stage, HandoffQueue& queue, int i, runtime::Buffer& dst, std::size_t bytes);
  void record(const Stage& stage, const char* name, int i,
              TraceRecorder::Clock::time_point from) const;
  // After a step: the wall, update, tail and reduce times, the stages' idle time.
  void account_step(TraceRecorder::Clock::time_point start, int m);

  const nn::Graph& graph_;
  PipelineOptions options_;
  train::Objective objective_;
  train::LrSchedule schedule_;
  std::unique_ptr<train::Optimizer> full_optimizer_;  // over graph.param_floats()
  std::vector<std::unique_ptr<Link>> links_;          // between stage s and s+1
  std::vector<std::unique_ptr<Stage>> stages_;
  std::unique_ptr<ReduceRendezvous> rendezvous_;
  std::function<void(std::span<float>)> reduce_;
  int replicas_ = 1;
  // The latest step's gradient sums (start, end).
  std::vector<std::pair<TraceRecorder::Clock::time_point, TraceRecorder::Clock::time_point>>
      reduce_spans_;
  TraceRecorder* trace_ = nullptr;
  int steps_ = 0;
  int micro_batches_ = 0;
  double wall_seconds_ = 0;
  double update_seconds_ = 0;
  double reduce_seconds_ = 0;
  double exposed_reduce_seconds_ = 0;
  double tail_seconds_ = 0;
};

}  // namespace condnet::pipeline
