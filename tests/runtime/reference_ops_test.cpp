// Reference kernels against answers known in closed form.
#include <gtest/gtest.h>

#include <cmath>

#include "runtime/gradient_check.hpp"

namespace condnet::test {
namespace {

TEST(ReferenceOps, ConvolutionWithACentredDeltaIsTheIdentity) {
  const auto graph = single_layer({1, 4, 5, 6}, R"({"type": "conv3d", "out_channels": 1,
                                                    "padding": 1, "bias": false})");
  auto device = runtime::make_device("reference");
  ModelState state{std::vector<float>(graph.param_floats(), 0.0f), {}};
  state.params[13] = 1.0f;  // (0, 0, 1, 1, 1): the centre of the 3x3x3 kernel
  const auto x = random_values(2 * 4 * 5 * 6, 1);
  runtime::PlanOptions options;
  options.batch = 2;
  EXPECT_EQ(run_plan(*device, graph, options, state, x, {}).y, x);
}

TEST(ReferenceOps, BatchnormNormalisesAndTracksRunningStatistics) {
  const auto graph = single_layer({2, 3, 4, 5}, R"({"type": "batchnorm3d", "momentum": 0.25})");
  auto device = runtime::make_device("reference");
  ModelState state{std::vector<float>(graph.param_floats()),
                   std::vector<float>(graph.buffer_floats())};
  const auto& bn = graph.nodes()[0];
  std::fill_n(state.params.begin() + bn.params[0].offset, 2, 1.0f);
  std::fill_n(state.params.begin() + bn.params[1].offset, 2, 0.0f);
  std::fill_n(state.buffers.begin() + bn.buffers[0].offset, 2, 0.0f);
  std::fill_n(state.buffers.begin() + bn.buffers[1].offset, 2, 1.0f);
  auto x = random_values(3 * 2 * 60, 2, 3.0f);
  for (auto& v : x) v += 5.0f;
  runtime::PlanOptions options;
  options.batch = 3;
  const auto run = run_plan(*device, graph, options, state, x, {});
  for (int c = 0; c < 2; ++c) {
    double sum = 0, squares = 0, in_sum = 0, in_squares = 0;
    for (int s = 0; s < 3; ++s)
      for (int i = 0; i < 60; ++i) {
        const double y = run.y[(s * 2 + c) * 60 + i], v = x[(s * 2 + c) * 60 + i];
        sum += y;
        squares += y * y;
        in_sum += v;
        in_squares += v * v;
      }
    EXPECT_NEAR(sum / 180, 0.0, 1e-5);
    EXPECT_NEAR(squares / 180, 1.0, 1e-4);
    const double mean = in_sum / 180, unbiased = (in_squares - 180 * mean * mean) / 179;
    EXPECT_NEAR(run.buffers[bn.buffers[0].offset + c], 0.25 * mean, 1e-4);
    EXPECT_NEAR(run.buffers[bn.buffers[1].offset + c], 0.75 + 0.25 * unbiased, 1e-3);
  }
}

TEST(ReferenceOps, DropoutZeroesAFractionAndScalesTheRest) {
  const auto graph = single_layer({4, 8, 8, 8}, R"({"type": "dropout", "p": 0.3})");
  auto device = runtime::make_device("reference");
  const auto x = distinct_values(2 * 4 * 512, 3);
  const auto dy = random_values(x.size(), 4);
  runtime::PlanOptions options;
  options.batch = 2;
  options.input_grad = true;
  const auto run = run_plan(*device, graph, options, {}, x, dy);
  std::size_t zeros = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const float scale = run.y[i] / x[i];
    if (scale == 0.0f)
      ++zeros;
    else
      EXPECT_NEAR(scale, 1 / 0.7, 1e-5);
    EXPECT_NEAR(run.dx[i], dy[i] * scale, 1e-5);
  }
  EXPECT_NEAR(static_cast<double>(zeros) / x.size(), 0.3, 0.03);
  options.mode = runtime::Mode::inference;
  options.input_grad = false;
  EXPECT_EQ(run_plan(*device, graph, options, {}, x, {}).y, x);
}

}  // namespace
}  // namespace condnet::test
