// The oneDNN CPU device against the reference device, op by op (training forward and
// backward, inference), fused against unfused, bf16 against fp32 within a stated tolerance,
// finite differences, and the plan's layout/memory properties on models/base.json.
#include <gtest/gtest.h>

#include "nn/model_paths.hpp"
#include "runtime/cpu/cpu_device.hpp"
#include "runtime/gradient_check.hpp"
#include "runtime/op_cases.hpp"

namespace condnet::test {
namespace {

// fp32 kernels differ from the reference only in summation order.
constexpr double kFp32Tolerance = 2e-5;
// bf16 keeps 8 significant bits (relative rounding 2^-9 = 0.2% per value). With fp32
// accumulation a few layers stay within 1% forward and 2% in gradients; where a ReLU or
// max-pool decision is involved, the values that bf16 rounding moves across the kink (or
// into a tie) route their gradient elsewhere, which in these small tensors costs up to 15%.
constexpr double kBf16Tolerance = 1e-2;
constexpr double kBf16GradTolerance = 2e-2;
constexpr double kBf16KinkedGradTolerance = 0.15;

struct Case {
  nn::Graph graph;
  std::vector<float> x, dy;
  ModelState state;
};

Case make_case(const OpCase& op, std::int64_t batch) {
  Case c{single_layer(op.input, op.layers), {}, {}, {}};
  c.x = distinct_values(batch * nn::element_count(c.graph.input_shape()), 11);
  c.dy = random_values(batch * nn::element_count(c.graph.output_shape()), 12);
  c.state = random_state(c.graph, 13);
  return c;
}

runtime::PlanOptions training(std::int64_t batch) {
  runtime::PlanOptions options;
  options.batch = batch;
  options.input_grad = true;
  return options;
}

void expect_close(const PlanRun& got, const PlanRun& want, double tolerance,
                  const std::string& what, double grad_tolerance = 0) {
  if (grad_tolerance == 0) grad_tolerance = tolerance;
  EXPECT_LT(normalized_error(got.y, want.y), tolerance) << what << ": output";
  if (!want.grads.empty() && !got.grads.empty()) {
    EXPECT_LT(normalized_error(got.grads, want.grads), grad_tolerance)
        << what << ": parameter grads";
    EXPECT_LT(normalized_error(got.dx, want.dx), grad_tolerance) << what << ": input grads";
  }
  EXPECT_LT(normalized_error(got.buffers, want.buffers), tolerance) << what << ": buffers";
}

class CpuOps : public ::testing::TestWithParam<OpCase> {};

TEST_P(CpuOps, TrainingMatchesReference) {
  const auto c = make_case(GetParam(), 2);
  auto reference = runtime::make_device("reference");
  auto cpu = runtime::make_device("cpu");
  const auto want = run_plan(*reference, c.graph, training(2), c.state, c.x, c.dy);
  const auto fused = run_plan(*cpu, c.graph, training(2), c.state, c.x, c.dy);
  expect_close(fused, want, kFp32Tolerance, "fused");
  auto options = training(2);
  options.fuse = false;
  const auto unfused = run_plan(*cpu, c.graph, options, c.state, c.x, c.dy);
  expect_close(unfused, want, kFp32Tolerance, "unfused");
  expect_close(fused, unfused, kFp32Tolerance, "fused against unfused");
}

TEST_P(CpuOps, InferenceMatchesReference) {
  auto c = make_case(GetParam(), 3);
  // Running statistics away from (0, 1), so that folding them matters.
  for (std::size_t i = 0; i < c.state.buffers.size(); ++i)
    c.state.buffers[i] = 0.5f + 0.25f * static_cast<float>(i % 5);
  auto reference = runtime::make_device("reference");
  auto cpu = runtime::make_device("cpu");
  runtime::PlanOptions options;
  options.batch = 3;
  options.mode = runtime::Mode::inference;
  const auto want = run_plan(*reference, c.graph, options, c.state, c.x, {});
  const auto fused = run_plan(*cpu, c.graph, options, c.state, c.x, {});
  expect_close(fused, want, kFp32Tolerance, "fused");
  options.fuse = false;
  const auto unfused = run_plan(*cpu, c.graph, options, c.state, c.x, {});
  expect_close(unfused, want, kFp32Tolerance, "unfused");
  expect_close(fused, unfused, kFp32Tolerance, "fused against unfused");
}

TEST_P(CpuOps, Bf16WithinTolerance) {
  if (!runtime::cpu::native_bf16()) GTEST_SKIP() << "this CPU has no native bf16 (AVX512-BF16)";
  const auto c = make_case(GetParam(), 2);
  auto reference = runtime::make_device("reference");
  auto cpu = runtime::make_device("cpu");
  const auto want = run_plan(*reference, c.graph, training(2), c.state, c.x, c.dy);
  auto options = training(2);
  options.dtype = runtime::DType::bf16;
  expect_close(run_plan(*cpu, c.graph, options, c.state, c.x, c.dy), want, kBf16Tolerance, "bf16",
               GetParam().kinked ? kBf16KinkedGradTolerance : kBf16GradTolerance);
}

TEST_P(CpuOps, MatchesCentralDifferences) {
  const OpCase& op = GetParam();
  auto cpu = runtime::make_device("cpu");
  const auto check = check_gradients(*cpu, single_layer(op.input, op.layers), 2, op.fd_step);
  EXPECT_LT(check.input_error, op.fd_tolerance) << op.name;
  EXPECT_LT(check.params_error, op.fd_tolerance) << op.name;
}

INSTANTIATE_TEST_SUITE_P(Ops, CpuOps, ::testing::ValuesIn(op_cases()),
                         [](const auto& info) { return info.param.name; });

// Plans of batch 2 in both modes, fp32 and (where the CPU has it natively) bf16.
std::vector<runtime::PlanOptions> plan_kinds() {
  std::vector<runtime::DType> types{runtime::DType::f32};
  if (runtime::cpu::native_bf16()) types.push_back(runtime::DType::bf16);
  std::vector<runtime::PlanOptions> kinds;
  for (const auto dtype : types)
    for (const auto mode : {runtime::Mode::training, runtime::Mode::inference}) {
      runtime::PlanOptions options;
      options.batch = 2;
      options.mode = mode;
      options.dtype = dtype;
      kinds.push_back(options);
    }
  return kinds;
}

std::string describe(const runtime::PlanOptions& options) {
  return std::string(options.mode == runtime::Mode::training ? "training" : "inference") +
         (options.dtype == runtime::DType::bf16 ? " bf16" : " fp32");
}

TEST(CpuPlan, BaseModelKeepsLayoutsAndSharesMemory) {
  const auto graph = nn::Graph::load(model_file("base.json"));
  auto cpu = runtime::make_device("cpu");
  for (const auto& options : plan_kinds()) {
    const auto stats = cpu->compile(graph, options)->stats();
    const bool train = options.mode == runtime::Mode::training;
    EXPECT_EQ(stats.inner_reorders, 0) << "layouts change between layers";
    // Training: x in, y out, dy in; inference: x in, y out.
    EXPECT_LE(stats.edge_reorders, train ? 3 : 2);
    // Training fuses ReLU into each batchnorm (4) and the head's ReLU into fc1 (1);
    // inference folds batchnorm and ReLU into each convolution (8) and fc1's ReLU (1).
    EXPECT_EQ(stats.fused_ops, train ? 5 : 9);
    EXPECT_LT(stats.arena_bytes, stats.arena_demand) << "no tensor shares memory";
    EXPECT_GT(stats.arena_bytes, 0u);
  }
}

// Every shipped architecture on the spanning encoding's input (3 channels of 48^3), trained and
// answering, runs on optimised kernels only: a reference kernel (e.g. the backward of a
// convolution with a plain 8-channel input, before ops/conv.cpp asked for other layouts) is
// correct but makes training 30x slower.
TEST(CpuPlan, ShippedArchitecturesRunNoReferenceKernel) {
  auto cpu = runtime::make_device("cpu");
  for (const char* name : {"fast.json", "base.json", "lean.json"}) {
    auto model = nn::Graph::read_json(model_file(name), name);
    model["input"] = {3, 48, 48, 48};
    model["layers"][0]["in_channels"] = 3;
    const auto graph = nn::Graph::parse(model, name);
    for (const auto& options : plan_kinds()) {
      const auto stats = cpu->compile(graph, options)->stats();
      EXPECT_EQ(stats.reference_kernels, 0) << name << " " << describe(options);
      EXPECT_GT(stats.kernels, 0);
    }
  }
}

TEST(CpuDevice, ReportsItselfAndMeasuresPeak) {
  auto cpu = runtime::make_device("cpu");
  const auto info = cpu->info();
  EXPECT_EQ(info.name, "cpu");
  EXPECT_GT(info.memory_bytes, 0);
  EXPECT_GT(cpu->peak_flops(runtime::DType::f32), 1e9);
}

}  // namespace
}  // namespace condnet::test
