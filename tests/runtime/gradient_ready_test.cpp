// Plan::set_gradient_ready on the CPU plan: over one backward the reported ranges cover every
// float of the grads slab's parameter range exactly once, each range is final when reported
// (its bytes then equal its bytes after backward), and the reports arrive during backward,
// not all at its end -- for fp32 and bf16, fused and unfused, on conv + batchnorm + ReLU +
// linear.
#include <gtest/gtest.h>

#include <cstring>

#include "runtime/cpu/cpu_device.hpp"
#include "runtime/plan_harness.hpp"

namespace condnet::test {
namespace {

// Batchnorm's 5 channels leave alignment gaps in the slab, which no backward step writes.
constexpr const char* kModel = R"({"input": [2, 6, 6, 6], "layers": [
    {"type": "conv3d", "out_channels": 5, "padding": 1}, {"type": "batchnorm3d"},
    {"type": "relu"}, {"type": "conv3d", "out_channels": 3, "padding": 1, "bias": false},
    {"type": "batchnorm3d"}, {"type": "relu"}, {"type": "global_avg_pool"},
    {"type": "linear", "out_features": 7}, {"type": "relu"},
    {"type": "linear", "out_features": 3}]})";

struct Report {
  std::size_t first = 0, end = 0;
  std::vector<float> at_report;  // the range's floats when reported
  std::vector<float> slab;       // the whole parameter range then
};

void check_reports(runtime::DType dtype, bool fuse) {
  const std::string what =
      std::string(dtype == runtime::DType::bf16 ? "bf16" : "fp32") + (fuse ? " fused" : " unfused");
  const auto graph = graph_of(kModel);
  const auto floats = static_cast<std::size_t>(graph.param_floats());
  auto device = runtime::make_device("cpu");
  runtime::PlanOptions options;
  options.batch = 3;
  options.dtype = dtype;
  options.fuse = fuse;
  auto plan = device->compile(graph, options);
  auto slabs = runtime::allocate_slabs(*device, graph);
  const auto state = random_state(graph, 21);
  std::copy(state.params.begin(), state.params.end(), slabs.params->floats().begin());
  std::copy(state.buffers.begin(), state.buffers.end(), slabs.buffers->floats().begin());
  // Earlier micro-batches' sums: nonzero everywhere, gaps included.
  const auto earlier = random_values(floats, 22);
  std::copy(earlier.begin(), earlier.end(), slabs.grads->floats().begin());
  plan->bind(slabs);

  const auto x = random_values(options.batch * nn::element_count(graph.input_shape()), 23);
  const auto dy = random_values(options.batch * nn::element_count(graph.output_shape()), 24);
  auto stream = device->create_stream();
  auto xb = device->allocate(x.size() * sizeof(float));
  auto yb = device->allocate(dy.size() * sizeof(float));
  auto dyb = device->allocate(dy.size() * sizeof(float));
  stream->copy_from_host(*xb, 0, x.data(), x.size() * sizeof(float));
  stream->copy_from_host(*dyb, 0, dy.data(), dy.size() * sizeof(float));
  plan->forward(*stream, *xb, *yb);

  std::vector<Report> reports;
  const auto grads = slabs.grads->floats().first(floats);
  plan->set_gradient_ready([&](std::size_t first, std::size_t end) {
    ASSERT_LT(first, end) << what;
    ASSERT_LE(end, floats) << what;
    reports.push_back(
        {first, end, {grads.begin() + first, grads.begin() + end}, {grads.begin(), grads.end()}});
  });
  plan->backward(*stream, *dyb, nullptr);
  stream->synchronize();
  plan->set_gradient_ready(nullptr);

  std::vector<int> times(floats, 0);
  for (const auto& report : reports)
    for (std::size_t i = report.first; i < report.end; ++i) ++times[i];
  for (std::size_t i = 0; i < floats; ++i)
    ASSERT_EQ(times[i], 1) << what << ": float " << i << " reported " << times[i] << " times";
  for (const auto& report : reports)
    EXPECT_EQ(std::memcmp(report.at_report.data(), grads.data() + report.first,
                          report.at_report.size() * sizeof(float)),
              0)
        << what << ": [" << report.first << ", " << report.end << ") changed after its report";
  // Every parameter's gradient moved (backward ran), and the first report came while some
  // gradient was still to be written.
  for (const auto& slice : graph.param_slices()) {
    bool moved = false;
    for (std::int64_t i = slice.offset; i < slice.offset + slice.size; ++i)
      moved = moved || grads[i] != earlier[i];
    EXPECT_TRUE(moved) << what << ": " << slice.name << " has no gradient";
  }
  ASSERT_GT(reports.size(), 2u) << what;
  EXPECT_NE(std::memcmp(reports.front().slab.data(), grads.data(), floats * sizeof(float)), 0)
      << what << ": every gradient was final at the first report";
}

TEST(CpuPlanGradientReady, ReportsEveryFloatOnceWhenFinal) {
  for (const bool fuse : {true, false}) check_reports(runtime::DType::f32, fuse);
}

TEST(CpuPlanGradientReady, ReportsEveryFloatOnceWhenFinalInBf16) {
  if (!runtime::cpu::native_bf16()) GTEST_SKIP() << "this CPU has no native bf16 (AVX512-BF16)";
  for (const bool fuse : {true, false}) check_reports(runtime::DType::bf16, fuse);
}

TEST(ReferencePlanGradientReady, ReportsTheWholeRangeAtTheEnd) {
  const auto graph = graph_of(kModel);
  auto device = runtime::make_device("reference");
  runtime::PlanOptions options;
  options.batch = 2;
  auto plan = device->compile(graph, options);
  auto slabs = runtime::allocate_slabs(*device, graph);
  const auto state = random_state(graph, 21);
  std::copy(state.params.begin(), state.params.end(), slabs.params->floats().begin());
  std::copy(state.buffers.begin(), state.buffers.end(), slabs.buffers->floats().begin());
  auto stream = device->create_stream();
  stream->fill_zero(*slabs.grads, 0, slabs.grads->size());
  plan->bind(slabs);
  const auto x = random_values(options.batch * nn::element_count(graph.input_shape()), 23);
  const auto dy = random_values(options.batch * nn::element_count(graph.output_shape()), 24);
  auto xb = device->allocate(x.size() * sizeof(float));
  auto yb = device->allocate(dy.size() * sizeof(float));
  auto dyb = device->allocate(dy.size() * sizeof(float));
  stream->copy_from_host(*xb, 0, x.data(), x.size() * sizeof(float));
  stream->copy_from_host(*dyb, 0, dy.data(), dy.size() * sizeof(float));
  plan->forward(*stream, *xb, *yb);
  std::vector<std::pair<std::size_t, std::size_t>> reports;
  plan->set_gradient_ready(
      [&](std::size_t first, std::size_t end) { reports.emplace_back(first, end); });
  plan->backward(*stream, *dyb, nullptr);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].first, 0u);
  EXPECT_EQ(reports[0].second, static_cast<std::size_t>(graph.param_floats()));
}

}  // namespace
}  // namespace condnet::test
