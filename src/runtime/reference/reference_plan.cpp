#include "runtime/reference/reference_plan.hpp"

#include <algorithm>
#include <cstring>

#include "nn/layers/activation.hpp"
#include "nn/layers/batchnorm3d.hpp"
#include "nn/layers/conv3d.hpp"
#include "nn/layers/dropout.hpp"
#include "nn/layers/linear.hpp"
#include "nn/layers/pool3d.hpp"
#include "runtime/dropout_mask.hpp"
#include "runtime/reference/ops.hpp"
#include "runtime/slabs.hpp"

namespace condnet::runtime::reference {

using nn::OpKind;

ReferencePlan::ReferencePlan(const nn::Graph& graph, const PlanOptions& options)
    : Plan(options), graph_(graph) {
  const auto& nodes = graph.nodes();
  const std::int64_t n = options.batch;
  input_.resize(n * nn::element_count(graph.input_shape()));
  for (const auto& node : nodes) {
    bool needs = node.requires_grad;
    for (const int input : node.inputs)
      needs = needs || (input == nn::kGraphInput ? options.input_grad : needs_diff_[input]);
    needs_diff_.push_back(needs && options.mode == Mode::training);
    const auto size = static_cast<std::size_t>(n * nn::element_count(node.shape));
    outputs_.emplace_back(size);
    diffs_.emplace_back(needs_diff_.back() ? size : 0);
    saved_.emplace_back(node.layer->kind() == OpKind::batchnorm3d ? 2 * node.shape[0] : 0);
  }
}

void ReferencePlan::bind(Slabs& slabs) {
  params_ = slabs.params->floats().data();
  grads_ = slabs.grads->floats().data();
  buffers_ = slabs.buffers->floats().data();
}

const float* ReferencePlan::value(int input) const {
  return input == nn::kGraphInput ? input_.data() : outputs_[input].data();
}

float* ReferencePlan::diff(int input, float* dx_input) {
  if (input == nn::kGraphInput) return dx_input;
  return needs_diff_[input] ? diffs_[input].data() : nullptr;
}

const float* ReferencePlan::param(const nn::Node& node, std::size_t k) const {
  return k < node.params.size() ? params_ + node.params[k].offset : nullptr;
}

float* ReferencePlan::grad(const nn::Node& node, std::size_t k) const {
  return k < node.params.size() ? grads_ + node.params[k].offset : nullptr;
}

void ReferencePlan::forward(Stream& stream, const Buffer& x, Buffer& y) {
  CONDNET_ASSERT(params_ && "bind() the slabs first");
  stream.copy_to_host(input_.data(), x, 0, input_.size() * sizeof(float));
  mask_call_ = calls_++;
  for (int index = 0; index < static_cast<int>(graph_.nodes().size()); ++index) forward_node(index);
  const auto& out = outputs_.back();
  stream.copy_from_host(y, 0, out.data(), out.size() * sizeof(float));
  forward_done_ = true;
}

void ReferencePlan::forward_node(int index) {
  const nn::Node& node = graph_.nodes()[index];
  const std::int64_t n = options().batch;
  const bool training = options().mode == Mode::training;
  const nn::Dims& in = graph_.shape_of(node.inputs[0]);
  const float* x = value(node.inputs[0]);
  float* y = outputs_[index].data();
  const auto count = static_cast<std::int64_t>(outputs_[index].size());
  switch (node.layer->kind()) {
    case OpKind::conv3d:
      conv3d_forward(node.layer->as<nn::Conv3d>(), n, in, node.shape, x, param(node, 0),
                     param(node, 1), y);
      break;
    case OpKind::batchnorm3d: {
      const auto& bn = node.layer->as<nn::BatchNorm3d>();
      float* running_mean = buffers_ + node.buffers[0].offset;
      float* running_var = buffers_ + node.buffers[1].offset;
      if (training)
        batchnorm_forward_training(bn, n, in, x, param(node, 0), param(node, 1), y,
                                   saved_[index].data(), saved_[index].data() + in[0], running_mean,
                                   running_var);
      else
        batchnorm_forward_inference(bn, n, in, x, param(node, 0), param(node, 1), running_mean,
                                    running_var, y);
      break;
    }
    case OpKind::activation:
      activation_forward(node.layer->as<nn::Activation>(), count, x, y);
      break;
    case OpKind::pool3d:
      pool3d_forward(node.layer->as<nn::Pool3d>(), n, in, node.shape, x, y);
      break;
    case OpKind::global_avg_pool:
      global_avg_pool_forward(n, in, x, y);
      break;
    case OpKind::linear:
      linear_forward(node.layer->as<nn::Linear>(), n, x, param(node, 0), param(node, 1), y);
      break;
    case OpKind::add:
      std::fill(y, y + count, 0.0f);
      for (const int input : node.inputs) {
        const float* v = value(input);
        for (std::int64_t i = 0; i < count; ++i) y[i] += v[i];
      }
      break;
    case OpKind::concat: {
      const std::int64_t inner = nn::element_count(node.shape) / node.shape[0];
      std::int64_t offset = 0;
      for (const int input : node.inputs) {
        const std::int64_t channels = graph_.shape_of(input)[0];
        concat_forward_part(n, channels, inner, offset, node.shape[0], value(input), y);
        offset += channels;
      }
      break;
    }
    case OpKind::dropout: {
      const double p = node.layer->as<nn::Dropout>().p;
      for (std::int64_t i = 0; i < count; ++i)
        y[i] = training ? x[i] * dropout_scale(options().seed, mask_call_, index, i, p) : x[i];
      break;
    }
    case OpKind::flatten:
    case OpKind::stage:
      std::copy(x, x + count, y);
      break;
  }
}

void ReferencePlan::backward(Stream& stream, const Buffer& dy, Buffer* dx) {
  CONDNET_ASSERT(options().mode == Mode::training && forward_done_);
  CONDNET_ASSERT(!options().input_grad || dx);
  for (auto& d : diffs_) std::fill(d.begin(), d.end(), 0.0f);
  std::vector<float> dx_input(options().input_grad ? input_.size() : 0);
  auto& d_out = diffs_.back();
  if (!d_out.empty()) stream.copy_to_host(d_out.data(), dy, 0, d_out.size() * sizeof(float));
  for (int index = static_cast<int>(graph_.nodes().size()) - 1; index >= 0; --index)
    if (needs_diff_[index]) backward_node(index, dx_input.data());
  if (options().input_grad)
    stream.copy_from_host(*dx, 0, dx_input.data(), dx_input.size() * sizeof(float));
  if (gradient_ready()) gradient_ready()(0, static_cast<std::size_t>(graph_.param_floats()));
}

void ReferencePlan::backward_node(int index, float* dx_input) {
  const nn::Node& node = graph_.nodes()[index];
  const std::int64_t n = options().batch;
  const nn::Dims& in = graph_.shape_of(node.inputs[0]);
  const float* x = value(node.inputs[0]);
  float* dx = diff(node.inputs[0], dx_input);
  const float* dy = diffs_[index].data();
  const auto count = static_cast<std::int64_t>(outputs_[index].size());
  switch (node.layer->kind()) {
    case OpKind::conv3d:
      conv3d_backward(node.layer->as<nn::Conv3d>(), n, in, node.shape, x, param(node, 0), dy, dx,
                      grad(node, 0), grad(node, 1));
      break;
    case OpKind::batchnorm3d:
      batchnorm_backward(node.layer->as<nn::BatchNorm3d>(), n, in, x, param(node, 0),
                         saved_[index].data(), saved_[index].data() + in[0], dy, dx, grad(node, 0),
                         grad(node, 1));
      break;
    case OpKind::activation:
      if (dx) activation_backward(node.layer->as<nn::Activation>(), count, x, dy, dx);
      break;
    case OpKind::pool3d:
      if (dx) pool3d_backward(node.layer->as<nn::Pool3d>(), n, in, node.shape, x, dy, dx);
      break;
    case OpKind::global_avg_pool:
      if (dx) global_avg_pool_backward(n, in, dy, dx);
      break;
    case OpKind::linear:
      linear_backward(node.layer->as<nn::Linear>(), n, x, param(node, 0), dy, dx, grad(node, 0),
                      grad(node, 1));
      break;
    case OpKind::add:
      for (const int input : node.inputs)
        if (float* d = diff(input, dx_input))
          for (std::int64_t i = 0; i < count; ++i) d[i] += dy[i];
      break;
    case OpKind::concat: {
      const std::int64_t inner = nn::element_count(node.shape) / node.shape[0];
      std::int64_t offset = 0;
      for (const int input : node.inputs) {
        const std::int64_t channels = graph_.shape_of(input)[0];
        if (float* d = diff(input, dx_input))
          concat_backward_part(n, channels, inner, offset, node.shape[0], dy, d);
        offset += channels;
      }
      break;
    }
    case OpKind::dropout:
      if (dx) {
        const double p = node.layer->as<nn::Dropout>().p;
        for (std::int64_t i = 0; i < count; ++i)
          dx[i] += dy[i] * dropout_scale(options().seed, mask_call_, index, i, p);
      }
      break;
    case OpKind::flatten:
    case OpKind::stage:
      if (dx)
        for (std::int64_t i = 0; i < count; ++i) dx[i] += dy[i];
      break;
  }
}

PlanStats ReferencePlan::stats() const {
  PlanStats stats;
  std::size_t floats = input_.size();
  for (std::size_t i = 0; i < outputs_.size(); ++i)
    floats += outputs_[i].size() + diffs_[i].size() + saved_[i].size();
  stats.arena_bytes = stats.arena_demand = floats * sizeof(float);
  stats.kernels =
      static_cast<int>(graph_.nodes().size()) * (options().mode == Mode::training ? 2 : 1);
  return stats;
}

}  // namespace condnet::runtime::reference
