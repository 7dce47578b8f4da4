#pragma once
// Test helpers: run a graph's plan on a device with given slabs and input, and compare
// tensors by normalised error ||a - b|| / ||b||.
#include <cmath>
#include <span>
#include <string>
#include <vector>

#include "nn/graph.hpp"
#include "nn/init.hpp"
#include "nn/rng.hpp"
#include "runtime/device.hpp"
#include "runtime/slabs.hpp"

namespace condnet::test {

inline nn::Graph graph_of(const std::string& json_text) {
  return nn::Graph::parse(nlohmann::json::parse(json_text), "test model");
}

// A one-layer model on a small input, e.g. single_layer({3, 5, 6, 7}, R"({"type": "relu"})").
inline nn::Graph single_layer(const nn::Dims& input, const std::string& layer) {
  return graph_of(R"({"input": )" + nlohmann::json(input).dump() + R"(, "layers": [)" + layer +
                  "]}");
}

inline std::vector<float> random_values(std::size_t count, std::uint64_t seed, float scale = 1.0f) {
  nn::Rng rng(seed);
  std::vector<float> values(count);
  for (auto& v : values) v = scale * rng.normal();
  return values;
}

inline double normalized_error(std::span<const float> a, std::span<const float> b) {
  if (a.size() != b.size()) return INFINITY;
  double diff = 0, norm = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff += (static_cast<double>(a[i]) - b[i]) * (static_cast<double>(a[i]) - b[i]);
    norm += static_cast<double>(b[i]) * b[i];
  }
  return std::sqrt(diff) / std::max(std::sqrt(norm), 1e-30);
}

// A model's state for a run: parameters (random, so that every gradient is exercised) and
// buffers (running statistics from init).
struct ModelState {
  std::vector<float> params;
  std::vector<float> buffers;
};

inline ModelState random_state(const nn::Graph& graph, std::uint64_t seed) {
  ModelState state{std::vector<float>(graph.param_floats()),
                   std::vector<float>(graph.buffer_floats())};
  nn::init_parameters(graph, state.params, state.buffers, seed);
  // Perturb BN scales and biases away from 1 and 0 so their gradients matter.
  const auto noise = random_values(state.params.size(), seed + 1, 0.1f);
  for (std::size_t i = 0; i < state.params.size(); ++i) state.params[i] += noise[i];
  return state;
}

struct PlanRun {
  std::vector<float> y;        // (N, outputs)
  std::vector<float> grads;    // parameter gradients (slab layout)
  std::vector<float> dx;       // d/d(input), when input_grad
  std::vector<float> buffers;  // after the forward
};

// Runs forward, and backward with `dy` unless it is empty.
inline PlanRun run_plan(runtime::Device& device, const nn::Graph& graph,
                        const runtime::PlanOptions& options, const ModelState& state,
                        std::span<const float> x, std::span<const float> dy) {
  auto plan = device.compile(graph, options);
  auto slabs = runtime::allocate_slabs(device, graph);
  auto stream = device.create_stream();
  const auto param_bytes = state.params.size() * sizeof(float);
  stream->copy_from_host(*slabs.params, 0, state.params.data(), param_bytes);
  stream->copy_from_host(*slabs.buffers, 0, state.buffers.data(),
                         state.buffers.size() * sizeof(float));
  stream->fill_zero(*slabs.grads, 0, slabs.grads->size());
  plan->bind(slabs);
  const std::size_t outputs = options.batch * nn::element_count(graph.output_shape());
  auto xb = device.allocate(x.size() * sizeof(float));
  auto yb = device.allocate(outputs * sizeof(float));
  stream->copy_from_host(*xb, 0, x.data(), x.size_bytes());
  plan->forward(*stream, *xb, *yb);
  PlanRun run;
  run.y.resize(outputs);
  stream->copy_to_host(run.y.data(), *yb, 0, outputs * sizeof(float));
  run.buffers.resize(state.buffers.size());
  stream->copy_to_host(run.buffers.data(), *slabs.buffers, 0, run.buffers.size() * sizeof(float));
  if (!dy.empty()) {
    auto dyb = device.allocate(dy.size_bytes());
    stream->copy_from_host(*dyb, 0, dy.data(), dy.size_bytes());
    auto dxb = device.allocate(x.size() * sizeof(float));
    plan->backward(*stream, *dyb, options.input_grad ? dxb.get() : nullptr);
    run.grads.resize(state.params.size());
    stream->copy_to_host(run.grads.data(), *slabs.grads, 0, param_bytes);
    if (options.input_grad) {
      run.dx.resize(x.size());
      stream->copy_to_host(run.dx.data(), *dxb, 0, x.size() * sizeof(float));
    }
  }
  stream->synchronize();
  return run;
}

}  // namespace condnet::test
