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

Predictor::Predictor(const nn::Graph& graph, std::span<const float> params,
                     std::span<const float> buffers, const data::InputEncoding& encoding,
                     const PredictorOptions& options)
    : batch_(options.batch),
      encoding_(encoding),
      device_(runtime::make_device_for_this_thread(options.device)) {
  const auto& input = graph.input_shape();
  CONDNET_ASSERT(input.size() == 4 && input[0] == encoding.channels() && input[1] == input[2] &&
                 input[2] == input[3] && nn::element_count(graph.output_shape()) == 3);
  edge_ = input[1];
  slabs_ = runtime::allocate_slabs(*device_, graph);
  stream_ = device_->create_stream();
  upload(*stream_, *slabs_.params, params);
  upload(*stream_, *slabs_.buffers, buffers);
  runtime::PlanOptions plan_options;
  plan_options.batch = batch_;
  plan_options.dtype = options.dtype;
  plan_options.mode = runtime::Mode::inference;
  plan_ = device_->compile(graph, plan_options);
  plan_->bind(slabs_);
  x_ = device_->allocate(static_cast<std::size_t>(batch_ * input_floats()) * sizeof(float));
  y_ = device_->allocate(static_cast<std::size_t>(batch_ * 3) * sizeof(float));
  y_host_.resize(batch_ * 3);
  stream_->synchronize();
}

std::vector<float> Predictor::ratios(std::span<const float> x, std::int64_t count) {
  const auto floats = input_floats();
  CONDNET_ASSERT(count > 0 && count <= batch_ &&
                 static_cast<std::int64_t>(x.size()) == count * floats);
  upload(*stream_, *x_, x);
  if (count < batch_) {
    const auto used = static_cast<std::size_t>(count * floats) * sizeof(float);
    stream_->fill_zero(*x_, used, x_->size() - used);
  }
  plan_->forward(*stream_, *x_, *y_);
  stream_->copy_to_host(y_host_.data(), *y_, 0, y_host_.size() * sizeof(float));
  stream_->synchronize();
  std::vector<float> out(count * 3);
  std::transform(y_host_.begin(), y_host_.begin() + count * 3, out.begin(), ratio_of_output);
  return out;
}

}  // namespace condnet::surrogate
