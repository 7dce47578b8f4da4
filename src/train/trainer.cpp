#include "train/trainer.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iterator>

#include "core/stopwatch.hpp"
#include "train/averaged_update.hpp"
#include "train/step_by_step.hpp"

namespace condnet::train {

Trainer::Trainer(runtime::Device& device, const nn::Graph& graph, runtime::Slabs& slabs,
                 const runtime::PlanOptions& options, Loss loss,
                 std::unique_ptr<Optimizer> optimizer, LrSchedule schedule)
    : Trainer(
          device, graph, slabs, options,
          [loss](std::span<const float> prediction, std::span<const float> target,
                 std::span<float> grad) { return loss.evaluate(prediction, target, grad); },
          std::move(optimizer), schedule) {}

Trainer::Trainer(runtime::Device& device, const nn::Graph& graph, runtime::Slabs& slabs,
                 const runtime::PlanOptions& options, Objective objective,
                 std::unique_ptr<Optimizer> optimizer, LrSchedule schedule)
    : graph_(graph),
      slabs_(slabs),
      objective_(std::move(objective)),
      optimizer_(std::move(optimizer)),
      schedule_(schedule),
      stream_(device.create_stream()) {
  CONDNET_ASSERT(options.mode == runtime::Mode::training);
  plan_ = device.compile(graph, options);
  plan_->bind(slabs);
  const auto outputs =
      static_cast<std::size_t>(options.batch * nn::element_count(graph.output_shape()));
  y_ = device.allocate(outputs * sizeof(float));
  dy_ = device.allocate(outputs * sizeof(float));
  prediction_.resize(outputs);
  d_prediction_.resize(outputs);
}

std::size_t Trainer::memory_bytes() {
  std::size_t bytes = slabs_.params->size() + slabs_.grads->size() + slabs_.buffers->size() +
                      y_->size() + dy_->size();
  for (const auto& [name, state] : optimizer_->state()) bytes += state.size_bytes();
  const auto plan = plan_->stats();
  return bytes + plan.arena_bytes + plan.scratchpad_bytes;
}

void Trainer::set_gradient_reducer(std::unique_ptr<GradientReducer> reducer, int replicas,
                                   bool overlap, std::size_t bucket_bytes) {
  CONDNET_ASSERT(replicas >= 1 && reducer && bucket_bytes > 0);
  CONDNET_ASSERT(slabs_.grads->host_accessible());
  reducer_ = std::move(reducer);
  replicas_ = replicas;
  overlap_ = overlap;
  buckets_.clear();
  // Cut at parameter starts, walking from the slab's end, once a bucket holds bucket_bytes;
  // the first bucket also takes whatever precedes the first parameter.
  const auto bucket_floats = std::max<std::size_t>(bucket_bytes / sizeof(float), 1);
  auto end = static_cast<std::size_t>(graph_.param_floats());
  const auto slices = graph_.param_slices();
  for (auto slice = slices.rbegin(); slice != slices.rend(); ++slice) {
    const auto first = static_cast<std::size_t>(slice->offset);
    if (end - first >= bucket_floats || std::next(slice) == slices.rend()) {
      const auto start = std::next(slice) == slices.rend() ? 0 : first;
      buckets_.push_back({start, end, 0, {}});
      end = start;
    }
  }
  if (end > 0) buckets_.push_back({0, end, 0, {}});
  reduce_stats_.buckets = overlap_ ? static_cast<int>(buckets_.size()) : 1;
  if (overlap_)
    plan_->set_gradient_ready(
        [this](std::size_t first, std::size_t end) { on_gradient_ready(first, end); });
  else
    plan_->set_gradient_ready(nullptr);
}

void Trainer::on_gradient_ready(std::size_t first, std::size_t end) {
  if (!collecting_) return;
  for (std::size_t b = 0; b < buckets_.size(); ++b) {
    auto& bucket = buckets_[b];
    const auto from = std::max(first, bucket.first);
    const auto to = std::min(end, bucket.end);
    if (from >= to) continue;
    bucket.ready += to - from;
    CONDNET_ASSERT(bucket.ready <= bucket.end - bucket.first && "a gradient reported twice");
    if (bucket.ready == bucket.end - bucket.first) start_bucket(b);
  }
  finished(reducer_->poll());
}

void Trainer::start_bucket(std::size_t b) {
  auto& bucket = buckets_[b];
  bucket.started = TraceRecorder::Clock::now();
  if (issued_.empty()) first_issue_ = bucket.started;
  const int handle = reducer_->reduce_async(
      slabs_.grads->floats().subspan(bucket.first, bucket.end - bucket.first));
  CONDNET_ASSERT(handle == static_cast<int>(issued_.size()));
  issued_.push_back(b);
}

void Trainer::finished(const std::vector<int>& handles) {
  if (!trace_ || handles.empty()) return;
  const auto now = TraceRecorder::Clock::now();
  for (const int handle : handles) {
    const auto b = issued_.at(static_cast<std::size_t>(handle));
    const auto& bucket = buckets_[b];
    trace_->add(reduce_row_, "all-reduce", "train", bucket.started, now,
                {{"bucket", b}, {"floats", bucket.end - bucket.first}});
  }
}

double Trainer::step(std::span<const runtime::Buffer* const> xs, std::span<const float> targets) {
  const std::size_t per_batch = prediction_.size();
  CONDNET_ASSERT(!xs.empty() && targets.size() % xs.size() == 0);
  const std::size_t targets_per_batch = targets.size() / xs.size();
  auto& grads = *slabs_.grads;
  stream_->fill_zero(grads, 0, grads.size());
  double loss = 0;
  auto mark = TraceRecorder::Clock::now();
  // Closes the phase that began at `mark` as event `name` when tracing.
  const auto phase = [&](const char* name, std::size_t micro_batch) {
    if (!trace_) return;
    stream_->synchronize();
    const auto now = TraceRecorder::Clock::now();
    nlohmann::json args = nlohmann::json::object();
    if (micro_batch != SIZE_MAX) args["micro_batch"] = micro_batch;
    trace_->add(trace_row_, name, "train", mark, now, std::move(args));
    mark = now;
  };
  const bool overlap = reducer_ && overlap_;
  if (reducer_) reducer_->begin_step();
  for (std::size_t m = 0; m < xs.size(); ++m) {
    plan_->forward(*stream_, *xs[m], *y_);
    stream_->copy_to_host(prediction_.data(), *y_, 0, per_batch * sizeof(float));
    stream_->synchronize();
    loss += objective_(prediction_, targets.subspan(m * targets_per_batch, targets_per_batch),
                       d_prediction_);
    phase("forward", m);
    stream_->copy_from_host(*dy_, 0, d_prediction_.data(), per_batch * sizeof(float));
    collecting_ = overlap && m + 1 == xs.size();
    if (collecting_) {
      for (auto& bucket : buckets_) bucket.ready = 0;
      issued_.clear();
    }
    plan_->backward(*stream_, *dy_, nullptr);
    collecting_ = false;
    phase("backward", m);
  }
  stream_->synchronize();
  const auto floats = static_cast<std::size_t>(graph_.param_floats());
  auto g = grads.floats().first(floats);
  if (reducer_) {
    const auto wait_start = TraceRecorder::Clock::now();
    if (overlap) {
      CONDNET_ASSERT(issued_.size() == buckets_.size() && "the plan left gradients unreported");
      finished(reducer_->finish());
    } else {
      reducer_->reduce(g);
    }
    const auto wait_end = TraceRecorder::Clock::now();
    const auto first = overlap && !issued_.empty() ? first_issue_ : wait_start;
    ++reduce_stats_.steps;
    reduce_stats_.exposed_seconds += seconds_between(wait_start, wait_end);
    reduce_stats_.total_seconds += seconds_between(first, wait_end);
    phase(overlap ? "all-reduce wait" : "all-reduce", SIZE_MAX);
  }
  averaged_update(*optimizer_, schedule_, slabs_.params->floats().first(floats), g,
                  xs.size() * static_cast<std::size_t>(replicas_));
  phase("update", SIZE_MAX);
  return loss / static_cast<double>(xs.size());
}

void Trainer::run_steps(std::span<const runtime::Buffer* const> xs, std::span<const float> targets,
                        std::span<double> losses) {
  step_by_step(xs, targets, losses,
               [this](auto step_xs, auto step_targets) { return step(step_xs, step_targets); });
}

}  // namespace condnet::train
