#pragma once
// Small models and helpers for the pipeline tests.
#include <sched.h>

#include <string>
#include <vector>

#include "nn/graph.hpp"

namespace condnet::test {

// Two conv + batchnorm + ReLU blocks, a stage marker, two more, then a linear head:
// (1, side^3) -> (3). `width` channels.
inline std::string two_stage_model(int side, int width) {
  const auto conv = [&](const std::string& n, int in) {
    return R"({"type": "conv3d", "name": "conv)" + n + R"(", "in_channels": )" +
           std::to_string(in) + R"(, "out_channels": )" + std::to_string(width) +
           R"(, "kernel": 3, "padding": 1, "bias": false}, {"type": "batchnorm3d", "name": "bn)" +
           n + R"("}, {"type": "relu", "name": "relu)" + n + R"("}, )";
  };
  return R"({"name": "tiny", "input": [1, )" + std::to_string(side) + ", " + std::to_string(side) +
         ", " + std::to_string(side) + R"(], "outputs": ["a", "b", "c"], "layers": [)" +
         conv("1", 1) + conv("2", width) + R"({"type": "stage", "name": "cut"}, )" +
         conv("3", width) + conv("4", width) +
         R"({"type": "global_avg_pool", "name": "gap"},
            {"type": "linear", "name": "head", "in_features": )" +
         std::to_string(width) + R"(, "out_features": 3}]})";
}

// `blocks` conv(width, 3^3) + batchnorm + ReLU blocks on (channels, side^3), a stage marker
// after block `marker_after`, then global average pooling and a linear layer to 3 outputs.
inline std::string conv_blocks_model(int channels, int side, int width, int blocks,
                                     int marker_after) {
  std::string layers;
  for (int b = 1; b <= blocks; ++b) {
    const auto n = std::to_string(b);
    layers += R"({"type": "conv3d", "name": "conv)" + n + R"(", "out_channels": )" +
              std::to_string(width) + R"(, "kernel": 3, "padding": 1, "bias": false},
               {"type": "batchnorm3d", "name": "bn)" +
              n + R"("}, {"type": "relu", "name": "relu)" + n + R"("}, )";
    if (b == marker_after) layers += R"({"type": "stage", "name": "cut"}, )";
  }
  const auto s = std::to_string(side);
  return R"({"input": [)" + std::to_string(channels) + ", " + s + ", " + s + ", " + s +
         R"(], "layers": [)" + layers +
         R"({"type": "global_avg_pool", "name": "gap"},
             {"type": "linear", "name": "head", "out_features": 3}]})";
}

// {"cpu:0", "cpu:1"}, a device on one CPU per stage, when this process may run on CPUs 0 and
// 1; else empty (every stage on "cpu", not pinned).
inline std::vector<std::string> one_cpu_per_stage() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) != 0 || !CPU_ISSET(0, &set) || !CPU_ISSET(1, &set))
    return {};
  return {"cpu:0", "cpu:1"};
}

}  // namespace condnet::test
