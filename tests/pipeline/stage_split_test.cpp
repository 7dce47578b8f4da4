// Splitting models into pipeline stages: at markers, refused across skip connections, and
// balanced by measured time.
#include "pipeline/stage_split.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "nn/model_paths.hpp"
#include "pipeline/pipeline_fixture.hpp"

namespace condnet::test {
namespace {

std::vector<nn::Graph> parse_all(const std::vector<nlohmann::json>& stages) {
  std::vector<nn::Graph> graphs;
  for (const auto& stage : stages) graphs.push_back(nn::Graph::parse(stage, "stage"));
  return graphs;
}

std::vector<std::string> layer_names(const nn::Graph& graph) {
  std::vector<std::string> names;
  for (const auto& node : graph.nodes()) names.push_back(node.name);
  return names;
}

// Every parameter and buffer of `full` appears in exactly one stage, with its shape.
void expect_slices_map_one_to_one(const nn::Graph& full, const std::vector<nn::Graph>& stages) {
  for (const bool params : {true, false}) {
    std::map<std::string, nn::Dims> in_stages;
    for (const auto& stage : stages)
      for (const auto& slice : params ? stage.param_slices() : stage.buffer_slices())
        EXPECT_TRUE(in_stages.emplace(slice.name, slice.shape).second) << slice.name;
    const auto slices = params ? full.param_slices() : full.buffer_slices();
    EXPECT_EQ(in_stages.size(), slices.size());
    for (const auto& slice : slices) {
      const auto found = in_stages.find(slice.name);
      ASSERT_NE(found, in_stages.end()) << slice.name;
      EXPECT_EQ(found->second, slice.shape) << slice.name;
    }
  }
}

TEST(StageSplit, BaseModelSplitsAtItsMarker) {
  const auto full = nn::Graph::load(model_file("base.json"));
  ASSERT_EQ(full.stage_count(), 2);
  const auto stages = parse_all(pipeline::split_at_markers(full, "base.json"));
  ASSERT_EQ(stages.size(), 2u);
  EXPECT_EQ(stages[0].input_shape(), full.input_shape());
  EXPECT_EQ(layer_names(stages[0]), (std::vector<std::string>{"conv1", "bn1", "relu1", "pool1",
                                                              "conv2", "bn2", "relu2", "pool2"}));
  // After two poolings of 64^3 with 32 channels.
  EXPECT_EQ(stages[1].input_shape(), (nn::Dims{32, 16, 16, 16}));
  EXPECT_EQ(stages[1].nodes().front().name, "conv3");
  EXPECT_EQ(stages[1].nodes().size(), 12u);
  EXPECT_EQ(stages[1].output_shape(), full.output_shape());
  EXPECT_EQ(stages[1].output_names(), full.output_names());
  expect_slices_map_one_to_one(full, stages);
  EXPECT_EQ(stages[0].param_count() + stages[1].param_count(), full.param_count());
}

TEST(StageSplit, RefusesASkipConnectionAcrossTheCut) {
  const auto graph = nn::Graph::parse(nlohmann::json::parse(R"({"input": [2, 4, 4, 4], "layers": [
      {"type": "conv3d", "name": "a", "out_channels": 2, "padding": 1},
      {"type": "relu", "name": "b"},
      {"type": "stage", "name": "cut"},
      {"type": "conv3d", "name": "c", "out_channels": 2, "padding": 1},
      {"type": "add", "name": "d", "inputs": ["c", "a"]},
      {"type": "global_avg_pool", "name": "gap"}]})"),
                                      "skip.json");
  try {
    pipeline::split_at_markers(graph, "skip.json");
    FAIL() << "a skip connection across the cut was accepted";
  } catch (const Error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("skip.json"), std::string::npos) << message;
    EXPECT_NE(message.find("'a'"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
  // The same skip connection inside one stage is fine.
  EXPECT_EQ(pipeline::split_at(graph, std::vector<int>{}, "skip.json").size(), 1u);
}

TEST(StageSplit, AutomaticSplitBalancesMeasuredTime) {
  // Six equal conv blocks and a cheap head, with the marker after the first block: the
  // marker split is badly unbalanced, a balanced one puts about three blocks per stage.
  const auto graph =
      nn::Graph::parse(nlohmann::json::parse(conv_blocks_model(16, 16, 16, 6, 1)), "six.json");
  pipeline::BalanceOptions options;
  options.batch = 4;
  options.repeats = 7;
  // One core, as a pipeline stage runs: a two-thread team on a shared machine times noisily.
  if (const auto devices = one_cpu_per_stage(); !devices.empty()) options.device = devices[0];
  const auto split = pipeline::split_balanced(graph, 2, options, "six.json");
  ASSERT_EQ(split.stages.size(), 2u);
  ASSERT_EQ(split.cuts.size(), 1u);
  EXPECT_EQ(split.block_cuts.size(), 7u);  // before conv2..conv6, gap and head
  const auto stages = parse_all(split.stages);
  expect_slices_map_one_to_one(graph, stages);
  EXPECT_GT(split.cuts[0], 4);  // later than the marker's cut before conv2 (node 4)

  // Independent of timing: the slowest stage's training FLOPs at the chosen cut are within
  // 15% of the best cut's (neighbouring cuts differ by a whole block, about 35%).
  const auto slowest_flops = [&](int cut) {
    const auto split_here = parse_all(pipeline::split_at(graph, std::vector<int>{cut}, "six.json"));
    return std::max(split_here[0].training_flops(false), split_here[1].training_flops(true));
  };
  double best_flops = INFINITY;
  for (const int cut : split.block_cuts) best_flops = std::min(best_flops, slowest_flops(cut));
  EXPECT_LT(slowest_flops(split.cuts[0]), 1.15 * best_flops) << "cut before node " << split.cuts[0];

  // Measured again, stage by stage, as the pipeline runs them: balanced within reason, and
  // better than the marker's split.
  options.repeats = 15;
  std::vector<double> seconds;
  for (std::size_t s = 0; s < stages.size(); ++s)
    seconds.push_back(pipeline::time_training_pass(stages[s], options, s > 0));
  const double ratio = std::max(seconds[0], seconds[1]) / std::min(seconds[0], seconds[1]);
  EXPECT_LT(ratio, 1.5) << "stage times " << seconds[0] << " s and " << seconds[1] << " s";
  const auto marker = parse_all(pipeline::split_at_markers(graph, "six.json"));
  const double marker_slowest = std::max(pipeline::time_training_pass(marker[0], options, false),
                                         pipeline::time_training_pass(marker[1], options, true));
  EXPECT_LT(std::max(seconds[0], seconds[1]), marker_slowest);
}

}  // namespace
}  // namespace condnet::test
