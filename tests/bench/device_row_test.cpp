// A one-stage `condnet bench` row (bench/device_row.hpp) and the sweep runner around it: the
// busy fraction is measured -- a replica that waits for its gradient sums is busy for less
// than the step, by at least the wait -- the row runs on the device the options name, and a
// configuration that cannot run becomes a row with its error.
#include "bench/device_row.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "bench/sweep_runner.hpp"
#include "core/error.hpp"
#include "runtime/device.hpp"
#include "surrogate/surrogate_fixture.hpp"
#include "test_paths.hpp"

namespace condnet::test {
namespace {

using namespace std::chrono_literals;

nn::Graph tiny_graph() {
  return nn::Graph::parse(nlohmann::json::parse(R"({"name": "tiny", "input": [1, 8, 8, 8],
      "layers": [{"type": "conv3d", "out_channels": 4, "padding": 1}, {"type": "relu"},
                 {"type": "global_avg_pool"}, {"type": "linear", "out_features": 3}]})"),
                          "tiny");
}

// Stands for a second replica that is always late: every sum completes only in finish(),
// `delay` after it was asked for. Values are left as they are.
class LateReplica final : public train::GradientReducer {
 public:
  explicit LateReplica(std::chrono::milliseconds delay) : delay_(delay) {}
  void begin_step() override { started_ = 0; }
  void reduce(std::span<float>) override { std::this_thread::sleep_for(delay_); }
  int reduce_async(std::span<float>) override { return started_++; }
  std::vector<int> poll() override { return {}; }
  std::vector<int> finish() override {
    std::this_thread::sleep_for(delay_);
    std::vector<int> handles(static_cast<std::size_t>(started_));
    for (int h = 0; h < started_; ++h) handles[static_cast<std::size_t>(h)] = h;
    return handles;
  }

 private:
  std::chrono::milliseconds delay_;
  int started_ = 0;
};

bench::SweepConfig one_stage(int replicas) {
  bench::SweepConfig config;
  config.micro_batch = 2;
  config.accum = 2;
  config.replicas = replicas;
  return config;
}

TEST(DeviceRow, OneReplicaNeverWaits) {
  const auto graph = tiny_graph();
  auto device = runtime::make_device("cpu");
  const auto row = bench::measure_on_device(*device, graph, one_stage(1), 1, 2);
  EXPECT_GT(row.samples_per_second, 0);
  EXPECT_NEAR(row.samples_per_second * row.step_seconds, 4.0, 1e-9);  // M B samples a step
  EXPECT_EQ(row.busy_fraction, 1.0);
  EXPECT_EQ(row.bubble, 0.0);
  EXPECT_GT(row.memory_bytes, 0u);
}

TEST(DeviceRow, WaitingForTheOtherReplicasIsNotBusy) {
  const auto graph = tiny_graph();
  auto device = runtime::make_device("cpu");
  constexpr auto kDelay = 40ms;
  const auto row = bench::measure_on_device(*device, graph, one_stage(2), 1, 3,
                                            std::make_unique<LateReplica>(kDelay));
  // Each step waited at least kDelay of its step_seconds.
  const double waited = std::chrono::duration<double>(kDelay).count();
  EXPECT_GT(row.step_seconds, waited);
  EXPECT_GT(row.busy_fraction, 0.0);
  EXPECT_LE(row.busy_fraction, 1.0 - waited / row.step_seconds + 1e-9) << row.step_seconds;
  EXPECT_NEAR(row.samples_per_second * row.step_seconds, 2 * 4.0, 1e-9);  // both replicas
}

TEST(SweepRunner, RowsRunOnTheNamedDevice) {
  const auto graph = tiny_graph();
  bench::SweepOptions options;
  options.model = "tiny";
  options.warmup = 0;
  options.steps = 1;
  options.device = "reference";
  auto config = one_stage(1);
  config.dtype = runtime::DType::bf16;  // the reference device computes in fp32 only
  try {
    bench::measure_row(graph, config, options);
    ADD_FAILURE() << "bf16 ran on the reference device";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'reference'"), std::string::npos) << e.what();
  }
  config.dtype = runtime::DType::f32;
  const auto row = bench::measure_row(graph, config, options);
  EXPECT_GT(row.samples_per_second, 0);
  EXPECT_GT(row.busy_fraction, 0);
  EXPECT_LE(row.busy_fraction, 1);
}

TEST(SweepRunner, AConfigurationThatCannotRunIsARowWithItsError) {
  const auto dir = scratch_dir("sweep_runner");
  const auto model = staged_model(dir);
  const auto graph = nn::Graph::load(model);
  bench::SweepOptions options;
  options.model = model.string();
  options.warmup = 0;
  options.steps = 1;
  options.device = "reference";
  auto pipelined = one_stage(1);
  pipelined.stages = 2;
  std::vector<std::size_t> progress;
  const auto rows = bench::run_sweep(graph, {pipelined, one_stage(1)}, options,
                                     [&](std::size_t done, std::size_t total) {
                                       EXPECT_EQ(total, 2u);
                                       progress.push_back(done);
                                     });
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_NE(rows[0].error.find("--device reference: pipeline stages run on CPU core groups"),
            std::string::npos)
      << rows[0].error;
  EXPECT_EQ(rows[0].config.stages, 2);
  EXPECT_EQ(rows[1].error, "");
  EXPECT_GT(rows[1].samples_per_second, 0);
  EXPECT_EQ(progress, (std::vector<std::size_t>{1, 2}));
  const auto report = bench::sweep_report(graph, rows);
  EXPECT_EQ(report["model"], "staged");
  EXPECT_EQ(report["rows"].size(), 2u);
  EXPECT_EQ(bench::row_from_json(report["rows"][1]).busy_fraction, rows[1].busy_fraction);
}

}  // namespace
}  // namespace condnet::test
