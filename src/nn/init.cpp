#include "nn/init.hpp"

#include <algorithm>
#include <cmath>

#include "nn/rng.hpp"

namespace condnet::nn {

namespace {

void fill(const TensorSlice& slice, std::span<float> slab, std::uint64_t seed) {
  CONDNET_ASSERT(slice.offset + slice.size <= static_cast<std::int64_t>(slab.size()));
  auto values = slab.subspan(slice.offset, slice.size);
  switch (slice.init) {
    case Init::zeros:
      std::fill(values.begin(), values.end(), 0.0f);
      break;
    case Init::ones:
      std::fill(values.begin(), values.end(), 1.0f);
      break;
    case Init::kaiming_normal: {
      Rng rng(random::mix64(seed) ^ random::hash_name(slice.name));
      const float std = static_cast<float>(std::sqrt(2.0 / static_cast<double>(slice.fan_in)));
      for (auto& value : values) value = std * rng.normal();
      break;
    }
  }
}

}  // namespace

void init_parameters(const Graph& graph, std::span<float> params, std::span<float> buffers,
                     std::uint64_t seed) {
  CONDNET_ASSERT(static_cast<std::int64_t>(params.size()) == graph.param_floats());
  CONDNET_ASSERT(static_cast<std::int64_t>(buffers.size()) == graph.buffer_floats());
  std::fill(params.begin(), params.end(), 0.0f);
  std::fill(buffers.begin(), buffers.end(), 0.0f);
  for (const auto& slice : graph.param_slices()) fill(slice, params, seed);
  for (const auto& slice : graph.buffer_slices()) fill(slice, buffers, seed);
}

}  // namespace condnet::nn
