// The measured pipeline bubble of a balanced two-stage split on one core per stage is close
// to the theoretical (S - 1) / (M + S - 1): far from 1/2 (stages taking turns) and from 0
// (stages sharing one core, each counting the other's time as its own).
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "pipeline/pipeline_fixture.hpp"
#include "pipeline/pipeline_trainer.hpp"
#include "pipeline/stage_split.hpp"
#include "runtime/plan_harness.hpp"

namespace condnet::test {
namespace {

TEST(PipelineBubble, BalancedSplitIsCloseToTheory) {
  const auto cores = one_cpu_per_stage();
  if (cores.empty() || std::thread::hardware_concurrency() < 2)
    GTEST_SKIP() << "needs CPUs 0 and 1 to give each stage its own core";
  const auto graph = graph_of(conv_blocks_model(16, 24, 16, 4, 2));
  constexpr int kMicroBatches = 4;
  constexpr std::int64_t kBatch = 2;
  pipeline::BalanceOptions balance;
  balance.batch = kBatch;
  balance.device = cores[0];
  const auto split = pipeline::split_balanced(graph, 2, balance, "tiny");
  for (const auto schedule : {pipeline::Schedule::gpipe, pipeline::Schedule::one_f_one_b}) {
    pipeline::PipelineOptions options;
    options.schedule = schedule;
    options.batch = kBatch;
    options.devices = cores;
    pipeline::PipelineTrainer trainer(
        graph, split.stages, options,
        [](std::span<const float> prediction, std::span<const float> target,
           std::span<float> grad) { return train::Loss{}.evaluate(prediction, target, grad); },
        {{"type", "sgd"}, {"lr", 0.01}}, train::LrSchedule{});
    const auto state = random_state(graph, 3);
    trainer.load_parameters(state.params, state.buffers);
    const auto per_batch =
        static_cast<std::size_t>(kBatch * nn::element_count(graph.input_shape()));
    std::vector<std::vector<float>> data;
    std::vector<const float*> xs;
    for (int m = 0; m < kMicroBatches; ++m) {
      data.push_back(random_values(per_batch, 10 + m));
      xs.push_back(data.back().data());
    }
    const auto targets = random_values(kMicroBatches * kBatch * 3, 20);
    trainer.step(xs, targets);  // compiles the plans
    // The least disturbed of a few steps: other processes on the machine only add idle time.
    double bubble = 1, theory = 0;
    for (int step = 0; step < 5; ++step) {
      trainer.reset_stats();
      trainer.step(xs, targets);
      const auto stats = trainer.pipeline_stats();
      bubble = std::min(bubble, stats.bubble);
      theory = stats.theoretical_bubble;
    }
    EXPECT_DOUBLE_EQ(theory, 1.0 / 5.0);
    EXPECT_NEAR(bubble, theory, 0.1) << pipeline::to_string(schedule);
  }
}

}  // namespace
}  // namespace condnet::test
