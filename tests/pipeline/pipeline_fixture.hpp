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

// {{0}, {1}} when this process may run on CPUs 0 and 1; else empty (no pinning).
inline std::vector<std::vector<int>> one_core_per_stage() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) != 0 || !CPU_ISSET(0, &set) || !CPU_ISSET(1, &set))
    return {};
  return {{0}, {1}};
}

}  // namespace condnet::test
