#pragma once
// Initial values of a model's slabs from a seed: Kaiming-normal weights (std = sqrt(2 /
// fan_in), the gain for ReLU), zero biases, unit BN scales and running variances. Each
// tensor draws from its own generator seeded by (seed, its name), so adding a layer does
// not change the others' values.
#include <cstdint>
#include <span>

#include "nn/graph.hpp"

namespace condnet::nn {

// params: graph.param_floats() values; buffers: graph.buffer_floats() values.
void init_parameters(const Graph& graph, std::span<float> params, std::span<float> buffers,
                     std::uint64_t seed);

}  // namespace condnet::nn
