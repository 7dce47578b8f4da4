// Resuming a pipelined run (`condnet train --stages 2`, then `--resume`): the checkpoint holds
// the stages' optimizer state in the single-device layout, so an interrupted and resumed run
// ends with the uninterrupted run's weights, batchnorm statistics and optimizer state bit for
// bit (both schedules), that state agrees with one-device training's, and a pipelined
// checkpoint resumes on one device.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "surrogate/surrogate_fixture.hpp"
#include "surrogate/train_loop.hpp"
#include "train/checkpoint.hpp"

namespace condnet::surrogate {
namespace {

using test::labelled_dataset;
using test::max_relative_difference;
using test::small_model;

// Micro-batches of 4, two per step, Adam with a warmed-up cosine rate: an epoch is 4 or 5
// steps of the 48 samples' training split.
TrainOptions pipelined_options(const std::filesystem::path& data,
                               const std::filesystem::path& model) {
  TrainOptions options;
  options.data = {data.string()};
  options.model = model.string();
  options.batch = 4;
  options.accum = 2;
  options.epochs = 3;
  options.warmup = 2;
  options.lr_schedule = "cosine";
  options.lr = 1e-3;
  options.optimizer = "adam";
  options.checkpoint_every = 0;
  options.seed = 5;
  options.stages = 2;
  return options;
}

TrainControl quiet(std::int64_t max_steps = 0, bool resume = false) {
  TrainControl control;
  control.quiet = true;
  control.max_steps = max_steps;
  control.resume = resume;
  return control;
}

// Stops `first` after 3 steps (mid-epoch) with `options`, goes on for 4 steps with `then`,
// and finishes with `then`.
void train_interrupted(const RunPaths& run, const TrainOptions& first, const TrainOptions& then) {
  EXPECT_EQ(run_training(run, first, quiet(3)).end, TrainEnd::step_limit);
  EXPECT_EQ(run_training(run, then, quiet(4, true)).end, TrainEnd::step_limit);
  EXPECT_EQ(run_training(run, then, quiet(0, true)).end, TrainEnd::finished);
}

TEST(PipelinedResume, ResumedRunEqualsUninterruptedRunBitForBit) {
  const auto dir = test::scratch_dir("pipelined_resume");
  const auto data = labelled_dataset(dir, "data", 48);
  // Batchnorm on stage 0: its running statistics are buffers that must survive too.
  const auto model = small_model(dir, "bn_staged", true, 16, true);
  for (const std::string schedule : {"1f1b", "gpipe"}) {
    auto options = pipelined_options(data, model);
    options.pipeline_schedule = schedule;
    run_training({dir / ("straight_" + schedule)}, options, quiet());
    train_interrupted({dir / ("resumed_" + schedule)}, options, options);
    const auto a = train::load_checkpoint(dir / ("straight_" + schedule) / "last.safetensors");
    const auto b = train::load_checkpoint(dir / ("resumed_" + schedule) / "last.safetensors");
    EXPECT_EQ(a.step, b.step) << schedule;
    EXPECT_EQ(a.optimizer_steps, a.step) << schedule;
    EXPECT_EQ(a.optimizer_steps, b.optimizer_steps) << schedule;
    EXPECT_EQ(a.params, b.params) << schedule;
    EXPECT_EQ(a.buffers, b.buffers) << schedule;
    ASSERT_EQ(a.optimizer_state.size(), 2u) << schedule;
    EXPECT_EQ(a.optimizer_state.at("exp_avg"), b.optimizer_state.at("exp_avg")) << schedule;
    EXPECT_EQ(a.optimizer_state.at("exp_avg_sq"), b.optimizer_state.at("exp_avg_sq")) << schedule;
    // Both stages' tensors reached the checkpoint: every one has some second moment.
    const auto graph = nn::Graph::parse(a.model, "checkpoint");
    for (const auto& slice : graph.param_slices()) {
      const auto& v = a.optimizer_state.at("exp_avg_sq");
      EXPECT_TRUE(std::any_of(v.begin() + slice.offset, v.begin() + slice.offset + slice.size,
                              [](float x) { return x > 0; }))
          << schedule << " " << slice.name;
    }
  }
}

TEST(PipelinedResume, PipelinedCheckpointResumesOnOneDevice) {
  const auto dir = test::scratch_dir("pipelined_resume_layouts");
  const auto data = labelled_dataset(dir, "data", 48);
  // No batchnorm: the thread counts of one device and of the stages change only the rounding.
  const auto model = small_model(dir, "nobn_staged", false, 16, true);
  const auto piped = pipelined_options(data, model);
  auto one = piped;
  one.stages = 1;
  run_training({dir / "piped"}, piped, quiet());
  run_training({dir / "one"}, one, quiet());
  train_interrupted({dir / "mixed"}, piped, one);
  const auto a = train::load_checkpoint(dir / "piped" / "last.safetensors");
  const auto b = train::load_checkpoint(dir / "one" / "last.safetensors");
  const auto c = train::load_checkpoint(dir / "mixed" / "last.safetensors");
  // The gathered state has the single-device layout: it matches one-device training's.
  for (const auto* other : {&b, &c}) {
    EXPECT_EQ(a.step, other->step);
    EXPECT_EQ(a.optimizer_steps, other->optimizer_steps);
    EXPECT_LT(max_relative_difference(a.params, other->params), 1e-4);
    for (const std::string name : {"exp_avg", "exp_avg_sq"})
      EXPECT_LT(
          max_relative_difference(a.optimizer_state.at(name), other->optimizer_state.at(name)),
          1e-3)
          << name;
  }
}

}  // namespace
}  // namespace condnet::surrogate
