#include "pipeline/pipeline_trainer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <map>

#include "core/stopwatch.hpp"
#include "pipeline/handoff_queue.hpp"
#include "pipeline/reduce_rendezvous.hpp"
#include "pipeline/stage_worker.hpp"
#include "runtime/device.hpp"
#include "runtime/slabs.hpp"
#include "train/averaged_update.hpp"
#include "train/step_by_step.hpp"

namespace condnet::pipeline {

namespace {

using Clock = SteadyClock;

struct Op {
  bool forward = true;
  int micro_batch = 0;
};

// Stage `s` of `stages`'s order of work over `m` micro-batches.
std::vector<Op> schedule_of(Schedule schedule, int s, int stages, int m) {
  std::vector<Op> ops;
  if (schedule == Schedule::gpipe) {
    for (int i = 0; i < m; ++i) ops.push_back({true, i});
    for (int i = 0; i < m; ++i) ops.push_back({false, i});
    return ops;
  }
  const int warm_up = std::min(stages - s - 1, m);
  for (int i = 0; i < warm_up; ++i) ops.push_back({true, i});
  for (int i = 0; i + warm_up < m; ++i) {
    ops.push_back({true, i + warm_up});
    ops.push_back({false, i});
  }
  for (int i = std::max(m - warm_up, 0); i < m; ++i) ops.push_back({false, i});
  return ops;
}

// Plan instances stage `s` needs: one per micro-batch it holds at once.
int slots_of(Schedule schedule, int s, int stages, int m) {
  return schedule == Schedule::gpipe ? m : std::min(m, stages - s);
}

std::size_t floats_of(std::int64_t batch, const nn::Dims& sample) {
  return static_cast<std::size_t>(batch * nn::element_count(sample));
}

// Where each tensor of `slices` starts, by name.
std::map<std::string, std::int64_t> offsets_by_name(const std::vector<nn::TensorSlice>& slices) {
  std::map<std::string, std::int64_t> at;
  for (const auto& slice : slices) at[slice.name] = slice.offset;
  return at;
}

// `full`'s state slab named `name`; fails when it has none (another optimizer type).
std::span<float> state_slab(train::Optimizer& full, const std::string& name) {
  for (const auto& [slab_name, slab] : full.state())
    if (slab_name == name) return slab;
  fail("pipeline: the full-model {} optimizer has no state '{}' (the stages' optimizer is another)",
       full.type(), name);
}

}  // namespace

Schedule parse_schedule(const std::string& text, const std::string& what) {
  if (text == "gpipe") return Schedule::gpipe;
  if (text == "1f1b") return Schedule::one_f_one_b;
  fail("{}: unknown pipeline schedule '{}' (allowed: gpipe, 1f1b)", what, text);
}

std::string to_string(Schedule schedule) { return schedule == Schedule::gpipe ? "gpipe" : "1f1b"; }

// Links stage s and s+1: activations forward, d(loss)/d(activations) backward.
struct PipelineTrainer::Link {
  HandoffQueue activations;
  HandoffQueue gradients;
};

struct PipelineTrainer::Stage {
  int index = 0;
  nn::Graph graph;
  std::string device_name;
  std::unique_ptr<runtime::Device> device;
  runtime::Slabs slabs;
  std::unique_ptr<runtime::Stream> stream;
  std::unique_ptr<train::Optimizer> optimizer;
  std::vector<std::unique_ptr<runtime::Plan>> plans;  // per slot
  // Per slot: the plan's input (B, input...) and output gradient (B, output...).
  std::vector<std::unique_ptr<runtime::Buffer>> x, dy;
  // Per micro-batch, read by the neighbours during a step: output (B, output...) and input
  // gradient (B, input...).
  std::vector<std::unique_ptr<runtime::Buffer>> y, dx;
  std::vector<float> prediction, d_prediction;  // last stage: (B, outputs)
  Link* before = nullptr;
  Link* after = nullptr;
  StageStats stats;
  double loss = 0;
  Clock::time_point finished;  // the latest step's forward/backward phase
  Clock::time_point updated;   // the latest step's update
  double step_busy = 0;
  double step_update = 0;
  double step_idle = 0;  // the latest step's waits for neighbours
  std::size_t held = 0;  // activation bytes held now, within a step
  std::size_t input_bytes(std::int64_t batch) const {
    return floats_of(batch, graph.input_shape()) * sizeof(float);
  }
  std::size_t output_bytes(std::int64_t batch) const {
    return floats_of(batch, graph.output_shape()) * sizeof(float);
  }
  // Last member: its thread stops before the rest is destroyed.
  std::unique_ptr<StageWorker> worker;
};

PipelineTrainer::PipelineTrainer(const nn::Graph& graph, const std::vector<nlohmann::json>& stages,
                                 const PipelineOptions& options, train::Objective objective,
                                 const nlohmann::json& optimizer, train::LrSchedule schedule)
    : graph_(graph),
      options_(options),
      objective_(std::move(objective)),
      schedule_(schedule),
      full_optimizer_(train::make_optimizer(
          optimizer, static_cast<std::size_t>(graph.param_floats()), "optimizer")),
      rendezvous_(std::make_unique<ReduceRendezvous>()) {
  const int count = static_cast<int>(stages.size());
  if (count < 1) fail("pipeline: no stages given");
  if (!options.devices.empty() && static_cast<int>(options.devices.size()) != count)
    fail("pipeline: {} devices for {} stages; name one device per stage", options.devices.size(),
         count);
  if (options.batch < 1) fail("pipeline: micro-batch size {} must be at least 1", options.batch);
  std::map<std::string, nn::Dims> full_shapes;
  for (const auto& slices : {graph.param_slices(), graph.buffer_slices()})
    for (const auto& slice : slices) full_shapes[slice.name] = slice.shape;
  for (int s = 0; s + 1 < count; ++s) links_.push_back(std::make_unique<Link>());
  for (int s = 0; s < count; ++s) {
    auto stage = std::make_unique<Stage>();
    stage->index = s;
    stage->graph = nn::Graph::parse(stages[s], fmt::format("pipeline stage {}", s));
    for (const auto& slices : {stage->graph.param_slices(), stage->graph.buffer_slices()})
      for (const auto& slice : slices) {
        const auto found = full_shapes.find(slice.name);
        if (found == full_shapes.end() || found->second != slice.shape)
          fail("pipeline stage {}: tensor '{}' {} is not in the full model with that shape", s,
               slice.name, nn::format_dims(slice.shape));
      }
    if (s > 0 && stage->graph.input_shape() != stages_.back()->graph.output_shape())
      fail("pipeline stage {}: input {} is not stage {}'s output {}", s,
           nn::format_dims(stage->graph.input_shape()), s - 1,
           nn::format_dims(stages_.back()->graph.output_shape()));
    stage->device_name = options.devices.empty() ? "cpu" : options.devices[s];
    stage->before = s > 0 ? links_[s - 1].get() : nullptr;
    stage->after = s + 1 < count ? links_[s].get() : nullptr;
    stage->worker = std::make_unique<StageWorker>();
    stages_.push_back(std::move(stage));
  }
  if (stages_.back()->graph.output_shape() != graph.output_shape())
    fail("pipeline: the last stage gives {} but the model gives {}",
         nn::format_dims(stages_.back()->graph.output_shape()),
         nn::format_dims(graph.output_shape()));
  run_on_all([&](Stage& stage) {
    stage.device = runtime::make_device_for_this_thread(
        stage.device_name, fmt::format("pipeline stage {}", stage.index));
    stage.slabs = runtime::allocate_slabs(*stage.device, stage.graph);
    stage.stream = stage.device->create_stream();
    for (auto* slab :
         {stage.slabs.params.get(), stage.slabs.grads.get(), stage.slabs.buffers.get()})
      stage.stream->fill_zero(*slab, 0, slab->size());
    stage.stats.device = stage.device->info().name;
    stage.optimizer = train::make_optimizer(
        optimizer, static_cast<std::size_t>(stage.graph.param_floats()), "optimizer");
    const auto outputs = floats_of(options_.batch, stage.graph.output_shape());
    stage.prediction.resize(outputs);
    stage.d_prediction.resize(outputs);
  });
}

PipelineTrainer::~PipelineTrainer() = default;

int PipelineTrainer::stage_count() const { return static_cast<int>(stages_.size()); }

const nn::Graph& PipelineTrainer::stage_graph(int stage) const { return stages_[stage]->graph; }

void PipelineTrainer::abort_step() {
  for (auto& link : links_) {
    link->activations.close();
    link->gradients.close();
  }
  rendezvous_->close();
}

std::vector<std::future<void>> PipelineTrainer::post_all(const std::function<void(Stage&)>& job) {
  std::vector<std::future<void>> done;
  for (auto& stage : stages_)
    done.push_back(stage->worker->post([this, &job, &stage] {
      try {
        job(*stage);
      } catch (...) {
        abort_step();
        throw;
      }
    }));
  return done;
}

void PipelineTrainer::join_all(std::vector<std::future<void>>& done, std::exception_ptr first) {
  std::exception_ptr aborted;
  for (auto& future : done) try {
      future.get();
    } catch (const PipelineAborted&) {
      if (!aborted) aborted = std::current_exception();
    } catch (...) {
      if (!first) first = std::current_exception();
    }
  if (!first && !aborted) return;
  for (auto& link : links_) {
    link->activations.reset();
    link->gradients.reset();
  }
  std::rethrow_exception(first ? first : aborted);
}

void PipelineTrainer::run_on_all(const std::function<void(Stage&)>& job) {
  auto done = post_all(job);
  join_all(done);
}

void PipelineTrainer::prepare(Stage& stage, int m) {
  const int slots = slots_of(options_.schedule, stage.index, stage_count(), m);
  runtime::PlanOptions plan_options;
  plan_options.batch = options_.batch;
  plan_options.dtype = options_.dtype;
  plan_options.input_grad = stage.index > 0;
  auto& device = *stage.device;
  const auto in_bytes = stage.input_bytes(options_.batch);
  const auto out_bytes = stage.output_bytes(options_.batch);
  while (static_cast<int>(stage.plans.size()) < slots) {
    stage.plans.push_back(device.compile(stage.graph, plan_options));
    stage.plans.back()->bind(stage.slabs);
    stage.x.push_back(device.allocate(in_bytes));
    stage.dy.push_back(device.allocate(out_bytes));
  }
  while (static_cast<int>(stage.y.size()) < m) {
    stage.y.push_back(device.allocate(out_bytes));
    stage.dx.push_back(device.allocate(in_bytes));
  }
  stage.stats.plans = static_cast<int>(stage.plans.size());
  stage.stats.plan_arena_bytes = stage.plans[0]->stats().arena_bytes;
}

void PipelineTrainer::receive(Stage& stage, HandoffQueue& queue, int i, runtime::Buffer& dst,
                              std::size_t bytes) {
  const auto wait_start = Clock::now();
  Handoff handoff = queue.receive();
  CONDNET_ASSERT(handoff.micro_batch == i);
  stage.stream->wait(*handoff.written);
  stage.step_idle += seconds_between(wait_start, Clock::now());
  stage.stream->copy(dst, 0, *handoff.data, 0, bytes);
}

void PipelineTrainer::record(const Stage& stage, const char* name, int i,
                             Clock::time_point from) const {
  if (trace_)
    trace_->add(stage.index, name, "pipeline", from, Clock::now(),
                nlohmann::json{{"micro_batch", i}});
}

void PipelineTrainer::forward(Stage& stage, const StepInputs& in, int i, int slot) {
  auto& stream = *stage.stream;
  const auto in_bytes = stage.input_bytes(options_.batch);
  const auto out_bytes = stage.output_bytes(options_.batch);
  if (stage.index == 0)
    stream.copy_from_host(*stage.x[slot], 0, in.xs_host[i], in_bytes);
  else
    receive(stage, stage.before->activations, i, *stage.x[slot], in_bytes);
  const auto work = Clock::now();
  stage.plans[slot]->forward(stream, *stage.x[slot], *stage.y[i]);
  if (stage.after) {
    stage.after->activations.send({i, stream.record(), stage.y[i].get()});
  } else {  // the last stage: the objective's loss and gradient
    stream.copy_to_host(stage.prediction.data(), *stage.y[i], 0, out_bytes);
    stream.synchronize();
    stage.loss += objective_(stage.prediction,
                             in.targets.subspan(i * in.targets_per_batch, in.targets_per_batch),
                             stage.d_prediction);
    stream.copy_from_host(*stage.dy[slot], 0, stage.d_prediction.data(), out_bytes);
  }
  stage.held += stage.stats.plan_arena_bytes;
  stage.stats.peak_activation_bytes = std::max(stage.stats.peak_activation_bytes, stage.held);
  stage.stats.activation_bytes = stage.held;
  record(stage, "forward", i, work);
}

void PipelineTrainer::backward(Stage& stage, int i, int slot) {
  auto& stream = *stage.stream;
  if (stage.after)
    receive(stage, stage.after->gradients, i, *stage.dy[slot], stage.output_bytes(options_.batch));
  const auto work = Clock::now();
  stage.plans[slot]->backward(stream, *stage.dy[slot], stage.before ? stage.dx[i].get() : nullptr);
  if (stage.before) stage.before->gradients.send({i, stream.record(), stage.dx[i].get()});
  stage.held -= stage.stats.plan_arena_bytes;
  stage.stats.activation_bytes = stage.held;
  record(stage, "backward", i, work);
}

void PipelineTrainer::run_schedule(Stage& stage, const StepInputs& in) {
  const int m = in.micro_batches;
  const int slots = slots_of(options_.schedule, stage.index, stage_count(), m);
  stage.stream->fill_zero(*stage.slabs.grads, 0, stage.slabs.grads->size());
  stage.loss = 0;
  stage.held = 0;
  stage.step_idle = 0;
  const auto begin = Clock::now();
  for (const Op& op : schedule_of(options_.schedule, stage.index, stage_count(), m)) {
    if (op.forward)
      forward(stage, in, op.micro_batch, op.micro_batch % slots);
    else
      backward(stage, op.micro_batch, op.micro_batch % slots);
  }
  stage.stream->synchronize();
  stage.finished = Clock::now();
  stage.step_busy = seconds_between(begin, stage.finished) - stage.step_idle;
  stage.stats.busy_seconds += stage.step_busy;
  stage.stats.flops += stage.graph.training_flops(stage.index > 0) *
                       static_cast<double>(options_.batch) * static_cast<double>(m);
}

double PipelineTrainer::step(std::span<const float* const> xs_host,
                             std::span<const float> targets) {
  const int m = static_cast<int>(xs_host.size());
  CONDNET_ASSERT(m > 0 && targets.size() % xs_host.size() == 0);
  const StepInputs in{xs_host, targets, targets.size() / xs_host.size(), m};
  // Plans and hand-over buffers for M micro-batches (kept for later steps).
  run_on_all([&](Stage& stage) { prepare(stage, m); });

  // Overlapped: each worker, its backwards done, has its slab summed (the caller takes the
  // stages last to first, the order their last backwards end in and the same on every rank,
  // as MPI collectives need) and updates while the stages before it still work.
  const bool overlap = !reduce_ || options_.overlap_reduce;
  const int micro_batches = m * replicas_;
  rendezvous_->reset(stage_count());
  reduce_spans_.clear();
  const auto start = Clock::now();
  // Named: the workers run it after post_all() returns.
  const std::function<void(Stage&)> work = [&](Stage& stage) {
    run_schedule(stage, in);
    if (!overlap) return;
    if (reduce_) rendezvous_->reduce(stage.index);
    update(stage, micro_batches);
  };
  auto done = post_all(work);
  std::exception_ptr reduce_failure;
  if (overlap && reduce_) try {
      reduce_stages(true);
    } catch (...) {
      reduce_failure = std::current_exception();
      abort_step();
    }
  join_all(done, reduce_failure);
  if (!overlap) {
    // Blocking: every stage's stream has finished (synchronised above).
    reduce_stages(false);
    run_on_all([&](Stage& stage) { update(stage, micro_batches); });
  }
  account_step(start, m);
  return stages_.back()->loss / static_cast<double>(m);
}

void PipelineTrainer::account_step(Clock::time_point start, int m) {
  Clock::time_point end = start, updated = start;
  double slowest_update = 0;
  for (const auto& stage : stages_) {
    end = std::max(end, stage->finished);
    updated = std::max(updated, stage->updated);
    slowest_update = std::max(slowest_update, stage->step_update);
  }
  const double wall = seconds_between(start, end);
  wall_seconds_ += wall;
  for (auto& stage : stages_) stage->stats.idle_seconds += wall - stage->step_busy;
  update_seconds_ += slowest_update;
  tail_seconds_ += seconds_between(end, updated);
  for (const auto& [from, to] : reduce_spans_) {
    reduce_seconds_ += seconds_between(from, to);
    exposed_reduce_seconds_ += seconds_between(std::max(from, end), std::max(to, end));
  }
  ++steps_;
  micro_batches_ = m;
}

void PipelineTrainer::reduce_stages(bool wait) {
  for (int s = stage_count() - 1; s >= 0; --s) {
    if (wait && !rendezvous_->wait_ready(s)) return;
    auto& stage = *stages_[s];
    const auto begin = Clock::now();
    reduce_(
        stage.slabs.grads->floats().first(static_cast<std::size_t>(stage.graph.param_floats())));
    const auto end = Clock::now();
    reduce_spans_.emplace_back(begin, end);
    if (trace_) trace_->add(s, "all-reduce", "pipeline", begin, end);
    if (wait) rendezvous_->release(s);
  }
}

void PipelineTrainer::update(Stage& stage, int micro_batches) {
  const auto begin = Clock::now();
  stage.stream->synchronize();
  const auto floats = static_cast<std::size_t>(stage.graph.param_floats());
  train::averaged_update(*stage.optimizer, schedule_, stage.slabs.params->floats().first(floats),
                         stage.slabs.grads->floats().first(floats),
                         static_cast<std::size_t>(micro_batches));
  stage.updated = Clock::now();
  stage.step_update = seconds_between(begin, stage.updated);
  if (trace_) trace_->add(stage.index, "update", "pipeline", begin, stage.updated);
}

void PipelineTrainer::load_parameters(std::span<const float> params,
                                      std::span<const float> buffers) {
  CONDNET_ASSERT(params.size() >= static_cast<std::size_t>(graph_.param_floats()) &&
                 buffers.size() >= static_cast<std::size_t>(graph_.buffer_floats()));
  std::map<std::string, std::int64_t> param_at, buffer_at;
  for (const auto& slice : graph_.param_slices()) param_at[slice.name] = slice.offset;
  for (const auto& slice : graph_.buffer_slices()) buffer_at[slice.name] = slice.offset;
  for (auto& stage : stages_) {
    auto stage_params = stage->slabs.params->floats();
    auto stage_buffers = stage->slabs.buffers->floats();
    for (const auto& slice : stage->graph.param_slices())
      std::copy_n(params.begin() + param_at.at(slice.name), slice.size,
                  stage_params.begin() + slice.offset);
    for (const auto& slice : stage->graph.buffer_slices())
      std::copy_n(buffers.begin() + buffer_at.at(slice.name), slice.size,
                  stage_buffers.begin() + slice.offset);
  }
}

void PipelineTrainer::store_parameters(std::span<float> params, std::span<float> buffers) const {
  CONDNET_ASSERT(params.size() >= static_cast<std::size_t>(graph_.param_floats()) &&
                 buffers.size() >= static_cast<std::size_t>(graph_.buffer_floats()));
  std::map<std::string, std::int64_t> param_at, buffer_at;
  for (const auto& slice : graph_.param_slices()) param_at[slice.name] = slice.offset;
  for (const auto& slice : graph_.buffer_slices()) buffer_at[slice.name] = slice.offset;
  for (const auto& stage : stages_) {
    const auto stage_params = std::as_const(*stage->slabs.params).floats();
    const auto stage_buffers = std::as_const(*stage->slabs.buffers).floats();
    for (const auto& slice : stage->graph.param_slices())
      std::copy_n(stage_params.begin() + slice.offset, slice.size,
                  params.begin() + param_at.at(slice.name));
    for (const auto& slice : stage->graph.buffer_slices())
      std::copy_n(stage_buffers.begin() + slice.offset, slice.size,
                  buffers.begin() + buffer_at.at(slice.name));
  }
}

void PipelineTrainer::store_optimizer(train::Optimizer& full) const {
  CONDNET_ASSERT(full.state().empty() || full.state().front().second.size() ==
                                             static_cast<std::size_t>(graph_.param_floats()));
  const auto param_at = offsets_by_name(graph_.param_slices());
  for (const auto& stage : stages_) {
    if (stage->optimizer->type() != full.type())
      fail("pipeline: the stages' optimizer is {} but the full-model one {}; give the same type",
           stage->optimizer->type(), full.type());
    CONDNET_ASSERT(stage->optimizer->steps() == stages_.front()->optimizer->steps());
    for (const auto& [name, stage_slab] : stage->optimizer->state()) {
      auto full_slab = state_slab(full, name);
      for (const auto& slice : stage->graph.param_slices())
        std::copy_n(stage_slab.begin() + slice.offset, slice.size,
                    full_slab.begin() + param_at.at(slice.name));
    }
  }
  full.set_steps(stages_.front()->optimizer->steps());
}

void PipelineTrainer::load_optimizer(train::Optimizer& full) {
  CONDNET_ASSERT(full.state().empty() || full.state().front().second.size() ==
                                             static_cast<std::size_t>(graph_.param_floats()));
  const auto param_at = offsets_by_name(graph_.param_slices());
  for (auto& stage : stages_) {
    if (stage->optimizer->type() != full.type())
      fail("pipeline: the stages' optimizer is {} but the full-model one {}; give the same type",
           stage->optimizer->type(), full.type());
    for (const auto& [name, stage_slab] : stage->optimizer->state()) {
      const auto full_slab = state_slab(full, name);
      for (const auto& slice : stage->graph.param_slices())
        std::copy_n(full_slab.begin() + param_at.at(slice.name), slice.size,
                    stage_slab.begin() + slice.offset);
    }
    stage->optimizer->set_steps(full.steps());
  }
}

void PipelineTrainer::set_gradient_reducer(std::function<void(std::span<float>)> reduce,
                                           int replicas) {
  CONDNET_ASSERT(replicas >= 1);
  reduce_ = std::move(reduce);
  replicas_ = replicas;
}

void PipelineTrainer::set_trace(TraceRecorder* trace) {
  trace_ = trace;
  if (trace_)
    for (const auto& stage : stages_)
      trace_->name_row(stage->index,
                       fmt::format("stage {} on {}", stage->index, stage->device->info().name));
}

void PipelineTrainer::measure_peak_flops() {
  for (auto& stage : stages_)
    if (stage->stats.peak_flops == 0)
      stage->worker
          ->post([&stage, this] {
            stage->stats.peak_flops = stage->device->peak_flops(options_.dtype);
          })
          .get();
}

std::size_t PipelineTrainer::memory_bytes(const Stage& stage) {
  const auto& slabs = stage.slabs;
  std::size_t bytes = slabs.params->size() + slabs.grads->size() + slabs.buffers->size();
  for (const auto& [name, state] : stage.optimizer->state()) bytes += state.size_bytes();
  for (const auto& plan : stage.plans) {
    const auto plan_stats = plan->stats();
    bytes += plan_stats.arena_bytes + plan_stats.scratchpad_bytes;
  }
  for (const auto* buffers : {&stage.x, &stage.dy, &stage.y, &stage.dx})
    for (const auto& buffer : *buffers)
      if (buffer) bytes += buffer->size();
  return bytes;
}

PipelineStats PipelineTrainer::pipeline_stats() const {
  PipelineStats result;
  const int count = stage_count();
  for (const auto& stage : stages_) {
    StageStats stats = stage->stats;
    stats.flops_per_second = stats.busy_seconds > 0 ? stats.flops / stats.busy_seconds : 0;
    stats.peak_fraction = stats.peak_flops > 0 ? stats.flops_per_second / stats.peak_flops : 0;
    stats.memory_bytes = memory_bytes(*stage);
    result.stages.push_back(stats);
  }
  result.steps = steps_;
  result.micro_batches = micro_batches_;
  result.wall_seconds = wall_seconds_;
  result.update_seconds = update_seconds_;
  result.reduce_seconds = reduce_seconds_;
  result.exposed_reduce_seconds = exposed_reduce_seconds_;
  result.tail_seconds = tail_seconds_;
  double busy = 0;
  for (const auto& stats : result.stages) busy += stats.busy_seconds;
  if (wall_seconds_ > 0) result.bubble = 1 - busy / (count * wall_seconds_);
  if (micro_batches_ > 0)
    result.theoretical_bubble =
        static_cast<double>(count - 1) / static_cast<double>(micro_batches_ + count - 1);
  return result;
}

void PipelineTrainer::run_steps(std::span<const float* const> xs, std::span<const float> targets,
                                std::span<double> losses) {
  train::step_by_step(xs, targets, losses, [this](auto step_xs, auto step_targets) {
    return step(step_xs, step_targets);
  });
}

void PipelineTrainer::scatter(std::span<const float> params, std::span<const float> buffers) {
  load_parameters(params, buffers);
  load_optimizer(*full_optimizer_);
}

void PipelineTrainer::gather(std::span<float> params, std::span<float> buffers) {
  store_parameters(params, buffers);
  store_optimizer(*full_optimizer_);
}

double PipelineTrainer::peak_flops() {
  measure_peak_flops();
  double peak = 0;
  for (const auto& stage : stages_) peak += stage->stats.peak_flops;
  return peak;
}

train::EngineStats PipelineTrainer::stats() {
  const auto stats = pipeline_stats();
  train::EngineStats engine;
  for (const auto& stage : stats.stages) {
    engine.activation_bytes += stage.peak_activation_bytes;
    engine.memory_bytes += stage.memory_bytes;
  }
  engine.details["pipeline"] = to_json(stats);
  return engine;
}

nlohmann::json to_json(const StageStats& stage) {
  return {{"device", stage.device},
          {"busy_seconds", stage.busy_seconds},
          {"idle_seconds", stage.idle_seconds},
          {"flops_per_second", stage.flops_per_second},
          {"peak_fraction", stage.peak_fraction},
          {"peak_activation_bytes", stage.peak_activation_bytes},
          {"memory_bytes", stage.memory_bytes}};
}

nlohmann::json to_json(const PipelineStats& stats) {
  nlohmann::json stages = nlohmann::json::array();
  for (const auto& stage : stats.stages) stages.push_back(to_json(stage));
  return {{"stages", stages},
          {"bubble", stats.bubble},
          {"theoretical_bubble", stats.theoretical_bubble},
          {"reduce_seconds", stats.reduce_seconds},
          {"exposed_reduce_seconds", stats.exposed_reduce_seconds},
          {"tail_seconds", stats.tail_seconds}};
}

void PipelineTrainer::reset_stats() {
  for (auto& stage : stages_) {
    const double peak = stage->stats.peak_flops;
    const auto device = stage->stats.device;
    const int plans = stage->stats.plans;
    const std::size_t arena = stage->stats.plan_arena_bytes;
    stage->stats = StageStats{};
    stage->stats.peak_flops = peak;
    stage->stats.device = device;
    stage->stats.plans = plans;
    stage->stats.plan_arena_bytes = arena;
  }
  steps_ = 0;
  wall_seconds_ = 0;
  update_seconds_ = 0;
  reduce_seconds_ = 0;
  exposed_reduce_seconds_ = 0;
  tail_seconds_ = 0;
}

}  // namespace condnet::pipeline
