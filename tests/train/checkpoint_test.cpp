#include "train/checkpoint.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "core/error.hpp"
#include "nn/init.hpp"
#include "nn/model_paths.hpp"
#include "nn/safetensors.hpp"
#include "test_paths.hpp"

namespace condnet::test {
namespace {

std::string error_of(const std::filesystem::path& file) {
  try {
    train::load_checkpoint(file);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(Checkpoint, RoundTripsWeightsBuffersAndAdamState) {
  const auto dir = scratch_dir("checkpoint");
  const auto graph = nn::Graph::load(model_file("base.json"));
  std::vector<float> params(graph.param_floats()), buffers(graph.buffer_floats());
  nn::init_parameters(graph, params, buffers, 3);
  buffers[1] = 0.25f;
  auto adam = train::make_optimizer("adam", params.size(), "test");
  // Gradients live in the slices; alignment gaps stay zero, as backward leaves them.
  std::vector<float> grads(params.size());
  for (const auto& slice : graph.param_slices())
    for (std::int64_t i = slice.offset; i < slice.offset + slice.size; ++i)
      grads[i] = std::sin(static_cast<float>(i));
  adam->step(params, grads, 1e-3);
  adam->step(params, grads, 1e-3);
  const auto file = dir / "base.safetensors";
  train::save_checkpoint(file, graph, params, buffers, adam.get(), 17);

  const auto data = train::load_checkpoint(file);
  EXPECT_EQ(data.step, 17);
  EXPECT_EQ(data.model, graph.to_json());
  // Gaps between aligned tensors are zero in both.
  EXPECT_EQ(data.params, params);
  EXPECT_EQ(data.buffers, buffers);
  auto restored = train::make_optimizer(data.optimizer, params.size(), "test");
  train::restore_optimizer(data, file, *restored);
  EXPECT_EQ(restored->steps(), 2);
  for (std::size_t k = 0; k < 2; ++k) {
    const auto a = adam->state()[k].second, b = restored->state()[k].second;
    EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin())) << adam->state()[k].first;
  }
  auto sgd = train::make_optimizer("sgd", params.size(), "test");
  EXPECT_THROW(train::restore_optimizer(data, file, *sgd), Error);

  // PyTorch state_dict names, readable without condnet.
  const auto raw = nn::SafetensorsFile::read(file);
  EXPECT_TRUE(raw.contains("conv1.weight"));
  EXPECT_TRUE(raw.contains("bn1.running_var"));
  EXPECT_TRUE(raw.contains("optimizer.exp_avg_sq.fc2.bias"));
  EXPECT_EQ(raw.entries().at("conv4.weight").shape, (nn::Dims{128, 64, 3, 3, 3}));
}

TEST(Checkpoint, RefusesOtherFilesSayingWhy) {
  const auto dir = scratch_dir("checkpoint_bad");
  const std::vector<float> one{1.0f};
  const auto write = [&](const std::string& name, std::map<std::string, std::string> meta) {
    nn::write_safetensors(dir / name, meta, {{"w", "F32", {1}, std::as_bytes(std::span(one))}});
    return dir / name;
  };
  EXPECT_NE(error_of(write("plain.safetensors", {})).find("not a condnet checkpoint"),
            std::string::npos);
  const auto future = error_of(
      write("future.safetensors", {{"format", train::kCheckpointFormat}, {"format_version", "2"}}));
  EXPECT_NE(future.find("condnet checkpoint version 2, but this condnet reads version 1"),
            std::string::npos)
      << future;
  std::ofstream(dir / "text.safetensors") << "{}";
  EXPECT_NE(error_of(dir / "text.safetensors").find("not a safetensors file"), std::string::npos);
}

}  // namespace
}  // namespace condnet::test
