// Stages on named devices: `--devices`, a stage marker's "device", else an equal share of the
// CPUs the process may use -- and under `taskset` every stage runs inside that allowance.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sched.h>

#include <fstream>
#include <thread>

#include "core/cpu_set.hpp"
#include "core/error.hpp"
#include "nn/graph.hpp"
#include "runtime/device.hpp"
#include "surrogate/pipelined_training.hpp"
#include "surrogate/surrogate_fixture.hpp"
#include "train/core_groups.hpp"

namespace condnet::surrogate {
namespace {

// conv | stage marker naming `device` | conv, head.
nn::Graph marked_graph(const std::string& device) {
  nlohmann::json marker{{"type", "stage"}, {"name", "cut"}};
  if (!device.empty()) marker["device"] = device;
  return nn::Graph::parse(
      {{"input", {1, 8, 8, 8}},
       {"layers",
        {{{"type", "conv3d"}, {"name", "c1"}, {"out_channels", 4}, {"kernel", 3}, {"padding", 1}},
         marker,
         {{"type", "conv3d"}, {"name", "c2"}, {"out_channels", 4}, {"kernel", 3}, {"padding", 1}},
         {{"type", "global_avg_pool"}, {"name", "gap"}},
         {{"type", "linear"}, {"name", "fc"}, {"out_features", 3}}}}},
      "marked");
}

TrainOptions two_stages() {
  TrainOptions options;
  options.stages = 2;
  return options;
}

TEST(StageDevices, AStageMarkerNamesItsStagesDevice) {
  const auto last = runtime::cpu_device_name({allowed_cpus().back()});
  const auto graph = marked_graph(last);
  EXPECT_EQ(graph.stage_devices(), (std::vector<std::string>{"", last}));
  const auto devices = stage_devices(graph, two_stages(), train::Replicas{});
  ASSERT_EQ(devices.size(), 2u);
  EXPECT_EQ(devices[1], last);
  // Stage 0 names none: its share of the allowed CPUs.
  EXPECT_EQ(devices[0], runtime::cpu_device_name(train::core_groups(2)[0]));
  // --devices wins over the markers, and must name one device per stage.
  auto options = two_stages();
  options.devices = {"reference", "cpu"};
  EXPECT_EQ(stage_devices(graph, options, train::Replicas{}), options.devices);
  options.devices = {"cpu"};
  EXPECT_THROW(stage_devices(graph, options, train::Replicas{}), Error);
}

TEST(StageDevices, DeviceNamesSayWhatIsAllowed) {
  const auto cpus = allowed_cpus();
  const auto all = runtime::cpu_device_name(cpus);
  EXPECT_EQ(runtime::make_device(all)->info().name, all);
  EXPECT_EQ(runtime::make_device("cpu")->info().name, "cpu");
  EXPECT_EQ(format_cpu_list({0, 1, 2, 3, 6, 8, 9}), "0-3,6,8-9");
  EXPECT_EQ(parse_cpu_list(format_cpu_list(cpus), "test"), cpus);
  for (const std::string& bad :
       std::vector<std::string>{"gpu", "cpu:", "cpu:a", "cpu:3-1", "cpu:1-", "cpu:0,,1",
                                "cpu:99999", "cpu:" + std::to_string(cpus.back() + 1)}) {
    try {
      runtime::check_device_name(bad, "--devices");
      ADD_FAILURE() << bad << " was taken";
    } catch (const Error& error) {
      EXPECT_NE(std::string(error.what()).find("--devices"), std::string::npos) << error.what();
    }
  }
}

TEST(StageDevices, ABoundThreadRunsOnItsDevicesCpus) {
  const int last = allowed_cpus().back();
  std::vector<int> seen;
  std::thread([&] {
    runtime::make_device_for_this_thread(runtime::cpu_device_name({last}));
    cpu_set_t set;
    CPU_ZERO(&set);
    sched_getaffinity(0, sizeof(set), &set);
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
      if (CPU_ISSET(cpu, &set)) seen.push_back(cpu);
  }).join();
  EXPECT_EQ(seen, std::vector<int>{last});
}

// `taskset -c L condnet train --stages 2`: both stages on CPU L, the only one allowed, as the
// metrics say; a stage named outside the allowance is refused in one line.
TEST(StageDevices, UnderTasksetEveryStageRunsOnTheAllowedCpu) {
  const auto dir = test::scratch_dir("stage_devices_taskset");
  const auto data = test::labelled_dataset(dir, "data", 24);
  const auto model = test::staged_model(dir);
  const auto cpus = allowed_cpus();
  const int last = cpus.back();
  const auto common = "train --quiet --epochs 1 --batch 4 --accum 2 --stages 2 --data " +
                      data.string() + " --model " + model.string() + " -o ";
  const auto run = test::run_shell(
      fmt::format("taskset -c {} {} {}", last, CONDNET_BINARY, common + (dir / "pinned").string()));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::ifstream metrics(dir / "pinned" / "metrics.jsonl");
  std::string line;
  ASSERT_TRUE(std::getline(metrics, line));
  const auto stages = nlohmann::json::parse(line)["pipeline"]["stages"];
  ASSERT_EQ(stages.size(), 2u);
  for (const auto& stage : stages) EXPECT_EQ(stage["device"], fmt::format("cpu:{}", last));
  if (cpus.size() < 2) GTEST_SKIP() << "one CPU: nothing lies outside the allowance";
  const auto outside = test::run_shell(
      fmt::format("taskset -c {} {} {} --devices cpu:{} cpu:{}", last, CONDNET_BINARY,
                  common + (dir / "outside").string(), cpus.front(), last));
  EXPECT_NE(outside.exit_code, 0);
  EXPECT_NE(outside.output.find(fmt::format("CPU {}", cpus.front())), std::string::npos)
      << outside.output;
}

}  // namespace
}  // namespace condnet::surrogate
