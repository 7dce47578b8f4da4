// condnet against PyTorch on models/base.json: PyTorch (tests/train/pytorch_reference.py)
// draws the weights and a batch of binary 32^3 volumes and records the output, the loss,
// every gradient and the weights after three Adam steps; each condnet device must reproduce
// them. Skips with a notice when /usr/bin/python3 has no torch.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "nn/model_paths.hpp"
#include "nn/safetensors.hpp"
#include "runtime/plan_harness.hpp"
#include "test_paths.hpp"
#include "train/trainer.hpp"

namespace condnet::test {
namespace {

constexpr int kSize = 32;
constexpr int kBatch = 2;

// The reference file, made once per test run; nullopt without torch.
std::optional<std::filesystem::path> reference_tensors() {
  static const std::optional<std::filesystem::path> file =
      []() -> std::optional<std::filesystem::path> {
    if (std::system("/usr/bin/python3 -c 'import torch' > /dev/null 2>&1") != 0)
      return std::nullopt;
    const auto dir = scratch_dir("pytorch_parity");
    const auto script = std::filesystem::path(__FILE__).parent_path() / "pytorch_reference.py";
    const auto out = dir / "reference.safetensors";
    const std::string command = "/usr/bin/python3 " + script.string() + " " +
                                model_file("base.json").string() + " " + out.string() + " --size " +
                                std::to_string(kSize) + " --batch " + std::to_string(kBatch) +
                                " --steps 3";
    if (std::system(command.c_str()) != 0) return std::nullopt;
    return out;
  }();
  return file;
}

// models/base.json at kSize^3 (global average pooling makes the head size-independent).
nn::Graph base_model() {
  std::ifstream in(model_file("base.json"));
  auto json = nlohmann::json::parse(in);
  json["input"] = {1, kSize, kSize, kSize};
  return nn::Graph::parse(json, "base.json at 32^3");
}

std::vector<float> slice_of(std::span<const float> slab, const nn::TensorSlice& slice) {
  return {slab.begin() + slice.offset, slab.begin() + slice.offset + slice.size};
}

class PytorchParity : public ::testing::TestWithParam<std::string> {};

TEST_P(PytorchParity, BaseModelLossGradientsAndAdamSteps) {
  const auto file = reference_tensors();
  if (!file) GTEST_SKIP() << "PyTorch not found for /usr/bin/python3 (install python3-torch)";
  const auto ref = nn::SafetensorsFile::read(*file);
  const auto graph = base_model();
  auto device = runtime::make_device(GetParam());
  auto slabs = runtime::allocate_slabs(*device, graph);
  auto params = slabs.params->floats(), buffers = slabs.buffers->floats();
  std::fill(params.begin(), params.end(), 0.0f);
  for (const auto& slice : graph.param_slices()) {
    const auto values = ref.floats("param." + slice.name, &slice.shape);
    std::copy(values.begin(), values.end(), params.begin() + slice.offset);
  }
  for (const auto& slice : graph.buffer_slices()) {
    const auto values = ref.floats("buffer." + slice.name, &slice.shape);
    std::copy(values.begin(), values.end(), buffers.begin() + slice.offset);
  }
  runtime::PlanOptions options;
  options.batch = kBatch;
  train::Trainer trainer(*device, graph, slabs, options, train::Loss{},
                         train::make_optimizer(nlohmann::json::parse(R"({"type": "adam",
                                                   "lr": 1e-3})"),
                                               graph.param_floats(), "adam"),
                         train::LrSchedule{});
  const auto x = ref.floats("input");
  auto xb = device->allocate(x.size() * sizeof(float));
  trainer.stream().copy_from_host(*xb, 0, x.data(), x.size() * sizeof(float));
  const std::vector<const runtime::Buffer*> xs{xb.get()};
  const auto target = ref.floats("target");

  const double loss = trainer.step(xs, target);
  const auto want_loss = ref.floats("loss")[0];
  EXPECT_NEAR(loss, want_loss, 1e-4 * want_loss);
  const auto output = trainer.prediction();
  EXPECT_LT(normalized_error({output.begin(), output.end()}, ref.floats("output")), 1e-4);
  for (const auto& slice : graph.param_slices())
    EXPECT_LT(
        normalized_error(slice_of(slabs.grads->floats(), slice), ref.floats("grad." + slice.name)),
        1e-3)
        << "gradient of " << slice.name;

  trainer.step(xs, target);
  trainer.step(xs, target);
  for (const auto& slice : graph.param_slices()) {
    // Compare what the three steps moved, not the weights themselves.
    const auto before = ref.floats("param." + slice.name);
    auto moved = slice_of(slabs.params->floats(), slice);
    auto want = ref.floats("final." + slice.name);
    for (std::size_t i = 0; i < before.size(); ++i) {
      moved[i] -= before[i];
      want[i] -= before[i];
    }
    EXPECT_LT(normalized_error(moved, want), 1e-3) << "Adam steps of " << slice.name;
  }
  for (const auto& slice : graph.buffer_slices())
    EXPECT_LT(normalized_error(slice_of(slabs.buffers->floats(), slice),
                               ref.floats("final_buffer." + slice.name)),
              1e-4)
        << slice.name;
}

INSTANTIATE_TEST_SUITE_P(Devices, PytorchParity, ::testing::ValuesIn(runtime::device_names()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace condnet::test
