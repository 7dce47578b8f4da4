// The training loop: accumulation equals one larger batch, a resumed run equals an
// uninterrupted one, Ctrl-C leaves a checkpoint to resume from, and the loader is
// deterministic from any starting point.
#include "surrogate/train_loop.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>

#include "core/error.hpp"
#include "data/batch_loader.hpp"
#include "surrogate/surrogate_fixture.hpp"
#include "train/checkpoint.hpp"

namespace condnet::surrogate {
namespace {

using test::labelled_dataset;
using test::max_relative_difference;
using test::small_model;

TrainOptions options_for(const std::filesystem::path& data, const std::filesystem::path& model) {
  TrainOptions options;
  options.data = {data.string()};
  options.model = model.string();
  options.batch = 8;
  options.accum = 1;
  options.epochs = 2;
  options.warmup = 0;
  options.lr_schedule = "constant";
  options.lr = 1e-3;
  options.checkpoint_every = 0;
  options.seed = 5;
  return options;
}

TrainControl quiet() {
  TrainControl control;
  control.quiet = true;
  return control;
}

std::vector<std::string> lines_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(TrainLoop, AccumulatedMicroBatchesEqualOneBatchWithoutBatchStatistics) {
  const auto dir = test::scratch_dir("train_accumulation");
  const auto data = labelled_dataset(dir, "data", 48);
  const auto model = small_model(dir, "nobn", false);
  auto whole = options_for(data, model);
  auto split = whole;
  split.batch = 4;
  split.accum = 2;
  run_training({dir / "whole"}, whole, quiet());
  run_training({dir / "split"}, split, quiet());
  const auto a = train::load_checkpoint(dir / "whole" / "last.safetensors");
  const auto b = train::load_checkpoint(dir / "split" / "last.safetensors");
  EXPECT_EQ(a.step, b.step);
  EXPECT_LT(max_relative_difference(a.params, b.params), 1e-5);
  // The timeline has both micro-batches' forward and backward, one after the other on the
  // device's row, and the metrics the achieved FLOP rate against the device's peak.
  const auto trace = nlohmann::json::parse(std::ifstream(dir / "split" / "trace.json"));
  std::map<std::string, int> counts;
  double previous_end = 0;
  for (const auto& event : trace["traceEvents"]) {
    if (event["ph"] != "X" || event["tid"] != 0) continue;
    const std::string name = event["name"];
    counts[name + (event["args"].contains("micro_batch")
                       ? std::to_string(event["args"]["micro_batch"].get<int>())
                       : "")]++;
    EXPECT_GE(event["ts"].get<double>() + 1e-3, previous_end) << name;
    previous_end = event["ts"].get<double>() + event["dur"].get<double>();
  }
  EXPECT_EQ(counts["forward0"], static_cast<int>(b.step));
  EXPECT_EQ(counts["forward1"], static_cast<int>(b.step));
  EXPECT_EQ(counts["backward1"], static_cast<int>(b.step));
  EXPECT_EQ(counts["update"], static_cast<int>(b.step));
  const auto line = nlohmann::json::parse(lines_of(dir / "split" / "metrics.jsonl").back());
  EXPECT_GT(line["peak_fraction"].get<double>(), 0.0);
  EXPECT_LT(line["peak_fraction"].get<double>(), 1.5);
  EXPECT_GT(line["activation_bytes"].get<double>(), 0.0);

  // Micro-batches of 4 with a step each are another training: the comparison can tell.
  auto small_steps = whole;
  small_steps.batch = 4;
  run_training({dir / "small_steps"}, small_steps, quiet());
  const auto c = train::load_checkpoint(dir / "small_steps" / "last.safetensors");
  EXPECT_GT(max_relative_difference(a.params, c.params), 1e-3);
}

TEST(TrainLoop, ResumedRunEqualsUninterruptedRun) {
  const auto dir = test::scratch_dir("train_resume");
  const auto data = labelled_dataset(dir, "data", 48);
  const auto model = small_model(dir, "bn", true);
  auto options = options_for(data, model);
  options.epochs = 3;
  options.lr_schedule = "cosine";
  options.warmup = 2;
  run_training({dir / "straight"}, options, quiet());

  auto stopped = quiet();
  stopped.max_steps = 3;  // mid-epoch: an epoch here is 4 or 5 steps
  EXPECT_EQ(run_training({dir / "resumed"}, options, stopped).end, TrainEnd::step_limit);
  stopped.max_steps = 4;
  stopped.resume = true;
  run_training({dir / "resumed"}, options, stopped);
  auto rest = quiet();
  rest.resume = true;
  EXPECT_EQ(run_training({dir / "resumed"}, options, rest).end, TrainEnd::finished);

  const auto a = train::load_checkpoint(dir / "straight" / "last.safetensors");
  const auto b = train::load_checkpoint(dir / "resumed" / "last.safetensors");
  EXPECT_EQ(a.step, b.step);
  EXPECT_EQ(max_relative_difference(a.params, b.params), 0.0);
  EXPECT_EQ(max_relative_difference(a.buffers, b.buffers), 0.0);
  EXPECT_EQ(a.optimizer_state.at("exp_avg"), b.optimizer_state.at("exp_avg"));
  // The same epochs with the same losses: each metrics line up to its timings.
  const auto la = lines_of(dir / "straight" / "metrics.jsonl");
  const auto lb = lines_of(dir / "resumed" / "metrics.jsonl");
  ASSERT_EQ(la.size(), 3u);
  ASSERT_EQ(lb.size(), 3u);
  for (std::size_t i = 0; i < la.size(); ++i) {
    const auto ja = nlohmann::json::parse(la[i]), jb = nlohmann::json::parse(lb[i]);
    EXPECT_EQ(ja["train_loss"], jb["train_loss"]) << i;
    EXPECT_EQ(ja["val_loss"], jb["val_loss"]) << i;
    EXPECT_EQ(ja["step"], jb["step"]) << i;
  }
}

// kill -9 between writing run.json and the first checkpoint leaves a run with no
// last.safetensors (and no metrics): --resume starts it from the beginning, bit for bit.
TEST(TrainLoop, RunKilledBeforeItsFirstCheckpointResumesFromTheStart) {
  const auto dir = test::scratch_dir("train_resume_no_checkpoint");
  const auto data = labelled_dataset(dir, "data", 48);
  const auto model = small_model(dir, "bn", true);
  const auto options = options_for(data, model);
  run_training({dir / "straight"}, options, quiet());
  const RunPaths killed{dir / "killed"};
  run_training(killed, options, quiet());
  for (const auto& file : {killed.last(), killed.best(), killed.metrics(), killed.trace()})
    std::filesystem::remove(file);

  const auto resumed = test::run_condnet("train --resume " + killed.dir.string() + " --quiet");
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  const auto a = train::load_checkpoint(dir / "straight" / "last.safetensors");
  const auto b = train::load_checkpoint(killed.last());
  EXPECT_EQ(a.step, b.step);
  EXPECT_EQ(max_relative_difference(a.params, b.params), 0.0);
  EXPECT_EQ(lines_of(killed.metrics()).size(), 2u);
}

TEST(TrainLoop, DeviceIterationsTrainLikeOneStepPerCall) {
  const auto dir = test::scratch_dir("train_device_iterations");
  const auto data = labelled_dataset(dir, "data", 48);
  const auto model = small_model(dir, "bn", true);
  auto options = options_for(data, model);
  options.epochs = 2;
  options.lr_schedule = "cosine";
  options.warmup = 2;
  options.checkpoint_every = 2;
  run_training({dir / "one"}, options, quiet());
  // K = 3 does not divide an epoch (4 or 5 steps): the last call of each epoch is shorter.
  options.device_iterations = 3;
  run_training({dir / "three"}, options, quiet());
  // Stopped after 2 steps (a call cut short by the limit), resumed with K = 2.
  auto stopped = quiet();
  stopped.max_steps = 2;
  EXPECT_EQ(run_training({dir / "resumed"}, options, stopped).end, TrainEnd::step_limit);
  EXPECT_EQ(train::load_checkpoint(dir / "resumed" / "last.safetensors").step, 2);
  options.device_iterations = 2;
  auto rest = quiet();
  rest.resume = true;
  EXPECT_EQ(run_training({dir / "resumed"}, options, rest).end, TrainEnd::finished);

  const auto one = train::load_checkpoint(dir / "one" / "last.safetensors");
  for (const auto* run : {"three", "resumed"}) {
    const auto other = train::load_checkpoint(dir / run / "last.safetensors");
    EXPECT_EQ(one.step, other.step) << run;
    EXPECT_EQ(max_relative_difference(one.params, other.params), 0.0) << run;
    EXPECT_EQ(max_relative_difference(one.buffers, other.buffers), 0.0) << run;
    const auto la = lines_of(dir / "one" / "metrics.jsonl");
    const auto lb = lines_of(dir / run / "metrics.jsonl");
    ASSERT_EQ(la.size(), lb.size()) << run;
    for (std::size_t i = 0; i < la.size(); ++i) {
      const auto ja = nlohmann::json::parse(la[i]), jb = nlohmann::json::parse(lb[i]);
      EXPECT_EQ(ja["train_loss"], jb["train_loss"]) << run << i;
      EXPECT_EQ(ja["step"], jb["step"]) << run << i;
    }
  }
  // One host call per step with K = 1; ceil(steps / 3) calls with K = 3.
  const auto first = nlohmann::json::parse(lines_of(dir / "one" / "metrics.jsonl").front());
  const auto fused = nlohmann::json::parse(lines_of(dir / "three" / "metrics.jsonl").front());
  const auto steps = first["step"].get<std::int64_t>();
  EXPECT_EQ(first["host_calls"], steps);
  EXPECT_EQ(fused["host_calls"], (steps + 2) / 3);
  EXPECT_EQ(fused["device_iterations"], 3);
  EXPECT_GT(fused["device_call_seconds"].get<double>(), 0.0);
  EXPECT_GE(fused["host_seconds"].get<double>(), 0.0);
  // Memory: the device holds more than the activations, the process more than the device.
  EXPECT_GT(fused["memory_bytes"].get<double>(), fused["activation_bytes"].get<double>());
  EXPECT_GT(fused["peak_resident_bytes"].get<double>(), fused["memory_bytes"].get<double>());
}

TEST(TrainLoop, CtrlCSavesACheckpointThatResumes) {
  const auto dir = test::scratch_dir("train_interrupt");
  const auto data = labelled_dataset(dir, "data", 48);
  const auto model = small_model(dir, "bn", true);
  const auto run = dir / "run";
  const std::string train = std::string(CONDNET_BINARY) + " train --data " + data.string() +
                            " --model " + model.string() + " --batch 8 --epochs 100000 -o " +
                            run.string();
  // Interrupt once the first epoch has been written, so the run is well inside its loop.
  const auto result = test::run_shell(
      "(" + train + " --quiet & pid=$!; for i in $(seq 300); do [ -s " +
      (run / "metrics.jsonl").string() +
      " ] && break; sleep 0.1; done; kill -INT $pid; wait $pid;" + " echo exit=$?)");
  EXPECT_NE(result.output.find("exit=130"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("--resume"), std::string::npos) << result.output;
  const auto saved = train::load_checkpoint(run / "last.safetensors");
  EXPECT_GT(saved.step, 0);
  const auto resumed =
      test::run_condnet("train --resume " + run.string() + " --max-steps 2 --quiet");
  EXPECT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_EQ(train::load_checkpoint(run / "last.safetensors").step, saved.step + 2);
  // How the steps run may change: one more step pipelined over two stages, K = 2.
  const auto pipelined = test::run_condnet("train --resume " + run.string() +
                                           " --max-steps 1 --stages 2 --split balanced "
                                           "--device-iterations 2 --quiet");
  EXPECT_EQ(pipelined.exit_code, 0) << pipelined.output;
  EXPECT_EQ(train::load_checkpoint(run / "last.safetensors").step, saved.step + 3);
  // Options other than --epochs/--max-steps cannot change on resume.
  const auto refused = test::run_condnet("train --resume " + run.string() + " --lr 0.5");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.output.find("--lr"), std::string::npos) << refused.output;
}

TEST(TrainLoop, InitFromStartsAtAnotherRunsWeights) {
  const auto dir = test::scratch_dir("train_init_from");
  const auto data = labelled_dataset(dir, "data", 48);
  const auto model = small_model(dir, "bn", true);
  auto options = options_for(data, model);
  run_training({dir / "first"}, options, quiet());
  const auto first = train::load_checkpoint(dir / "first" / "best.safetensors");
  // One step at a negligible rate: the weights stay the first run's best.
  options.init_from = (dir / "first").string();
  options.lr = 1e-12;
  options.weight_decay = 0;
  auto one_step = quiet();
  one_step.max_steps = 1;
  run_training({dir / "tuned"}, options, one_step);
  const auto tuned = train::load_checkpoint(dir / "tuned" / "last.safetensors");
  EXPECT_LT(max_relative_difference(first.params, tuned.params), 1e-6);
  // Another architecture is refused.
  options.init_from = (dir / "first").string();
  options.model = small_model(dir, "nobn", false).string();
  EXPECT_THROW(run_training({dir / "other"}, options, quiet()), Error);
}

TEST(TrainLoop, TwoPipelineStagesTrainLikeOneDevice) {
  const auto dir = test::scratch_dir("train_stages");
  const auto data = labelled_dataset(dir, "data", 48);
  const auto model = test::staged_model(dir);
  auto options = options_for(data, model);
  options.batch = 4;
  options.accum = 2;
  run_training({dir / "one"}, options, quiet());
  for (const std::string schedule : {"1f1b", "gpipe"}) {
    auto staged = options;
    staged.stages = 2;
    staged.pipeline_schedule = schedule;
    run_training({dir / schedule}, staged, quiet());
    const auto a = train::load_checkpoint(dir / "one" / "last.safetensors");
    const auto b = train::load_checkpoint(dir / schedule / "last.safetensors");
    EXPECT_EQ(a.step, b.step);
    EXPECT_LT(max_relative_difference(a.params, b.params), 1e-4) << schedule;
    const auto line = nlohmann::json::parse(lines_of(dir / schedule / "metrics.jsonl").back());
    ASSERT_EQ(line["pipeline"]["stages"].size(), 2u) << line.dump();
    EXPECT_GE(line["pipeline"]["bubble"].get<double>(), 0.0);
    EXPECT_LT(line["pipeline"]["bubble"].get<double>(), 1.0);
    EXPECT_DOUBLE_EQ(line["pipeline"]["theoretical_bubble"].get<double>(), 1.0 / 3.0);
    // Both stages appear in the timeline.
    const auto trace = nlohmann::json::parse(std::ifstream(dir / schedule / "trace.json"));
    std::set<int> rows;
    for (const auto& event : trace["traceEvents"])
      if (event["ph"] == "X" && event["name"] == "forward") rows.insert(event["tid"].get<int>());
    EXPECT_EQ(rows, (std::set<int>{0, 1})) << schedule;
  }
}

TEST(BatchLoader, AnyStartingPointYieldsTheUninterruptedSequence) {
  data::SampleSet set;
  set.edge = 4;
  for (int s = 0; s < 10; ++s) {
    for (int v = 0; v < 64; ++v) set.volumes.push_back(static_cast<std::uint8_t>((v * 7 + s) % 3));
    set.eps.push_back(0.5f);
    set.d_eff.push_back({0.1f * s / 10, 0.2f, 0.3f});
    set.family.push_back("f");
    set.origin.push_back("o");
  }
  const data::LoaderOptions options{2, 2, 9, true, 2};
  std::vector<data::LoaderStep> straight;
  {
    data::BatchLoader loader(set, options, 0, 0);
    ASSERT_EQ(loader.steps_per_epoch(), 2);
    for (int i = 0; i < 6; ++i) straight.push_back(loader.next());
  }
  data::BatchLoader later(set, options, 1, 1);
  for (int i = 3; i < 6; ++i) {
    const auto step = later.next();
    EXPECT_EQ(step.epoch, straight[i].epoch);
    EXPECT_EQ(step.step, straight[i].step);
    for (int m = 0; m < 2; ++m) {
      EXPECT_EQ(step.micro[m].x, straight[i].micro[m].x);
      EXPECT_EQ(step.micro[m].ratio, straight[i].micro[m].ratio);
    }
  }
  // A checkpoint taken after an epoch's last step (--checkpoint-every landing there) resumes
  // at (epoch, steps_per_epoch): that is the next epoch's first step. The loader once started
  // past the epoch's order there (reading out of bounds; the rare Crash.train segfault).
  data::BatchLoader at_the_end(set, options, 0, 2);
  for (int i = 2; i < 6; ++i) {
    const auto step = at_the_end.next();
    EXPECT_EQ(step.epoch, straight[i].epoch);
    EXPECT_EQ(step.step, straight[i].step);
    for (int m = 0; m < 2; ++m) EXPECT_EQ(step.micro[m].x, straight[i].micro[m].x);
  }
  // Recycled buffers, poisoned before they go back, are refilled whole: the same sequence, in
  // the buffers handed back.
  data::BatchLoader recycling(set, options, 0, 0);
  std::set<const float*> handed_back;
  int reused = 0;
  for (int i = 0; i < 6; ++i) {
    auto step = recycling.next();
    EXPECT_EQ(step.step, straight[i].step);
    for (int m = 0; m < 2; ++m) {
      EXPECT_EQ(step.micro[m].x, straight[i].micro[m].x) << "step " << i;
      EXPECT_EQ(step.micro[m].ratio, straight[i].micro[m].ratio) << "step " << i;
    }
    reused += handed_back.count(step.micro[0].x.data()) > 0;
    for (auto& micro : step.micro) {
      std::fill(micro.x.begin(), micro.x.end(), std::nanf(""));
      std::fill(micro.ratio.begin(), micro.ratio.end(), std::nanf(""));
      handed_back.insert(micro.x.data());
    }
    recycling.recycle(std::move(step));
  }
  EXPECT_GT(reused, 0);
  // Epochs visit the samples in different orders.
  EXPECT_NE(data::epoch_order(10, 9, 0), data::epoch_order(10, 9, 1));
}

TEST(BatchLoader, AugmentationPermutesTheTargetsWithTheAxes) {
  // A sample conducting only along x (channels along x): under every symmetry the conducting
  // direction, the nonzero target and bound, and (spanning encoding) the one nonempty channel
  // move together.
  data::SampleSet set;
  set.edge = 8;
  set.volumes.assign(512, 0);
  for (int x = 0; x < 8; ++x) set.volumes[(x * 8 + 2) * 8 + 3] = 1;  // line along x at y 2, z 3
  set.eps = {1.0f / 64};
  set.d_eff = {{1.0f / 64, 0.0f, 0.0f}};
  set.family = {"line"};
  set.origin = {"o"};
  for (const char* name : {"phase", "spanning"}) {
    const auto encoding = data::InputEncoding::parse(name, "test");
    std::vector<float> x(encoding.channels() * 512);
    for (int k = 0; k < 48; ++k) {
      const auto input = data::make_input(set, encoding, 0, k, x);
      const auto& ratio = input.target_ratio;
      const int axis =
          static_cast<int>(std::max_element(ratio.begin(), ratio.end()) - ratio.begin());
      EXPECT_FLOAT_EQ(ratio[axis], 1.0f) << name;
      for (int a = 0; a < 3; ++a) EXPECT_EQ(input.bound[a], a == axis ? 1.0 / 64 : 0.0) << name;
      // The channel holding the line: the only one (phase), or the one along `axis` (spanning).
      const auto plane = std::span(x).subspan(encoding.channels() == 1 ? 0 : axis * 512, 512);
      EXPECT_EQ(std::count(x.begin(), x.end(), 1.0f), 8) << name << " symmetry " << k;
      // The line now runs along `axis`: every conducting voxel's neighbour along it conducts too.
      int along = 0;
      for (int i = 0; i < 8; ++i)
        for (int j = 0; j < 8; ++j)
          for (int l = 0; l < 8; ++l) {
            if (plane[(i * 8 + j) * 8 + l] == 0.0f) continue;
            const int c[3] = {i, j, l};
            int n[3] = {i, j, l};
            n[axis] = (c[axis] + 1) % 8;
            along += plane[(n[0] * 8 + n[1]) * 8 + n[2]] == 1.0f;
          }
      EXPECT_EQ(along, 8) << name << " symmetry " << k;
    }
  }
}

}  // namespace
}  // namespace condnet::surrogate
