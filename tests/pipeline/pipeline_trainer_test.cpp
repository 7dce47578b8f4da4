// Pipelined training equals training on one device: the same weights and batchnorm running
// statistics after the same steps, for both schedules; 1F1B holds fewer activations.
#include "pipeline/pipeline_trainer.hpp"

#include <gtest/gtest.h>

#include <exception>
#include <thread>
#include <tuple>

#include "pipeline/handoff_queue.hpp"
#include "pipeline/pipeline_fixture.hpp"
#include "pipeline/stage_split.hpp"
#include "pipeline/stage_worker.hpp"
#include "runtime/plan_harness.hpp"

namespace condnet::test {
namespace {

constexpr int kMicroBatches = 4;
constexpr std::int64_t kBatch = 2;
constexpr int kSteps = 2;
const nlohmann::json kOptimizer = {{"type", "sgd"}, {"lr", 0.05}, {"momentum", 0.9}};

train::Objective mse() {
  return [](std::span<const float> prediction, std::span<const float> target,
            std::span<float> grad) { return train::Loss{}.evaluate(prediction, target, grad); };
}

struct Data {
  std::vector<std::vector<float>> xs;       // per step and micro-batch: (B, 1, 16, 16, 16)
  std::vector<std::vector<float>> targets;  // per step: (M B, 3)
};

Data make_data(const nn::Graph& graph) {
  Data data;
  const auto per_batch = static_cast<std::size_t>(kBatch * nn::element_count(graph.input_shape()));
  for (int step = 0; step < kSteps; ++step) {
    for (int m = 0; m < kMicroBatches; ++m)
      data.xs.push_back(random_values(per_batch, 100 + 10 * step + m));
    data.targets.push_back(random_values(kMicroBatches * kBatch * 3, 200 + step));
  }
  return data;
}

// Parameters then buffers after kSteps steps on one device.
ModelState single_device_here(const nn::Graph& graph, const ModelState& start, const Data& data) {
  auto device = runtime::make_device("cpu");
  auto slabs = runtime::allocate_slabs(*device, graph);
  std::copy(start.params.begin(), start.params.end(), slabs.params->floats().begin());
  std::copy(start.buffers.begin(), start.buffers.end(), slabs.buffers->floats().begin());
  runtime::PlanOptions options;
  options.batch = kBatch;
  train::Trainer trainer(*device, graph, slabs, options, mse(),
                         train::make_optimizer(kOptimizer, graph.param_floats(), "test"),
                         train::LrSchedule{});
  for (int step = 0; step < kSteps; ++step) {
    std::vector<std::unique_ptr<runtime::Buffer>> buffers;
    std::vector<const runtime::Buffer*> xs;
    for (int m = 0; m < kMicroBatches; ++m) {
      const auto& x = data.xs[step * kMicroBatches + m];
      buffers.push_back(device->allocate(x.size() * sizeof(float)));
      trainer.stream().copy_from_host(*buffers.back(), 0, x.data(), x.size() * sizeof(float));
      xs.push_back(buffers.back().get());
    }
    trainer.step(xs, data.targets[step]);
  }
  const auto params = slabs.params->floats();
  const auto buffers = slabs.buffers->floats();
  return {{params.begin(), params.begin() + graph.param_floats()},
          {buffers.begin(), buffers.begin() + graph.buffer_floats()}};
}

// On a thread pinned like a pipeline stage: oneDNN's reductions (batchnorm, weight
// gradients) depend on the team size, and batchnorm's backward amplifies their rounding.
ModelState single_device(const nn::Graph& graph, const ModelState& start, const Data& data) {
  ModelState result;
  std::exception_ptr error;
  std::thread([&] {
    try {
      const auto devices = one_cpu_per_stage();
      runtime::make_device_for_this_thread(devices.empty() ? "cpu" : devices[0]);
      result = single_device_here(graph, start, data);
    } catch (...) {
      error = std::current_exception();
    }
  }).join();
  if (error) std::rethrow_exception(error);
  return result;
}

// The values of `slices` of a slab, one after another (without the alignment gaps).
std::vector<float> gather(std::span<const float> slab, const std::vector<nn::TensorSlice>& slices) {
  std::vector<float> values;
  for (const auto& slice : slices)
    values.insert(values.end(), slab.begin() + slice.offset,
                  slab.begin() + slice.offset + slice.size);
  return values;
}

struct PipelineRun {
  ModelState state;
  pipeline::PipelineStats stats;
};

// Two stages at the marker, or three: cut also before conv2 (node 3); stages alternate cores.
PipelineRun pipelined(const nn::Graph& graph, const ModelState& start, const Data& data,
                      pipeline::Schedule schedule, int stages = 2) {
  pipeline::PipelineOptions options;
  options.schedule = schedule;
  options.batch = kBatch;
  options.devices = one_cpu_per_stage();
  if (stages == 3 && !options.devices.empty()) options.devices.push_back("cpu:0");
  const auto split = stages == 2 ? pipeline::split_at_markers(graph, "tiny")
                                 : pipeline::split_at(graph, std::vector<int>{3, 7}, "tiny");
  pipeline::PipelineTrainer trainer(graph, split, options, mse(), kOptimizer, train::LrSchedule{});
  trainer.load_parameters(start.params, start.buffers);
  for (int step = 0; step < kSteps; ++step) {
    std::vector<const float*> xs;
    for (int m = 0; m < kMicroBatches; ++m) xs.push_back(data.xs[step * kMicroBatches + m].data());
    trainer.step(xs, data.targets[step]);
  }
  PipelineRun run{
      {std::vector<float>(graph.param_floats()), std::vector<float>(graph.buffer_floats())},
      trainer.pipeline_stats()};
  trainer.store_parameters(run.state.params, run.state.buffers);
  return run;
}

class PipelineSchedules
    : public ::testing::TestWithParam<std::tuple<pipeline::Schedule, int /* stages */>> {};

TEST_P(PipelineSchedules, MatchesTrainingOnOneDevice) {
  const auto graph = graph_of(two_stage_model(16, 16));
  const auto start = random_state(graph, 7);
  const auto data = make_data(graph);
  const auto reference = single_device(graph, start, data);
  const auto [schedule, stages] = GetParam();
  const auto run = pipelined(graph, start, data, schedule, stages);

  const auto params = graph.param_slices();
  const auto buffers = graph.buffer_slices();
  const auto before = gather(start.params, params);
  const auto expected = gather(reference.params, params);
  const auto got = gather(run.state.params, params);
  std::vector<float> moved(before.size()), moved_pipelined(before.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    moved[i] = expected[i] - before[i];
    moved_pipelined[i] = got[i] - before[i];
  }
  const auto stats_before = gather(start.buffers, buffers);
  const auto stats_expected = gather(reference.buffers, buffers);
  ASSERT_GT(normalized_error(moved, std::vector<float>(moved.size(), 0.0f)), 1e-3);
  ASSERT_GT(normalized_error(stats_expected, stats_before), 1e-3);
  // The updates, relative to their size, and the state.
  EXPECT_LT(normalized_error(moved_pipelined, moved), 1e-5);
  EXPECT_LT(normalized_error(got, expected), 1e-6);
  EXPECT_LT(normalized_error(gather(run.state.buffers, buffers), stats_expected), 1e-6);

  // Every stage worked on every micro-batch of every step.
  ASSERT_EQ(run.stats.stages.size(), static_cast<std::size_t>(stages));
  EXPECT_EQ(run.stats.steps, kSteps);
  for (const auto& stage : run.stats.stages) {
    EXPECT_GT(stage.busy_seconds, 0);
    EXPECT_GT(stage.flops, 0);
    EXPECT_EQ(stage.activation_bytes, 0u);  // nothing held between steps
  }
}

std::string schedule_name(
    const ::testing::TestParamInfo<std::tuple<pipeline::Schedule, int>>& info) {
  const bool gpipe = std::get<0>(info.param) == pipeline::Schedule::gpipe;
  return fmt::format("{}_{}_stages", gpipe ? "gpipe" : "one_f_one_b", std::get<1>(info.param));
}

INSTANTIATE_TEST_SUITE_P(Schedules, PipelineSchedules,
                         ::testing::Combine(::testing::Values(pipeline::Schedule::gpipe,
                                                              pipeline::Schedule::one_f_one_b),
                                            ::testing::Values(2, 3)),
                         schedule_name);

TEST(PipelineTrainer, OneFOneBHoldsFewerActivationsThanGPipe) {
  const auto graph = graph_of(two_stage_model(16, 16));
  const auto start = random_state(graph, 7);
  const auto data = make_data(graph);
  const auto gpipe = pipelined(graph, start, data, pipeline::Schedule::gpipe).stats;
  const auto one_f_one_b = pipelined(graph, start, data, pipeline::Schedule::one_f_one_b).stats;
  std::size_t gpipe_peak = 0, one_f_one_b_peak = 0;
  for (int s = 0; s < 2; ++s) {
    gpipe_peak += gpipe.stages[s].peak_activation_bytes;
    one_f_one_b_peak += one_f_one_b.stages[s].peak_activation_bytes;
    // GPipe holds all M micro-batches; 1F1B at most S - s.
    EXPECT_EQ(gpipe.stages[s].peak_activation_bytes,
              kMicroBatches * gpipe.stages[s].plan_arena_bytes);
    EXPECT_EQ(one_f_one_b.stages[s].peak_activation_bytes,
              static_cast<std::size_t>(2 - s) * one_f_one_b.stages[s].plan_arena_bytes);
    EXPECT_EQ(gpipe.stages[s].plans, kMicroBatches);
    EXPECT_EQ(one_f_one_b.stages[s].plans, 2 - s);
    // All a stage holds: at least its plans' arenas, and more than its activations.
    for (const auto* stats : {&gpipe, &one_f_one_b})
      EXPECT_GT(stats->stages[s].memory_bytes, static_cast<std::size_t>(stats->stages[s].plans) *
                                                   stats->stages[s].plan_arena_bytes);
  }
  EXPECT_LT(one_f_one_b_peak, gpipe_peak);
  EXPECT_LT(one_f_one_b.stages[0].memory_bytes, gpipe.stages[0].memory_bytes);
}

TEST(PipelineTrainer, RefusesDevicesThatDoNotMatchTheStages) {
  const auto graph = graph_of(two_stage_model(8, 16));
  pipeline::PipelineOptions options;
  options.devices = {"cpu"};
  EXPECT_THROW(pipeline::PipelineTrainer(graph, pipeline::split_at_markers(graph, "tiny"), options,
                                         mse(), kOptimizer, train::LrSchedule{}),
               Error);
}

TEST(PipelineTrainer, AFailingStageFailsTheStepWithItsError) {
  const auto graph = graph_of(two_stage_model(8, 16));
  pipeline::PipelineOptions options;
  options.batch = kBatch;
  options.devices = one_cpu_per_stage();
  int calls = 0;
  pipeline::PipelineTrainer trainer(
      graph, pipeline::split_at_markers(graph, "tiny"), options,
      [&calls](std::span<const float>, std::span<const float>, std::span<float> grad) -> double {
        if (++calls == 2) fail("objective: broken on purpose");
        std::fill(grad.begin(), grad.end(), 0.0f);
        return 0;
      },
      kOptimizer, train::LrSchedule{});
  const auto state = random_state(graph, 1);
  trainer.load_parameters(state.params, state.buffers);
  const auto x = random_values(kBatch * nn::element_count(graph.input_shape()), 2);
  const std::vector<const float*> xs(kMicroBatches, x.data());
  const auto targets = random_values(kMicroBatches * kBatch * 3, 3);
  try {
    trainer.step(xs, targets);
    FAIL() << "the step succeeded";
  } catch (const pipeline::PipelineAborted&) {
    FAIL() << "the step reported another stage's abort, not the failure";
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "objective: broken on purpose");
  }
  // The pipeline still works afterwards.
  EXPECT_NO_THROW(trainer.step(xs, targets));
}

}  // namespace
}  // namespace condnet::test
