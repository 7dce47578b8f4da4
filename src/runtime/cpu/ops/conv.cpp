// conv3d [+ batchnorm3d] [+ activation], and linear [+ activation].
//
// Training: the convolution runs alone and batchnorm follows with ReLU fused into it
// (oneDNN's fuse_norm_relu, its mask kept in a workspace); without batchnorm the activation
// is a post-op of the convolution and its backward reads the convolution's output.
// Inference: batchnorm is folded into the convolution's weights and bias, the activation is a
// post-op: one kernel for the three layers.
#include <cmath>

#include "nn/layers/activation.hpp"
#include "nn/layers/batchnorm3d.hpp"
#include "nn/layers/conv3d.hpp"
#include "nn/layers/linear.hpp"
#include "runtime/cpu/dnnl_check.hpp"
#include "runtime/cpu/ops.hpp"
#include "runtime/cpu/reference_kernel.hpp"

namespace condnet::runtime::cpu {

namespace {

using dnnl::memory;
using tag = memory::format_tag;
constexpr auto f32 = memory::data_type::f32;

float slope_of(const nn::Node& activation) {
  return static_cast<float>(activation.layer->as<nn::Activation>().negative_slope);
}

// The activation's backward from the kernel's output `dst`: d_out -> d(pre-activation).
int activation_backward(Compiler& c, const Group& group, int dst, int d_out) {
  const nn::Node& act = c.graph().nodes()[group.activation];
  const auto layout = c.desc(dst);
  const auto hint = CONDNET_DNNL_CHECK(dnnl::eltwise_forward::primitive_desc(
      dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_training, eltwise_algorithm(act, true),
                                  layout, slope_of(act), 0.0f),
      c.attr(), c.engine()));
  const auto pd = c.note(CONDNET_DNNL_CHECK(dnnl::eltwise_backward::primitive_desc(
      dnnl::eltwise_backward::desc(eltwise_algorithm(act, true), layout, layout, slope_of(act),
                                   0.0f),
      c.attr(), c.engine(), hint)));
  const int d_pre = c.can_overwrite(d_out, group.head)
                        ? c.alias("d " + act.name + " (in place)", d_out, layout)
                        : c.add_tensor("d " + act.name, layout);
  c.backward(act.name + " backward", dnnl::eltwise_backward(pd),
             {{DNNL_ARG_DST, dst}, {DNNL_ARG_DIFF_DST, d_out}, {DNNL_ARG_DIFF_SRC, d_pre}});
  return d_pre;
}

dnnl::post_ops activation_post_op(const Compiler& c, const Group& group, bool wanted) {
  dnnl::post_ops post_ops;
  if (wanted) {
    const nn::Node& act = c.graph().nodes()[group.activation];
    post_ops.append_eltwise(1.0f, eltwise_algorithm(act, false), slope_of(act), 0.0f);
  }
  return post_ops;
}

// Host work folding inference batchnorm into a convolution: with s = gamma / sqrt(var + eps),
// w'[o] = w[o] s[o], b'[o] = beta[o] + (b[o] - mean[o]) s[o].
HostWork fold_batchnorm(int weight, int bias, int gamma, int beta, int mean, int var,
                        int folded_weight, int folded_bias, std::int64_t out_channels,
                        std::int64_t per_output, double eps) {
  return [=](std::vector<dnnl::memory>& m) {
    const auto data = [&](int id) { return static_cast<float*>(m[id].get_data_handle()); };
    const float* w = data(weight);
    float* fw = data(folded_weight);
    float* fb = data(folded_bias);
    for (std::int64_t o = 0; o < out_channels; ++o) {
      const double scale = data(gamma)[o] / std::sqrt(static_cast<double>(data(var)[o]) + eps);
      for (std::int64_t i = 0; i < per_output; ++i)
        fw[o * per_output + i] = static_cast<float>(w[o * per_output + i] * scale);
      const double b = bias >= 0 ? data(bias)[o] : 0.0;
      fb[o] = static_cast<float>(data(beta)[o] + (b - data(mean)[o]) * scale);
    }
  };
}

// Runs a backward-weights primitive (convolution or inner product) from src and d(dst), and
// accumulates its weight gradient (parameter 0) and, when `bias_md` is given, its bias gradient
// (parameter 1) into the node's slab.
void emit_weight_gradients(Compiler& c, const nn::Node& node, const dnnl::primitive& primitive,
                           const memory::desc& diff_weights_md, int src, int d,
                           const memory::desc* bias_md, const memory::dims& weight_dims,
                           const memory::dims& bias_dims) {
  const int d_weight = c.add_tensor("d " + node.name + " weight", diff_weights_md);
  std::vector<std::pair<int, int>> args{
      {DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, d}, {DNNL_ARG_DIFF_WEIGHTS, d_weight}};
  const int d_bias = bias_md ? c.add_tensor("d " + node.name + " bias", *bias_md) : -1;
  if (bias_md) args.emplace_back(DNNL_ARG_DIFF_BIAS, d_bias);
  c.backward(node.name + " backward weights", primitive, std::move(args));
  c.accumulate_grad(node, 0, d_weight, weight_dims);
  if (bias_md) c.accumulate_grad(node, 1, d_bias, bias_dims);
}

// The same dims and data type in whatever layout a primitive prefers.
memory::desc any_layout(const memory::desc& md) {
  return memory::desc(md.dims(), md.data_type(), tag::any);
}

// A backward primitive from make(src or diff_src layout, diff_dst layout), first in the
// forward's layouts, which need no reorders. Where those leave oneDNN only its reference
// kernel (a plain src of fewer than 16 channels has no optimised backward: 100-1000x slower),
// the layouts the optimised kernel prefers, and the tensors are reordered to them.
template <typename Make>
auto backward_primitive(Make make, const memory::desc& src, const memory::desc& dst) {
  auto pd = CONDNET_DNNL_CHECK(make(src, dst));
  if (!is_reference_kernel(pd)) return pd;
  auto preferred = CONDNET_DNNL_CHECK(make(any_layout(src), any_layout(dst)));
  return is_reference_kernel(preferred) ? pd : preferred;
}

}  // namespace

void emit_conv(Compiler& c, const Group& group) {
  const auto& nodes = c.graph().nodes();
  const nn::Node& node = nodes[group.head];
  const auto& conv = node.layer->as<nn::Conv3d>();
  const int input = node.inputs[0];
  const auto type = c.compute_type();
  const memory::dims src_dims = c.batch_dims(c.graph().shape_of(input));
  const memory::dims dst_dims = c.batch_dims(node.shape);
  const memory::dims weight_dims{conv.out_channels, conv.in_channels, conv.kernel[0],
                                 conv.kernel[1], conv.kernel[2]};
  const memory::dims bias_dims{conv.out_channels};
  memory::dims strides(3), dilates(3), pad_l(3), pad_r(3);
  for (int a = 0; a < 3; ++a) {
    strides[a] = conv.stride[a];
    dilates[a] = conv.dilation[a] - 1;  // oneDNN counts the gaps
    pad_l[a] = conv.padding[a];
    // The right padding that gives PyTorch's (floored) output size; never negative.
    const auto reach = conv.dilation[a] * (conv.kernel[a] - 1) + 1;
    pad_r[a] = std::max<memory::dim>(
        0, (dst_dims[a + 2] - 1) * strides[a] + reach - src_dims[a + 2] - pad_l[a]);
  }
  const bool fold = group.batchnorm >= 0 && !c.training();
  const bool bn_training = group.batchnorm >= 0 && c.training();
  const bool act_post_op = group.activation >= 0 && !bn_training;
  const bool has_bias = conv.bias || fold;
  const memory::desc bias_md(bias_dims, f32, tag::a);
  const auto prop =
      c.training() ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference;
  const auto pd = c.note(CONDNET_DNNL_CHECK(dnnl::convolution_forward::primitive_desc(
      dnnl::convolution_forward::desc(
          prop, dnnl::algorithm::convolution_direct, memory::desc(src_dims, type, tag::any),
          memory::desc(weight_dims, type, tag::any), has_bias ? bias_md : memory::desc(),
          memory::desc(dst_dims, type, tag::any), strides, dilates, pad_l, pad_r),
      c.attr(activation_post_op(c, group, act_post_op)), c.engine())));

  const int src = c.in_layout(c.value(input), pd.src_desc());
  int weight_plain = c.param(node, 0, weight_dims);
  int bias = conv.bias ? c.param(node, 1, bias_dims) : -1;
  if (fold) {
    const nn::Node& bn = nodes[group.batchnorm];
    const int folded_weight =
        c.add_tensor(node.name + " folded weight", Compiler::plain(weight_dims, f32));
    const int folded_bias = c.add_tensor(node.name + " folded bias", bias_md);
    const int gamma = c.param(bn, 0, bias_dims), beta = c.param(bn, 1, bias_dims);
    const int mean = c.buffer(bn, 0), var = c.buffer(bn, 1);
    c.forward_host(
        "fold " + bn.name + " into " + node.name,
        fold_batchnorm(weight_plain, bias, gamma, beta, mean, var, folded_weight, folded_bias,
                       conv.out_channels,
                       conv.in_channels * conv.kernel[0] * conv.kernel[1] * conv.kernel[2],
                       bn.layer->as<nn::BatchNorm3d>().eps),
        {weight_plain, gamma, beta, mean, var, folded_weight, folded_bias});
    if (bias >= 0) c.program().forward.back().host_tensors.push_back(bias);
    weight_plain = folded_weight;
    bias = folded_bias;
  }
  const int weights = c.converted(weight_plain, pd.weights_desc());
  const int dst = c.add_tensor(node.name, pd.dst_desc());
  std::vector<std::pair<int, int>> args{
      {DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, weights}, {DNNL_ARG_DST, dst}};
  if (bias >= 0) args.emplace_back(DNNL_ARG_BIAS, bias);
  c.forward(node.name + " forward", dnnl::convolution_forward(pd), std::move(args));
  c.set_value(group.head, dst);

  BatchnormForward bn_forward;
  if (bn_training) {
    bn_forward = batchnorm_forward(c, group.batchnorm, dst, group.activation >= 0);
    c.set_value(group.batchnorm, bn_forward.out);
  }
  const int out = bn_training ? bn_forward.out : dst;
  c.set_value(group.last(), out);
  if (!c.training()) return;

  c.on_backward([&c, group, input, src, dst, weight_plain, weights, pd, bn_training, act_post_op,
                 bn_forward, weight_dims, bias_dims, bias_md, strides, dilates, pad_l, pad_r] {
    const nn::Node& node = c.graph().nodes()[group.head];
    const bool with_bias = node.layer->as<nn::Conv3d>().bias;
    int d = c.output_diff(group.last());
    if (bn_training) {
      const int d_conv = c.can_overwrite(d, group.head)
                             ? c.alias("d " + node.name + " (in place)", d, c.desc(dst))
                             : c.add_tensor("d " + node.name, c.desc(dst));
      batchnorm_backward(c, group.batchnorm, bn_forward, d, d_conv);
      d = d_conv;
    } else if (act_post_op) {
      d = activation_backward(c, group, dst, d);
    }
    const auto wpd = c.note(backward_primitive(
        [&](const memory::desc& src_md, const memory::desc& diff_dst_md) {
          return dnnl::convolution_backward_weights::primitive_desc(
              dnnl::convolution_backward_weights::desc(dnnl::algorithm::convolution_direct, src_md,
                                                       memory::desc(weight_dims, f32, tag::any),
                                                       with_bias ? bias_md : memory::desc(),
                                                       diff_dst_md, strides, dilates, pad_l, pad_r),
              c.attr(), c.engine(), pd);
        },
        pd.src_desc(), pd.dst_desc()));
    emit_weight_gradients(c, node, dnnl::convolution_backward_weights(wpd), wpd.diff_weights_desc(),
                          c.converted(src, wpd.src_desc(), true),
                          c.converted(d, wpd.diff_dst_desc(), true), with_bias ? &bias_md : nullptr,
                          weight_dims, bias_dims);
    if (!c.needs_diff(input)) return;
    const auto dpd = c.note(backward_primitive(
        [&](const memory::desc& diff_src_md, const memory::desc& diff_dst_md) {
          return dnnl::convolution_backward_data::primitive_desc(
              dnnl::convolution_backward_data::desc(
                  dnnl::algorithm::convolution_direct, diff_src_md,
                  memory::desc(weight_dims, c.compute_type(), tag::any), diff_dst_md, strides,
                  dilates, pad_l, pad_r),
              c.attr(), c.engine(), pd);
        },
        pd.src_desc(), pd.dst_desc()));
    const int w = c.desc(weights) == dpd.weights_desc()
                      ? weights
                      : c.converted(weight_plain, dpd.weights_desc(), true);
    const int d_src = c.begin_partial(input, dpd.diff_src_desc());
    c.backward(node.name + " backward data", dnnl::convolution_backward_data(dpd),
               {{DNNL_ARG_DIFF_DST, c.converted(d, dpd.diff_dst_desc(), true)},
                {DNNL_ARG_WEIGHTS, w},
                {DNNL_ARG_DIFF_SRC, d_src}});
    c.end_partial(input, d_src);
  });
}

void emit_linear(Compiler& c, const Group& group) {
  const nn::Node& node = c.graph().nodes()[group.head];
  const auto& linear = node.layer->as<nn::Linear>();
  const int input = node.inputs[0];
  const auto type = c.compute_type();
  const int value = c.value(input);
  // The weight viewed with the input's dims: (O, I) = (O, C, D, H, W) in C order.
  const memory::dims src_dims = c.desc(value).dims();
  memory::dims weight_dims{linear.out_features};
  weight_dims.insert(weight_dims.end(), src_dims.begin() + 1, src_dims.end());
  const memory::dims bias_dims{linear.out_features};
  const memory::desc bias_md(bias_dims, f32, tag::a);
  const memory::dims dst_dims{c.options().batch, linear.out_features};
  const bool act_post_op = group.activation >= 0;
  const auto prop =
      c.training() ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference;
  const auto make = [&](const memory::desc& src_md) {
    return dnnl::inner_product_forward::primitive_desc(
        dnnl::inner_product_forward::desc(prop, src_md, memory::desc(weight_dims, type, tag::any),
                                          linear.bias ? bias_md : memory::desc(),
                                          memory::desc(dst_dims, type, tag::any)),
        c.attr(activation_post_op(c, group, act_post_op)), c.engine());
  };
  // Prefer the input's own layout; let oneDNN pick one when it has no kernel for it.
  dnnl::inner_product_forward::primitive_desc pd;
  if (c.desc(value).data_type() == type) {
    try {
      pd = make(c.desc(value));
    } catch (const dnnl::error&) {
    }
  }
  if (!pd) pd = CONDNET_DNNL_CHECK(make(memory::desc(src_dims, type, tag::any)));
  c.note(pd);
  const int src = c.in_layout(value, pd.src_desc());
  const int weight_plain = c.param(node, 0, weight_dims);
  const int weights = c.converted(weight_plain, pd.weights_desc());
  const int dst = c.add_tensor(node.name, pd.dst_desc());
  std::vector<std::pair<int, int>> args{
      {DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, weights}, {DNNL_ARG_DST, dst}};
  if (linear.bias) args.emplace_back(DNNL_ARG_BIAS, c.param(node, 1, bias_dims));
  c.forward(node.name + " forward", dnnl::inner_product_forward(pd), std::move(args));
  c.set_value(group.head, dst);
  c.set_value(group.last(), dst);
  if (!c.training()) return;

  c.on_backward([&c, group, input, src, dst, weight_plain, weights, pd, act_post_op, weight_dims,
                 bias_dims, bias_md] {
    const nn::Node& node = c.graph().nodes()[group.head];
    const bool with_bias = node.layer->as<nn::Linear>().bias;
    int d = c.output_diff(group.last());
    if (act_post_op) d = activation_backward(c, group, dst, d);
    const auto wpd = c.note(CONDNET_DNNL_CHECK(dnnl::inner_product_backward_weights::primitive_desc(
        dnnl::inner_product_backward_weights::desc(
            pd.src_desc(), memory::desc(weight_dims, f32, tag::any),
            with_bias ? bias_md : memory::desc(), pd.dst_desc()),
        c.attr(), c.engine(), pd)));
    emit_weight_gradients(c, node, dnnl::inner_product_backward_weights(wpd),
                          wpd.diff_weights_desc(), src, d, with_bias ? &bias_md : nullptr,
                          weight_dims, bias_dims);
    if (!c.needs_diff(input)) return;
    const auto dpd = c.note(CONDNET_DNNL_CHECK(dnnl::inner_product_backward_data::primitive_desc(
        dnnl::inner_product_backward_data::desc(
            pd.src_desc(), memory::desc(weight_dims, c.compute_type(), tag::any), pd.dst_desc()),
        c.attr(), c.engine(), pd)));
    const int w = c.desc(weights) == dpd.weights_desc()
                      ? weights
                      : c.converted(weight_plain, dpd.weights_desc(), true);
    const int d_src = c.begin_partial(input, dpd.diff_src_desc());
    c.backward(node.name + " backward data", dnnl::inner_product_backward_data(dpd),
               {{DNNL_ARG_DIFF_DST, d}, {DNNL_ARG_WEIGHTS, w}, {DNNL_ARG_DIFF_SRC, d_src}});
    c.end_partial(input, d_src);
  });
}

}  // namespace condnet::runtime::cpu
