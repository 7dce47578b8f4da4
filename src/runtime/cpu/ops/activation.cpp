#include "nn/layers/activation.hpp"

#include "runtime/cpu/dnnl_check.hpp"
#include "runtime/cpu/ops.hpp"

namespace condnet::runtime::cpu {

using dnnl::algorithm;

dnnl::algorithm eltwise_algorithm(const nn::Node& activation, bool use_dst) {
  switch (activation.layer->as<nn::Activation>().function) {
    case nn::ActivationKind::relu:
    case nn::ActivationKind::leaky_relu:
      return use_dst ? algorithm::eltwise_relu_use_dst_for_bwd : algorithm::eltwise_relu;
    case nn::ActivationKind::gelu:
      return algorithm::eltwise_gelu_erf;
    case nn::ActivationKind::sigmoid:
      return use_dst ? algorithm::eltwise_logistic_use_dst_for_bwd : algorithm::eltwise_logistic;
  }
  return algorithm::eltwise_relu;
}

bool backward_from_output(const nn::Node& activation) {
  return activation.layer->as<nn::Activation>().function != nn::ActivationKind::gelu;
}

void emit_activation(Compiler& c, const Group& group) {
  const nn::Node& node = c.graph().nodes()[group.head];
  const int input = node.inputs[0];
  const int src = c.value(input);
  const auto alpha = static_cast<float>(node.layer->as<nn::Activation>().negative_slope);
  const auto prop =
      c.training() ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference;
  const auto pd = c.note(CONDNET_DNNL_CHECK(dnnl::eltwise_forward::primitive_desc(
      dnnl::eltwise_forward::desc(prop, eltwise_algorithm(node, false), c.desc(src), alpha, 0.0f),
      c.attr(), c.engine())));
  const int out = c.add_tensor(node.name, pd.dst_desc());
  c.forward(node.name + " forward", dnnl::eltwise_forward(pd),
            {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, out}});
  c.set_value(group.head, out);
  if (!c.needs_diff(group.head) || !c.needs_diff(input)) return;
  c.on_backward([&c, group, input, src, pd, alpha] {
    const nn::Node& node = c.graph().nodes()[group.head];
    const int d_out = c.output_diff(group.head);
    const auto bpd = c.note(CONDNET_DNNL_CHECK(dnnl::eltwise_backward::primitive_desc(
        dnnl::eltwise_backward::desc(eltwise_algorithm(node, false), c.desc(d_out), c.desc(src),
                                     alpha, 0.0f),
        c.attr(), c.engine(), pd)));
    const int d_src = c.begin_partial(input, bpd.diff_src_desc());
    c.backward(node.name + " backward", dnnl::eltwise_backward(bpd),
               {{DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, d_out}, {DNNL_ARG_DIFF_SRC, d_src}});
    c.end_partial(input, d_src);
  });
}

}  // namespace condnet::runtime::cpu
