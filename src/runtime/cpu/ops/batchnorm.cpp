// batchnorm3d [+ relu]: oneDNN batch normalisation with separate scale and shift read from the
// parameter slab; training keeps the batch mean and variance for backward and moves the
// running statistics (host work on C values); ReLU, when fused, leaves its mask in a
// workspace.
#include "nn/layers/batchnorm3d.hpp"
#include "runtime/cpu/dnnl_check.hpp"
#include "runtime/cpu/ops.hpp"

namespace condnet::runtime::cpu {

namespace {

using dnnl::memory;
using flags = dnnl::normalization_flags;

// running = (1 - m) running + m batch, with the batch variance made unbiased (PyTorch).
HostWork update_running_statistics(int mean, int variance, int running_mean, int running_var,
                                   std::int64_t channels, double momentum, double count) {
  return [=](std::vector<dnnl::memory>& m) {
    const auto data = [&](int id) { return static_cast<float*>(m[id].get_data_handle()); };
    const double unbiased = count > 1 ? count / (count - 1) : 1.0;
    for (std::int64_t c = 0; c < channels; ++c) {
      data(running_mean)[c] =
          static_cast<float>((1 - momentum) * data(running_mean)[c] + momentum * data(mean)[c]);
      data(running_var)[c] = static_cast<float>((1 - momentum) * data(running_var)[c] +
                                                momentum * data(variance)[c] * unbiased);
    }
  };
}

}  // namespace

BatchnormForward batchnorm_forward(Compiler& c, int index, int src, bool relu) {
  const nn::Node& node = c.graph().nodes()[index];
  const auto& bn = node.layer->as<nn::BatchNorm3d>();
  BatchnormForward result;
  result.src = src;
  result.flags = flags::use_scale | flags::use_shift;
  if (relu) result.flags |= flags::fuse_norm_relu;
  const auto prop =
      c.training() ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference;
  const auto forward_flags = c.training() ? result.flags : result.flags | flags::use_global_stats;
  result.pd = c.note(CONDNET_DNNL_CHECK(dnnl::batch_normalization_forward::primitive_desc(
      dnnl::batch_normalization_forward::desc(prop, c.desc(src), static_cast<float>(bn.eps),
                                              forward_flags),
      c.attr(), c.engine())));
  const memory::dims channels{bn.channels};
  if (c.training()) {
    result.mean = c.add_tensor(node.name + " mean", result.pd.mean_desc());
    result.variance = c.add_tensor(node.name + " variance", result.pd.variance_desc());
  } else {
    result.mean = c.buffer(node, 0);
    result.variance = c.buffer(node, 1);
  }
  if (relu && c.training())
    result.workspace = c.add_tensor(node.name + " relu mask", result.pd.workspace_desc());
  result.out = c.add_tensor(node.name, result.pd.dst_desc());
  std::vector<std::pair<int, int>> args{{DNNL_ARG_SRC, src},
                                        {DNNL_ARG_SCALE, c.param(node, 0, channels)},
                                        {DNNL_ARG_SHIFT, c.param(node, 1, channels)},
                                        {DNNL_ARG_MEAN, result.mean},
                                        {DNNL_ARG_VARIANCE, result.variance},
                                        {DNNL_ARG_DST, result.out}};
  if (result.workspace >= 0) args.emplace_back(DNNL_ARG_WORKSPACE, result.workspace);
  c.forward(node.name + " forward", dnnl::batch_normalization_forward(result.pd), std::move(args));
  if (c.training()) {
    const auto dims = c.desc(src).dims();
    double count = 1;
    for (std::size_t i = 0; i < dims.size(); ++i)
      if (i != 1) count *= static_cast<double>(dims[i]);
    const int running_mean = c.buffer(node, 0), running_var = c.buffer(node, 1);
    c.forward_host(node.name + " running statistics",
                   update_running_statistics(result.mean, result.variance, running_mean,
                                             running_var, bn.channels, bn.momentum, count),
                   {result.mean, result.variance, running_mean, running_var});
  }
  return result;
}

void batchnorm_backward(Compiler& c, int index, const BatchnormForward& forward, int d_out,
                        int d_src) {
  const nn::Node& node = c.graph().nodes()[index];
  const auto& bn = node.layer->as<nn::BatchNorm3d>();
  const auto pd = c.note(CONDNET_DNNL_CHECK(dnnl::batch_normalization_backward::primitive_desc(
      dnnl::batch_normalization_backward::desc(dnnl::prop_kind::backward, c.desc(d_out),
                                               c.desc(forward.src), static_cast<float>(bn.eps),
                                               forward.flags),
      c.attr(), c.engine(), forward.pd)));
  const memory::dims channels{bn.channels};
  const memory::desc channel_md(channels, memory::data_type::f32, memory::format_tag::a);
  const int d_scale = c.add_tensor("d " + node.name + " weight", channel_md);
  const int d_shift = c.add_tensor("d " + node.name + " bias", channel_md);
  std::vector<std::pair<int, int>> args{{DNNL_ARG_SRC, forward.src},
                                        {DNNL_ARG_MEAN, forward.mean},
                                        {DNNL_ARG_VARIANCE, forward.variance},
                                        {DNNL_ARG_SCALE, c.param(node, 0, channels)},
                                        {DNNL_ARG_SHIFT, c.param(node, 1, channels)},
                                        {DNNL_ARG_DIFF_DST, d_out},
                                        {DNNL_ARG_DIFF_SRC, d_src},
                                        {DNNL_ARG_DIFF_SCALE, d_scale},
                                        {DNNL_ARG_DIFF_SHIFT, d_shift}};
  if (forward.workspace >= 0) args.emplace_back(DNNL_ARG_WORKSPACE, forward.workspace);
  c.backward(node.name + " backward", dnnl::batch_normalization_backward(pd), std::move(args));
  c.accumulate_grad(node, 0, d_scale, channels);
  c.accumulate_grad(node, 1, d_shift, channels);
}

void emit_batchnorm(Compiler& c, const Group& group) {
  const nn::Node& node = c.graph().nodes()[group.head];
  const int input = node.inputs[0];
  const auto forward = batchnorm_forward(c, group.head, c.value(input), group.activation >= 0);
  c.set_value(group.head, forward.out);
  c.set_value(group.last(), forward.out);
  if (!c.training()) return;
  c.on_backward([&c, group, input, forward] {
    const int d_out = c.output_diff(group.last());
    const bool to_input = c.needs_diff(input);
    const int d_src = to_input ? c.begin_partial(input, c.desc(forward.src))
                               : c.add_tensor("d unused", c.desc(forward.src));
    batchnorm_backward(c, group.head, forward, d_out, d_src);
    if (to_input) c.end_partial(input, d_src);
  });
}

}  // namespace condnet::runtime::cpu
