// The pipeline's state beyond the weights: its stages' optimizer state moves to and from one
// optimizer over the full graph's slab (checkpoints), and a gradient reducer (data-parallel
// replicas) sees every stage's gradient slab once per step, on the thread calling step(),
// stage S-1's while stage 0 is still in its backwards (overlap_reduce) or after every
// stage's backwards (blocking), with the same weights and optimizer state either way.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <utility>

#include "pipeline/pipeline_fixture.hpp"
#include "pipeline/pipeline_trainer.hpp"
#include "pipeline/stage_split.hpp"
#include "runtime/plan_harness.hpp"

namespace condnet::test {
namespace {

constexpr int kMicroBatches = 2;
constexpr std::int64_t kBatch = 2;
constexpr double kLr = 0.05;
const nlohmann::json kOptimizer = {{"type", "sgd"}, {"lr", kLr}, {"momentum", 0.9}};

train::Objective mse() {
  return [](std::span<const float> prediction, std::span<const float> target,
            std::span<float> grad) { return train::Loss{}.evaluate(prediction, target, grad); };
}

std::unique_ptr<pipeline::PipelineTrainer> make_trainer(
    const nn::Graph& graph, const ModelState& state, bool overlap_reduce = true,
    pipeline::Schedule schedule = pipeline::Schedule::one_f_one_b) {
  pipeline::PipelineOptions options;
  options.batch = kBatch;
  options.overlap_reduce = overlap_reduce;
  options.schedule = schedule;
  options.devices = one_cpu_per_stage();
  auto trainer =
      std::make_unique<pipeline::PipelineTrainer>(graph, pipeline::split_at_markers(graph, "tiny"),
                                                  options, mse(), kOptimizer, train::LrSchedule{});
  trainer->load_parameters(state.params, state.buffers);
  return trainer;
}

// Micro-batches (B, 1, 8, 8, 8) and targets (M B, 3) of step `step`.
struct StepData {
  std::vector<std::vector<float>> xs;
  std::vector<float> targets;
  std::vector<const float*> pointers() const {
    std::vector<const float*> out;
    for (const auto& x : xs) out.push_back(x.data());
    return out;
  }
};

StepData step_data(const nn::Graph& graph, int step) {
  StepData data;
  const auto per_batch = static_cast<std::size_t>(kBatch * nn::element_count(graph.input_shape()));
  for (int m = 0; m < kMicroBatches; ++m)
    data.xs.push_back(random_values(per_batch, 100 + 10 * step + m));
  data.targets = random_values(kMicroBatches * kBatch * 3, 200 + step);
  return data;
}

ModelState stored(const nn::Graph& graph, const pipeline::PipelineTrainer& trainer) {
  ModelState state{std::vector<float>(graph.param_floats()),
                   std::vector<float>(graph.buffer_floats())};
  trainer.store_parameters(state.params, state.buffers);
  return state;
}

TEST(PipelineState, OptimizerStateGathersIntoTheFullLayoutAndScattersBack) {
  const auto graph = graph_of(two_stage_model(8, 8));
  const auto start = random_state(graph, 3);
  const auto first = step_data(graph, 0), second = step_data(graph, 1);
  auto trainer = make_trainer(graph, start);
  trainer->step(first.pointers(), first.targets);
  auto full = train::make_optimizer(kOptimizer, graph.param_floats(), "full");
  trainer->store_optimizer(*full);
  EXPECT_EQ(full->steps(), 1);
  // SGD's first step: momentum buffer = gradient = (before - after) / lr, tensor by tensor.
  const auto after = stored(graph, *trainer);
  const auto buffer = full->state().at(0).second;
  std::vector<float> moved(buffer.size(), 0.0f), gathered(buffer.size(), 0.0f);
  for (const auto& slice : graph.param_slices())
    for (std::int64_t i = slice.offset; i < slice.offset + slice.size; ++i) {
      moved[i] = static_cast<float>((start.params[i] - after.params[i]) / kLr);
      gathered[i] = buffer[i];
    }
  ASSERT_GT(normalized_error(moved, std::vector<float>(moved.size(), 0.0f)), 1e-3);
  EXPECT_LT(normalized_error(gathered, moved), 1e-4);

  // A new pipeline given the weights and the state steps as the first one goes on.
  trainer->step(second.pointers(), second.targets);
  auto resumed = make_trainer(graph, after);
  resumed->load_optimizer(*full);
  resumed->step(second.pointers(), second.targets);
  EXPECT_EQ(stored(graph, *resumed).params, stored(graph, *trainer).params);
  // Without the state its second step is another one.
  auto forgetful = make_trainer(graph, after);
  forgetful->step(second.pointers(), second.targets);
  EXPECT_GT(normalized_error(stored(graph, *forgetful).params, stored(graph, *trainer).params),
            1e-6);
  // Another optimizer type is refused.
  auto adam = train::make_optimizer({{"type", "adam"}}, graph.param_floats(), "adam");
  EXPECT_THROW(trainer->store_optimizer(*adam), Error);
}

TEST(PipelineState, ReducerSeesEachStagesGradientsOnceAfterTheBackwards) {
  const auto graph = graph_of(two_stage_model(8, 8));
  const auto start = random_state(graph, 4);
  const auto data = step_data(graph, 0);
  auto plain = make_trainer(graph, start);
  plain->step(data.pointers(), data.targets);
  // Two identical replicas: the sum doubles the gradients, the 1/(M R) scale halves them back
  // (both exact in floats).
  auto replicated = make_trainer(graph, start);
  std::vector<std::size_t> sizes;
  bool on_caller = true;
  const auto caller = std::this_thread::get_id();
  replicated->set_gradient_reducer(
      [&](std::span<float> grads) {
        sizes.push_back(grads.size());
        on_caller = on_caller && std::this_thread::get_id() == caller;
        for (float& g : grads) g *= 2;
      },
      2);
  TraceRecorder trace(1000);
  replicated->set_trace(&trace);
  replicated->step(data.pointers(), data.targets);
  EXPECT_EQ(stored(graph, *replicated).params, stored(graph, *plain).params);
  // Stage S-1 first: the order the stages' last backwards end in.
  ASSERT_EQ(sizes.size(), 2u);
  for (int s = 0; s < 2; ++s)
    EXPECT_EQ(sizes[s], static_cast<std::size_t>(replicated->stage_graph(1 - s).param_floats()));
  EXPECT_TRUE(on_caller);
  // One all-reduce per stage row, after that stage's last backward and before its update.
  const auto events = trace.to_json()["traceEvents"];
  for (int s = 0; s < 2; ++s) {
    double last_backward_end = -1, reduce_start = -1, reduce_end = -1, update_start = -1;
    for (const auto& event : events) {
      if (event["ph"] != "X" || event["tid"] != s) continue;
      const double ts = event["ts"], end = ts + event["dur"].get<double>();
      if (event["name"] == "backward") last_backward_end = std::max(last_backward_end, end);
      if (event["name"] == "all-reduce") {
        EXPECT_LT(reduce_start, 0) << "two all-reduces on stage " << s;
        reduce_start = ts;
        reduce_end = end;
      }
      if (event["name"] == "update") update_start = ts;
    }
    EXPECT_GE(reduce_start + 1e-3, last_backward_end) << s;
    EXPECT_GE(update_start + 1e-3, reduce_end) << s;
  }
}

// Row `row`'s events named `name` in `trace`: (start, end) in microseconds.
std::vector<std::pair<double, double>> spans_of(const TraceRecorder& trace, int row,
                                                const std::string& name) {
  std::vector<std::pair<double, double>> spans;
  const auto json = trace.to_json();
  for (const auto& event : json["traceEvents"])
    if (event["ph"] == "X" && event["tid"] == row && event["name"] == name)
      spans.emplace_back(event["ts"].get<double>(),
                         event["ts"].get<double>() + event["dur"].get<double>());
  return spans;
}

double last_end(const std::vector<std::pair<double, double>>& spans) {
  double end = -1;
  for (const auto& span : spans) end = std::max(end, span.second);
  return end;
}

TEST(PipelineState, OverlappedReduceEqualsBlockingAndStartsWhileStageZeroStillWorks) {
  // Stage 0 (three blocks at 24^3) takes tens of milliseconds per backward, stage 1 (one
  // block) little: stage 1's sum starts long before stage 0's last backward ends.
  const auto graph = graph_of(conv_blocks_model(1, 24, 16, 4, 3));
  const auto start = random_state(graph, 5);
  const auto first = step_data(graph, 0), second = step_data(graph, 1);
  const auto doubling = [](std::span<float> grads) {
    for (float& g : grads) g *= 2;
  };
  for (const auto schedule : {pipeline::Schedule::one_f_one_b, pipeline::Schedule::gpipe}) {
    const auto name = pipeline::to_string(schedule);
    auto plain = make_trainer(graph, start, true, schedule);
    auto overlapped = make_trainer(graph, start, true, schedule);
    auto blocking = make_trainer(graph, start, false, schedule);
    overlapped->set_gradient_reducer(doubling, 2);
    blocking->set_gradient_reducer(doubling, 2);
    TraceRecorder overlapped_trace(1000), blocking_trace(1000);
    overlapped->set_trace(&overlapped_trace);
    blocking->set_trace(&blocking_trace);
    for (const auto* data : {&first, &second})
      for (auto* trainer : {plain.get(), overlapped.get(), blocking.get()})
        trainer->step(data->pointers(), data->targets);
    // Bit for bit: the weights, and the momentum buffers in the full layout.
    const auto weights = stored(graph, *plain).params;
    EXPECT_EQ(stored(graph, *overlapped).params, weights) << name;
    EXPECT_EQ(stored(graph, *blocking).params, weights) << name;
    auto overlapped_state = train::make_optimizer(kOptimizer, graph.param_floats(), "o");
    auto blocking_state = train::make_optimizer(kOptimizer, graph.param_floats(), "b");
    overlapped->store_optimizer(*overlapped_state);
    blocking->store_optimizer(*blocking_state);
    const auto momentum = overlapped_state->state().at(0).second;
    ASSERT_GT(normalized_error(std::vector<float>(momentum.begin(), momentum.end()),
                               std::vector<float>(momentum.size(), 0.0f)),
              1e-3);
    EXPECT_TRUE(
        std::equal(momentum.begin(), momentum.end(), blocking_state->state().at(0).second.begin()))
        << name;

    // Overlapped: stage 1's sums start before stage 0's last backward ends, every step (two
    // steps: one sum each); stage 0's after it.
    const auto backwards = spans_of(overlapped_trace, 0, "backward");
    const auto sums1 = spans_of(overlapped_trace, 1, "all-reduce");
    const auto sums0 = spans_of(overlapped_trace, 0, "all-reduce");
    ASSERT_EQ(sums1.size(), 2u) << name;
    ASSERT_EQ(sums0.size(), 2u) << name;
    ASSERT_EQ(backwards.size(), 4u) << name;
    for (int step = 0; step < 2; ++step) {
      const double stage0_done =
          std::max(backwards[2 * step].second, backwards[2 * step + 1].second);
      EXPECT_LT(sums1[step].first, stage0_done) << name << " step " << step;
      EXPECT_GE(sums0[step].first + 1e-3, stage0_done) << name << " step " << step;
      // Stage 1 updated before stage 0's last backward ended as well.
      EXPECT_LT(spans_of(overlapped_trace, 1, "update")[step].first, stage0_done) << name;
    }
    // Blocking: every sum after the last backward.
    const double blocking_done = last_end(spans_of(blocking_trace, 0, "backward"));
    EXPECT_GE(spans_of(blocking_trace, 1, "all-reduce").back().first + 1e-3, blocking_done) << name;

    // Only stage 0's sum is exposed when overlapped; all of them when blocking.
    const auto o = overlapped->pipeline_stats(), b = blocking->pipeline_stats();
    EXPECT_GT(o.reduce_seconds, 0) << name;
    EXPECT_LT(o.exposed_reduce_seconds, o.reduce_seconds) << name;
    EXPECT_NEAR(b.exposed_reduce_seconds, b.reduce_seconds, 1e-9) << name;
    EXPECT_GE(o.tail_seconds, o.exposed_reduce_seconds) << name;
    EXPECT_GE(b.tail_seconds, b.exposed_reduce_seconds) << name;
  }
}

TEST(PipelineState, AFailingReducerFailsTheStepAndTheNextStepRuns) {
  const auto graph = graph_of(two_stage_model(8, 8));
  const auto start = random_state(graph, 6);
  const auto data = step_data(graph, 0);
  for (const bool overlap : {true, false}) {
    auto trainer = make_trainer(graph, start, overlap);
    bool failing = true;
    trainer->set_gradient_reducer(
        [&](std::span<float>) {
          if (failing) fail("replica lost");
        },
        1);
    EXPECT_THROW(trainer->step(data.pointers(), data.targets), Error) << overlap;
    failing = false;
    EXPECT_NO_THROW(trainer->step(data.pointers(), data.targets)) << overlap;
  }
}

}  // namespace
}  // namespace condnet::test
