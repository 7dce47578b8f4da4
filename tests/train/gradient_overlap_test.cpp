// The Trainer's gradient reduction, overlapped with the last backward and blocking, against
// no reduction at all: a reducer standing for two identical replicas (the sum doubles every
// value) followed by the 1/(2 M) scale must give exactly the weights of one process with the
// 1/M scale (doubling and power-of-two scales are exact in floating point). The stand-in
// completes one bucket per poll, during backward, so a bucket started before its gradients
// were final would change the result.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>

#include "runtime/plan_harness.hpp"
#include "train/trainer.hpp"

namespace condnet::test {
namespace {

constexpr const char* kModel = R"({"input": [2, 6, 6, 6], "layers": [
    {"type": "conv3d", "out_channels": 5, "padding": 1}, {"type": "batchnorm3d"},
    {"type": "relu"}, {"type": "conv3d", "out_channels": 6, "padding": 1, "bias": false},
    {"type": "batchnorm3d"}, {"type": "relu"}, {"type": "global_avg_pool"},
    {"type": "linear", "out_features": 7}, {"type": "relu"},
    {"type": "linear", "out_features": 3}]})";

// What the stand-in saw, over every step.
struct ReducerLog {
  int blocking_calls = 0, completed_in_poll = 0;
  std::vector<std::pair<const float*, std::size_t>> started;  // every reduce_async span
  const float* slab = nullptr;                                // the grads slab
};

class TwoIdenticalReplicas final : public train::GradientReducer {
 public:
  explicit TwoIdenticalReplicas(ReducerLog& log) : log_(log) {}
  void begin_step() override {
    EXPECT_TRUE(pending_.empty());
    started_ = 0;
  }
  void reduce(std::span<float> values) override {
    ++log_.blocking_calls;
    double_all(values);
  }
  int reduce_async(std::span<float> values) override {
    pending_.push_back({started_, values});
    log_.started.push_back({values.data(), values.size()});
    return started_++;
  }
  std::vector<int> poll() override {
    if (pending_.empty()) return {};
    const auto [handle, values] = pending_.front();
    pending_.pop_front();
    double_all(values);
    ++log_.completed_in_poll;
    return {handle};
  }
  std::vector<int> finish() override {
    std::vector<int> handles;
    for (const auto& [handle, values] : pending_) {
      double_all(values);
      handles.push_back(handle);
    }
    pending_.clear();
    return handles;
  }

 private:
  static void double_all(std::span<float> values) {
    for (float& v : values) v *= 2.0f;
  }
  ReducerLog& log_;
  std::deque<std::pair<int, std::span<float>>> pending_;
  int started_ = 0;
};

enum class Reduction { none, blocking, overlapped };

constexpr int kSteps = 3;
constexpr std::int64_t kMicroBatches = 2;

struct Trained {
  std::vector<float> params;
  train::ReduceStats stats;
};

// Params after kSteps AdamW steps of kMicroBatches micro-batches of 2 on the CPU device.
Trained train_with(Reduction reduction, ReducerLog& log) {
  const auto graph = graph_of(kModel);
  auto device = runtime::make_device("cpu");
  auto slabs = runtime::allocate_slabs(*device, graph);
  const auto state = random_state(graph, 5);
  std::copy(state.params.begin(), state.params.end(), slabs.params->floats().begin());
  std::copy(state.buffers.begin(), state.buffers.end(), slabs.buffers->floats().begin());
  runtime::PlanOptions options;
  options.batch = 2;
  train::Trainer trainer(*device, graph, slabs, options, train::Loss{},
                         train::make_optimizer("adamw", graph.param_floats(), "test"),
                         train::LrSchedule{});
  log.slab = slabs.grads->floats().data();
  // 256 bytes: several buckets, cut inside this small model.
  if (reduction != Reduction::none)
    trainer.set_gradient_reducer(std::make_unique<TwoIdenticalReplicas>(log), 2,
                                 reduction == Reduction::overlapped, 256);
  const std::size_t per_batch = options.batch * nn::element_count(graph.input_shape());
  std::vector<std::unique_ptr<runtime::Buffer>> buffers;
  std::vector<const runtime::Buffer*> xs;
  for (std::int64_t m = 0; m < kMicroBatches; ++m) {
    buffers.push_back(device->allocate(per_batch * sizeof(float)));
    xs.push_back(buffers.back().get());
  }
  for (int step = 0; step < kSteps; ++step) {
    for (std::int64_t m = 0; m < kMicroBatches; ++m) {
      const auto x = random_values(per_batch, 100 + step * kMicroBatches + m);
      trainer.stream().copy_from_host(*buffers[m], 0, x.data(), per_batch * sizeof(float));
    }
    trainer.step(xs, random_values(kMicroBatches * options.batch * 3, 200 + step));
  }
  const auto params = slabs.params->floats();
  return {{params.begin(), params.begin() + graph.param_floats()}, trainer.reduce_stats()};
}

TEST(TrainerOverlap, OverlappedAndBlockingSumsGiveTheUnreducedWeightsExactly) {
  ReducerLog plain_log, blocking_log, overlapped_log;
  const auto plain = train_with(Reduction::none, plain_log);
  const auto blocking = train_with(Reduction::blocking, blocking_log);
  const auto overlapped = train_with(Reduction::overlapped, overlapped_log);
  const auto before = random_state(graph_of(kModel), 5).params;
  EXPECT_NE(plain.params, before) << "training moved nothing";
  EXPECT_EQ(blocking.params, plain.params);
  EXPECT_EQ(overlapped.params, plain.params);

  EXPECT_EQ(blocking_log.blocking_calls, kSteps);
  EXPECT_TRUE(blocking_log.started.empty());
  EXPECT_EQ(blocking.stats.steps, kSteps);
  EXPECT_EQ(blocking.stats.buckets, 1);

  EXPECT_EQ(overlapped_log.blocking_calls, 0);
  EXPECT_GT(overlapped.stats.buckets, 2);
  EXPECT_EQ(overlapped.stats.steps, kSteps);
  ASSERT_EQ(overlapped_log.started.size(),
            static_cast<std::size_t>(kSteps * overlapped.stats.buckets));
  EXPECT_GT(overlapped_log.completed_in_poll, 0) << "no bucket completed during backward";
  // Each step's buckets tile [0, param_floats) of the slab.
  const auto floats = static_cast<std::size_t>(graph_of(kModel).param_floats());
  for (int step = 0; step < kSteps; ++step) {
    auto spans = std::vector<std::pair<const float*, std::size_t>>(
        overlapped_log.started.begin() + step * overlapped.stats.buckets,
        overlapped_log.started.begin() + (step + 1) * overlapped.stats.buckets);
    std::sort(spans.begin(), spans.end());
    EXPECT_EQ(spans.front().first, overlapped_log.slab);
    std::size_t total = spans.back().second;
    for (std::size_t i = 0; i + 1 < spans.size(); ++i) {
      EXPECT_EQ(spans[i].first + spans[i].second, spans[i + 1].first) << "a gap or overlap";
      total += spans[i].second;
    }
    EXPECT_EQ(total, floats);
  }
  EXPECT_GE(overlapped.stats.total_seconds, overlapped.stats.exposed_seconds);
}

}  // namespace
}  // namespace condnet::test
