#include "surrogate/predictor.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "surrogate/conductivity_head.hpp"

namespace condnet::surrogate {

namespace {

void upload(runtime::Stream& stream, runtime::Buffer& buffer, std::span<const float> values) {
  stream.copy_from_host(buffer, 0, values.data(), values.size_bytes());
}

}  // namespace

Predictor::Predictor(runtime::Device& device, runtime::Stream& stream,
                     const NetworkWeights& weights, std::int64_t batch, runtime::DType dtype)
    : y_host_(batch * 3) {
  const nn::Graph& graph = *weights.graph;
  CONDNET_ASSERT(nn::element_count(graph.output_shape()) == 3);
  slabs_ = runtime::allocate_slabs(device, graph);
  upload(stream, *slabs_.params, weights.params);
  upload(stream, *slabs_.buffers, weights.buffers);
  runtime::PlanOptions plan_options;
  plan_options.batch = batch;
  plan_options.dtype = dtype;
  plan_options.mode = runtime::Mode::inference;
  plan_ = device.compile(graph, plan_options);
  plan_->bind(slabs_);
  y_ = device.allocate(y_host_.size() * sizeof(float));
}

void Predictor::enqueue(runtime::Stream& stream, const runtime::Buffer& x) {
  plan_->forward(stream, x, *y_);
  stream.copy_to_host(y_host_.data(), *y_, 0, y_host_.size() * sizeof(float));
}

std::vector<float> Predictor::ratios(std::int64_t count) const {
  CONDNET_ASSERT(count > 0 && count * 3 <= static_cast<std::int64_t>(y_host_.size()));
  std::vector<float> out(count * 3);
  std::transform(y_host_.begin(), y_host_.begin() + count * 3, out.begin(), ratio_of_output);
  return out;
}

}  // namespace condnet::surrogate
