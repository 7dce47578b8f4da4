// The training-engine contract, the same for every engine the training loop can drive (one
// device, the pipeline with either schedule), through train::TrainingEngine only: K steps in
// one call equal K calls of one step bit for bit, parameters, buffers and optimizer state go
// to the devices and back unchanged, the timeline has events on every row the engine claims,
// and the statistics count what it holds.
#include "train/training_engine.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "pipeline/pipeline_fixture.hpp"
#include "pipeline/pipeline_trainer.hpp"
#include "pipeline/stage_split.hpp"
#include "runtime/plan_harness.hpp"
#include "train/one_device_engine.hpp"

namespace condnet::test {
namespace {

constexpr std::int64_t kBatch = 2;
constexpr int kMicroBatches = 2;
constexpr int kSteps = 3;
const nlohmann::json kOptimizer = {{"type", "adamw"}, {"lr", 0.01}, {"weight_decay", 0.01}};

train::Objective mse() {
  return [](std::span<const float> prediction, std::span<const float> target,
            std::span<float> grad) { return train::Loss{}.evaluate(prediction, target, grad); };
}

struct EngineKind {
  std::string name;
  std::function<std::unique_ptr<train::TrainingEngine>(const nn::Graph&)> make;
};

std::unique_ptr<train::TrainingEngine> pipeline_engine(const nn::Graph& graph,
                                                       pipeline::Schedule schedule) {
  pipeline::PipelineOptions options;
  options.schedule = schedule;
  options.batch = kBatch;
  options.devices = one_cpu_per_stage();
  return std::make_unique<pipeline::PipelineTrainer>(
      graph, pipeline::split_at_markers(graph, "tiny"), options, mse(), kOptimizer,
      train::LrSchedule{});
}

std::vector<EngineKind> engine_kinds() {
  return {
      {"one_device",
       [](const nn::Graph& graph) -> std::unique_ptr<train::TrainingEngine> {
         runtime::PlanOptions options;
         options.batch = kBatch;
         return std::make_unique<train::OneDeviceEngine>(
             runtime::make_device("cpu"), graph, options, mse(),
             train::make_optimizer(kOptimizer, graph.param_floats(), "test"), train::LrSchedule{});
       }},
      {"pipeline_gpipe",
       [](const nn::Graph& graph) { return pipeline_engine(graph, pipeline::Schedule::gpipe); }},
      {"pipeline_1f1b", [](const nn::Graph& graph) {
         return pipeline_engine(graph, pipeline::Schedule::one_f_one_b);
       }}};
}

struct Steps {
  std::vector<std::vector<float>> xs;  // kSteps kMicroBatches micro-batches (B, 1, 8, 8, 8)
  std::vector<float> targets;          // (kSteps kMicroBatches B, 3)
  std::vector<const float*> pointers() const {
    std::vector<const float*> out;
    for (const auto& x : xs) out.push_back(x.data());
    return out;
  }
};

Steps make_steps(const nn::Graph& graph) {
  Steps steps;
  const auto per_batch = static_cast<std::size_t>(kBatch * nn::element_count(graph.input_shape()));
  for (int i = 0; i < kSteps * kMicroBatches; ++i)
    steps.xs.push_back(random_values(per_batch, 300 + i));
  steps.targets = random_values(kSteps * kMicroBatches * kBatch * 3, 400);
  return steps;
}

// The tensors' values of a slab, one after another (the alignment gaps between them are no
// one's state).
std::vector<float> tensors(std::span<const float> slab,
                           const std::vector<nn::TensorSlice>& slices) {
  std::vector<float> values;
  for (const auto& slice : slices)
    values.insert(values.end(), slab.begin() + slice.offset,
                  slab.begin() + slice.offset + slice.size);
  return values;
}

class TrainingEngineContract : public ::testing::TestWithParam<EngineKind> {
 protected:
  const nn::Graph graph = graph_of(two_stage_model(8, 8));
  const ModelState start = random_state(graph, 11);
  const Steps steps = make_steps(graph);

  // The model after kSteps steps, `per_call` of them per run_steps() call.
  ModelState train(int per_call, std::vector<double>& losses) const {
    auto engine = GetParam().make(graph);
    engine->scatter(start.params, start.buffers);
    const auto xs = steps.pointers();
    const std::size_t targets_per_step = steps.targets.size() / kSteps;
    losses.assign(kSteps, 0.0);
    for (int first = 0; first < kSteps; first += per_call)
      engine->run_steps(
          std::span(xs).subspan(first * kMicroBatches, per_call * kMicroBatches),
          std::span(steps.targets).subspan(first * targets_per_step, per_call * targets_per_step),
          std::span(losses).subspan(first, per_call));
    ModelState out{std::vector<float>(graph.param_floats()),
                   std::vector<float>(graph.buffer_floats())};
    engine->gather(out.params, out.buffers);
    EXPECT_EQ(engine->optimizer().steps(), kSteps);
    return out;
  }
};

TEST_P(TrainingEngineContract, StepsInOneCallEqualOneStepPerCall) {
  std::vector<double> one_call, per_step;
  const auto together = train(kSteps, one_call);
  const auto apart = train(1, per_step);
  EXPECT_EQ(together.params, apart.params);
  EXPECT_EQ(together.buffers, apart.buffers);
  EXPECT_EQ(one_call, per_step);
  // It trained: the weights moved and every step has a finite loss.
  EXPECT_GT(normalized_error(together.params, start.params), 1e-4);
  for (const double loss : one_call) EXPECT_TRUE(std::isfinite(loss) && loss > 0);
}

TEST_P(TrainingEngineContract, StateGoesToTheDevicesAndBackUnchanged) {
  auto engine = GetParam().make(graph);
  // Optimizer state as a checkpoint would restore it: every slab random, 7 updates done.
  std::uint64_t seed = 500;
  for (auto& [name, slab] : engine->optimizer().state()) {
    const auto values = random_values(slab.size(), seed++, 0.1f);
    std::copy(values.begin(), values.end(), slab.begin());
  }
  engine->optimizer().set_steps(7);
  std::vector<std::vector<float>> saved;
  for (const auto& [name, slab] : engine->optimizer().state())
    saved.emplace_back(slab.begin(), slab.end());
  engine->scatter(start.params, start.buffers);
  ModelState back{std::vector<float>(graph.param_floats(), -1.0f),
                  std::vector<float>(graph.buffer_floats(), -1.0f)};
  engine->gather(back.params, back.buffers);
  const auto params = graph.param_slices();
  EXPECT_EQ(tensors(back.params, params), tensors(start.params, params));
  EXPECT_EQ(tensors(back.buffers, graph.buffer_slices()),
            tensors(start.buffers, graph.buffer_slices()));
  EXPECT_EQ(engine->optimizer().steps(), 7);
  std::size_t i = 0;
  for (const auto& [name, slab] : engine->optimizer().state())
    EXPECT_EQ(tensors(slab, params), tensors(saved.at(i++), params)) << name;
  EXPECT_EQ(i, saved.size());
}

TEST_P(TrainingEngineContract, TimelineAndStatisticsCoverWhatItDoes) {
  auto engine = GetParam().make(graph);
  TraceRecorder trace(1000);
  engine->set_trace(&trace);
  engine->scatter(start.params, start.buffers);
  std::vector<double> losses(1);
  const auto xs = steps.pointers();
  engine->run_steps(std::span(xs).first(kMicroBatches),
                    std::span(steps.targets).first(steps.targets.size() / kSteps), losses);
  const auto events = trace.to_json()["traceEvents"];
  std::set<int> rows;
  for (const auto& event : events)
    if (event["ph"] == "X" && event["name"] == "forward") rows.insert(event["tid"].get<int>());
  std::set<int> expected;
  for (int row = 0; row < engine->trace_rows(); ++row) expected.insert(row);
  EXPECT_EQ(rows, expected);
  const auto stats = engine->stats();
  const auto model_bytes = static_cast<std::size_t>(graph.param_floats()) * sizeof(float);
  EXPECT_GT(stats.memory_bytes, 4 * model_bytes);  // parameters, gradients, two Adam slabs
  EXPECT_GT(stats.activation_bytes, 0u);
  EXPECT_TRUE(stats.details.is_object());
  EXPECT_GT(engine->peak_flops(), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, TrainingEngineContract, ::testing::ValuesIn(engine_kinds()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace condnet::test
