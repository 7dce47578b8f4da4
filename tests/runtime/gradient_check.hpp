#pragma once
// Finite-difference gradient checks through the Plan interface: with L = sum(y * r) for a
// fixed random r, backward(dy = r) must match (L(v + eps) - L(v - eps)) / (2 eps) for
// sampled parameters and input values.
#include <algorithm>
#include <numeric>

#include "runtime/plan_harness.hpp"

namespace condnet::test {

// `count` values evenly spaced on [-2, 2], shuffled, none within half a spacing of 0 -- so
// that small perturbations cross no ReLU kink and change no max-pool winner.
inline std::vector<float> distinct_values(std::size_t count, std::uint64_t seed) {
  std::vector<float> values(count);
  const double spacing = 4.0 / static_cast<double>(count);
  for (std::size_t i = 0; i < count; ++i)
    values[i] = static_cast<float>(-2.0 + (static_cast<double>(i) + 0.5) * spacing);
  nn::Rng rng(seed);
  for (std::size_t i = count; i > 1; --i) std::swap(values[i - 1], values[rng.next() % i]);
  return values;
}

struct GradientCheck {
  double params_error = 0;  // normalised error over the sampled parameters
  double input_error = 0;   // over the sampled input values
  int params_sampled = 0;
  int inputs_sampled = 0;
};

inline GradientCheck check_gradients(runtime::Device& device, const nn::Graph& graph,
                                     std::int64_t batch, double eps, std::uint64_t seed = 7,
                                     int samples = 24) {
  runtime::PlanOptions options;
  options.batch = batch;
  options.input_grad = true;
  const std::size_t inputs = batch * nn::element_count(graph.input_shape());
  const std::size_t outputs = batch * nn::element_count(graph.output_shape());
  const auto x = distinct_values(inputs, seed);
  const auto r = random_values(outputs, seed + 2);
  ModelState state = random_state(graph, seed + 3);
  const auto analytic = run_plan(device, graph, options, state, x, r);

  const auto loss = [&](const ModelState& s, std::span<const float> input) {
    runtime::PlanOptions forward = options;
    const auto run = run_plan(device, graph, forward, s, input, {});
    double total = 0;
    for (std::size_t i = 0; i < outputs; ++i) total += static_cast<double>(run.y[i]) * r[i];
    return total;
  };
  GradientCheck result;
  std::vector<float> want, got;
  for (const auto& slice : graph.param_slices())
    for (int k = 0; k < std::min<std::int64_t>(samples, slice.size); ++k) {
      const std::int64_t i = slice.offset + (k * 7919) % slice.size;
      ModelState plus = state, minus = state;
      plus.params[i] += static_cast<float>(eps);
      minus.params[i] -= static_cast<float>(eps);
      want.push_back(static_cast<float>((loss(plus, x) - loss(minus, x)) / (2 * eps)));
      got.push_back(analytic.grads[i]);
    }
  result.params_sampled = static_cast<int>(want.size());
  result.params_error = want.empty() ? 0 : normalized_error(got, want);
  want.clear();
  got.clear();
  for (int k = 0; k < std::min<std::int64_t>(samples, inputs); ++k) {
    const std::size_t i = (k * 104729) % inputs;
    auto plus = x, minus = x;
    plus[i] += static_cast<float>(eps);
    minus[i] -= static_cast<float>(eps);
    want.push_back(static_cast<float>((loss(state, plus) - loss(state, minus)) / (2 * eps)));
    got.push_back(analytic.dx[i]);
  }
  result.inputs_sampled = static_cast<int>(want.size());
  result.input_error = normalized_error(got, want);
  return result;
}

}  // namespace condnet::test
