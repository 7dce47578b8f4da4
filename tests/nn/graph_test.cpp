#include "nn/graph.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "nn/init.hpp"
#include "nn/layers/conv3d.hpp"
#include "nn/model_paths.hpp"
#include "nn/rng.hpp"

namespace condnet::test {
namespace {

nn::Graph parse(const std::string& text) {
  return nn::Graph::parse(nlohmann::json::parse(text), "m.json");
}

// The message of the Error that parsing `text` throws ("" when it parses).
std::string parse_error(const std::string& text) {
  try {
    parse(text);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Graph, BaseModelHasTheIssuesShape) {
  const auto graph = nn::Graph::load(model_file("base.json"));
  EXPECT_EQ(graph.input_shape(), (nn::Dims{1, 64, 64, 64}));
  EXPECT_EQ(graph.output_shape(), (nn::Dims{3}));
  EXPECT_EQ(graph.output_names().size(), 3u);
  EXPECT_EQ(graph.stage_count(), 2);
  // conv(1->16)+BN+ReLU+pool, then 16->32, 32->64, 64->128: 64^3 -> 4^3 with 128 channels.
  const std::int64_t channels[] = {1, 16, 32, 64, 128};
  std::int64_t convs = 0, weights = 0, extent = 64;
  for (const auto& node : graph.nodes()) {
    if (node.layer->type() == "conv3d") {
      const auto& conv = node.layer->as<nn::Conv3d>();
      EXPECT_EQ(conv.in_channels, channels[convs]);
      EXPECT_EQ(conv.out_channels, channels[convs + 1]);
      EXPECT_EQ(node.shape, (nn::Dims{channels[convs + 1], extent, extent, extent}));
      weights += channels[convs] * channels[convs + 1] * 27;
      ++convs;
    }
    if (node.layer->type() == "maxpool3d") extent /= 2;
  }
  EXPECT_EQ(convs, 4);
  EXPECT_EQ(extent, 4);
  const std::int64_t bn = 2 * (16 + 32 + 64 + 128);
  const std::int64_t head = 128 * 64 + 64 + 64 * 3 + 3;
  EXPECT_EQ(graph.param_count(), weights + bn + head);
  EXPECT_GE(graph.buffer_floats(), 2 * (16 + 32 + 64 + 128));
}

TEST(Graph, FlopCountsFollowTheConvolutionFormula) {
  const auto graph = nn::Graph::load(model_file("base.json"));
  // Forward multiply-adds of the four 3x3x3 convolutions, counted plainly.
  double conv_flops = 0;
  const std::int64_t channels[] = {1, 16, 32, 64, 128};
  for (int block = 0; block < 4; ++block) {
    const double voxels = std::pow(64.0 / (1 << block), 3);
    conv_flops += 2.0 * voxels * channels[block] * channels[block + 1] * 27;
  }
  double counted = 0;
  for (const auto& node : graph.nodes())
    if (node.layer->type() == "conv3d") counted += node.cost.forward_flops;
  EXPECT_DOUBLE_EQ(counted, conv_flops);
  // Training: forward + weight gradients everywhere + data gradients except into the input.
  const auto& conv1 = graph.nodes().front().cost;
  const auto total = graph.total_cost();
  EXPECT_DOUBLE_EQ(graph.training_flops(), total.forward_flops + total.backward_weights_flops +
                                               total.backward_data_flops -
                                               conv1.backward_data_flops);
  EXPECT_GT(total.forward_bytes, 4.0 * 16 * 64 * 64 * 64);
}

TEST(Graph, DumpsBackToTheSameModel) {
  for (const char* name : {"base.json", "fast.json"}) {
    const auto graph = nn::Graph::load(model_file(name));
    const auto dumped = graph.to_json();
    const auto again = nn::Graph::parse(dumped, "dumped");
    EXPECT_EQ(again.to_json(), dumped) << name;
    EXPECT_EQ(again.param_count(), graph.param_count());
  }
  const auto graph = parse(R"({"input": [2, 4, 4, 4], "layers": [
      {"type": "conv3d", "name": "c", "out_channels": 3, "kernel": [3, 1, 1], "padding": [1, 0, 0]},
      {"type": "leaky_relu", "negative_slope": 0.25, "name": "a"},
      {"type": "add", "inputs": ["c", "a"]}]})");
  const auto json = graph.to_json();
  EXPECT_EQ(json["layers"][0]["kernel"], nlohmann::json({3, 1, 1}));
  EXPECT_EQ(json["layers"][0]["in_channels"], 2);
  EXPECT_EQ(json["layers"][1]["negative_slope"], 0.25);
  EXPECT_EQ(json["layers"][2]["inputs"], nlohmann::json({"c", "a"}));
}

TEST(Graph, ShapeErrorsNameTheLayerAndShapes) {
  const auto message = parse_error(R"({"input": [1, 4, 4, 4], "layers": [
      {"type": "maxpool3d", "kernel": 2, "name": "p"},
      {"type": "conv3d", "name": "big", "out_channels": 2, "kernel": 5}]})");
  EXPECT_NE(message.find("layer 'big' (conv3d)"), std::string::npos) << message;
  EXPECT_NE(message.find("(1, 2, 2, 2)"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;

  EXPECT_NE(parse_error(R"({"input": [3, 4, 4, 4], "layers": [
      {"type": "conv3d", "in_channels": 2, "out_channels": 2}]})")
                .find("in_channels is 2 but the input (3, 4, 4, 4) has 3"),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"input": [3, 4, 4, 4], "layers": [
      {"type": "relu", "name": "a"}, {"type": "maxpool3d", "name": "b", "inputs": ["input"]},
      {"type": "add", "inputs": ["a", "b"]}]})")
                .find("inputs (3, 4, 4, 4) and (3, 2, 2, 2) differ"),
            std::string::npos);
}

TEST(Graph, RejectsUnknownTypesFieldsAndWiring) {
  EXPECT_NE(parse_error(R"({"input": [1, 4, 4, 4], "layers": [{"type": "conv2d"}]})")
                .find("unknown layer type \"conv2d\" (allowed: "),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"input": [1, 4, 4, 4], "layers": [
      {"type": "conv3d", "out_channels": 2, "kernal": 3}]})")
                .find("unknown field 'kernal'"),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"input": [1, 4, 4, 4], "layers": [
      {"type": "conv3d", "out_channels": 2, "kernel": [3, 3]}]})")
                .find("'kernel' must be an integer >= 1 or a list of three"),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"input": [1, 4, 4, 4], "layers": [
      {"type": "relu", "inputs": ["later"]}, {"type": "relu", "name": "later"}]})")
                .find("not \"input\" or the name of an earlier layer"),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"input": [1, 4, 4, 4], "layers": [
      {"type": "relu", "name": "a"}, {"type": "relu", "inputs": ["input"]}]})")
                .find("output of layer 'a' is never used"),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"input": [1, 4, 4, 4], "layers": [{"type": "add"}]})")
                .find("takes 2 to 64 inputs, got 1"),
            std::string::npos);
  EXPECT_NE(parse_error(R"({"input": [1, 4, 4], "layers": [{"type": "relu"}]})")
                .find("\"input\" must be the shape of one sample"),
            std::string::npos);
}

TEST(Graph, StageMarkersSplitTheNodes) {
  const auto graph = parse(R"({"input": [1, 4, 4, 4], "layers": [
      {"type": "relu"}, {"type": "stage", "device": "cpu"}, {"type": "relu"},
      {"type": "stage"}, {"type": "relu"}]})");
  std::vector<int> stages;
  for (const auto& node : graph.nodes()) stages.push_back(node.stage);
  EXPECT_EQ(stages, (std::vector<int>{0, 1, 1, 2, 2}));
  EXPECT_EQ(graph.to_json()["layers"][1]["device"], "cpu");
}

TEST(Init, KaimingNormalFromASeed) {
  const auto graph = nn::Graph::load(model_file("base.json"));
  std::vector<float> params(graph.param_floats()), buffers(graph.buffer_floats());
  nn::init_parameters(graph, params, buffers, 42);
  for (const auto& slice : graph.param_slices()) {
    double sum = 0, squares = 0;
    for (std::int64_t i = 0; i < slice.size; ++i) {
      sum += params[slice.offset + i];
      squares += params[slice.offset + i] * params[slice.offset + i];
    }
    const double mean = sum / slice.size, var = squares / slice.size - mean * mean;
    if (slice.init == nn::Init::kaiming_normal && slice.size > 10000) {
      EXPECT_NEAR(var, 2.0 / slice.fan_in, 0.03 * 2.0 / slice.fan_in) << slice.name;
      EXPECT_NEAR(mean, 0.0, 5 * std::sqrt(2.0 / slice.fan_in / slice.size)) << slice.name;
    }
    if (slice.init == nn::Init::ones) EXPECT_EQ(mean, 1.0) << slice.name;
    if (slice.init == nn::Init::zeros) EXPECT_EQ(squares, 0.0) << slice.name;
  }
  std::vector<float> again(params.size()), other(params.size());
  nn::init_parameters(graph, again, buffers, 42);
  nn::init_parameters(graph, other, buffers, 43);
  EXPECT_EQ(again, params);
  EXPECT_NE(other, params);
}

TEST(Rng, UniformAndNormalMoments) {
  nn::Rng rng(1);
  double sum = 0, normal_sum = 0, normal_squares = 0;
  const int count = 200000;
  for (int i = 0; i < count; ++i) {
    const float u = rng.uniform();
    ASSERT_GE(u, 0.0f);
    ASSERT_LT(u, 1.0f);
    sum += u;
    const double z = rng.normal();
    normal_sum += z;
    normal_squares += z * z;
  }
  EXPECT_NEAR(sum / count, 0.5, 0.005);
  EXPECT_NEAR(normal_sum / count, 0.0, 0.01);
  EXPECT_NEAR(normal_squares / count, 1.0, 0.01);
  EXPECT_EQ(nn::Rng(5).next(), nn::Rng(5).next());
}

}  // namespace
}  // namespace condnet::test
