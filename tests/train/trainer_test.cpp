// Gradient accumulation: M micro-batches of n samples must give the step that one batch of
// M n samples gives (for a model without batch statistics).
#include "train/trainer.hpp"

#include <gtest/gtest.h>

#include "runtime/plan_harness.hpp"

namespace condnet::test {
namespace {

constexpr const char* kModel = R"({"input": [2, 6, 6, 6], "layers": [
    {"type": "conv3d", "out_channels": 4, "padding": 1}, {"type": "gelu"},
    {"type": "avgpool3d", "kernel": 2}, {"type": "global_avg_pool"},
    {"type": "linear", "out_features": 3}]})";

// Params after one SGD step on `samples` samples split into micro-batches of `micro`.
std::vector<float> one_step(std::int64_t samples, std::int64_t micro) {
  const auto graph = graph_of(kModel);
  auto device = runtime::make_device("reference");
  auto slabs = runtime::allocate_slabs(*device, graph);
  const auto state = random_state(graph, 5);
  std::copy(state.params.begin(), state.params.end(), slabs.params->floats().begin());
  runtime::PlanOptions options;
  options.batch = micro;
  train::Trainer trainer(*device, graph, slabs, options, train::Loss{},
                         train::make_optimizer("sgd", graph.param_floats(), "test"),
                         train::LrSchedule{});
  const std::size_t per_sample = nn::element_count(graph.input_shape());
  const auto x = random_values(samples * per_sample, 9);
  const auto targets = random_values(samples * 3, 10);
  std::vector<std::unique_ptr<runtime::Buffer>> buffers;
  std::vector<const runtime::Buffer*> xs;
  for (std::int64_t m = 0; m < samples / micro; ++m) {
    buffers.push_back(device->allocate(micro * per_sample * sizeof(float)));
    trainer.stream().copy_from_host(*buffers.back(), 0, x.data() + m * micro * per_sample,
                                    micro * per_sample * sizeof(float));
    xs.push_back(buffers.back().get());
  }
  trainer.step(xs, targets);
  const auto params = slabs.params->floats();
  return {params.begin(), params.begin() + graph.param_floats()};
}

TEST(Trainer, MicroBatchesAccumulateToTheFullBatch) {
  const auto before = random_state(graph_of(kModel), 5).params;
  const auto whole = one_step(4, 4);
  const auto split = one_step(4, 2);
  const auto quarters = one_step(4, 1);
  std::vector<float> moved(whole.size()), moved_split(whole.size()), moved_quarters(whole.size());
  for (std::size_t i = 0; i < whole.size(); ++i) {
    moved[i] = whole[i] - before[i];
    moved_split[i] = split[i] - before[i];
    moved_quarters[i] = quarters[i] - before[i];
  }
  EXPECT_GT(normalized_error(moved, std::vector<float>(moved.size(), 0.0f)), 0.0);
  EXPECT_LT(normalized_error(moved_split, moved), 1e-4);
  EXPECT_LT(normalized_error(moved_quarters, moved), 1e-4);
}

}  // namespace
}  // namespace condnet::test
