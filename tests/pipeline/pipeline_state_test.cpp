// The pipeline's state beyond the weights: its stages' optimizer state moves to and from one
// optimizer over the full graph's slab (checkpoints), and a gradient reducer (data-parallel
// replicas) sees every stage's gradient slab once per step, on the thread calling step().
#include <gtest/gtest.h>

#include <thread>

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

std::unique_ptr<pipeline::PipelineTrainer> make_trainer(const nn::Graph& graph,
                                                        const ModelState& state) {
  pipeline::PipelineOptions options;
  options.batch = kBatch;
  options.core_groups = one_core_per_stage();
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
  ASSERT_EQ(sizes.size(), 2u);
  for (int s = 0; s < 2; ++s)
    EXPECT_EQ(sizes[s], static_cast<std::size_t>(replicated->stage_graph(s).param_floats()));
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

}  // namespace
}  // namespace condnet::test
