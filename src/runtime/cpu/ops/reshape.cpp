// The ops that move no numbers or only mask them: stage markers and inference dropout alias
// their input; flatten views a plain layout as (N, F); training dropout multiplies by a mask
// drawn on the host (runtime/dropout_mask.hpp, the reference's own mask).
#include "nn/layers/dropout.hpp"
#include "runtime/cpu/dnnl_check.hpp"
#include "runtime/cpu/ops.hpp"
#include "runtime/dropout_mask.hpp"

namespace condnet::runtime::cpu {

using dnnl::memory;

void emit_stage(Compiler& c, const Group& group) {
  const int input = c.graph().nodes()[group.head].inputs[0];
  c.set_value(group.head, c.value(input));
  if (!c.needs_diff(group.head) || !c.needs_diff(input)) return;
  c.on_backward([&c, group, input] { c.pass_diff(input, c.output_diff(group.head)); });
}

void emit_flatten(Compiler& c, const Group& group) {
  const nn::Node& node = c.graph().nodes()[group.head];
  const int input = node.inputs[0];
  const auto layout = c.desc(c.value(input));
  const auto plain = Compiler::plain(layout.dims(), layout.data_type());
  const int src = c.in_layout(c.value(input), plain);
  const memory::dims flat{c.options().batch, nn::element_count(node.shape)};
  const auto flat_md = Compiler::plain(flat, layout.data_type());
  c.set_value(group.head, c.view(node.name, src, flat_md));
  if (!c.needs_diff(group.head) || !c.needs_diff(input)) return;
  c.on_backward([&c, group, input, plain] {
    const int d_out = c.output_diff(group.head);
    c.pass_diff(input, c.alias("d " + c.graph().nodes()[group.head].name, d_out, plain));
  });
}

void emit_dropout(Compiler& c, const Group& group) {
  const nn::Node& node = c.graph().nodes()[group.head];
  const int input = node.inputs[0];
  const int src = c.value(input);
  if (!c.training()) {
    c.set_value(group.head, src);
    return;
  }
  const auto layout = c.desc(src);
  const int mask =
      c.add_tensor(node.name + " mask", Compiler::plain(layout.dims(), memory::data_type::f32));
  const double p = node.layer->as<nn::Dropout>().p;
  const auto calls = c.program().forward_calls;
  const std::uint64_t seed = c.options().seed;
  const int index = group.head;
  const auto count = static_cast<std::int64_t>(c.desc(mask).get_size() / sizeof(float));
  c.forward_host(node.name + " mask",
                 [mask, p, calls, seed, index, count](std::vector<dnnl::memory>& m) {
                   float* values = static_cast<float*>(m[mask].get_data_handle());
                   for (std::int64_t i = 0; i < count; ++i)
                     values[i] = dropout_scale(seed, *calls, index, i, p);
                 },
                 {mask});
  const auto multiply = [&c, mask](const memory::desc& data) {
    return c.note(CONDNET_DNNL_CHECK(dnnl::binary::primitive_desc(
        dnnl::binary::desc(dnnl::algorithm::binary_mul, data, c.desc(mask), data), c.attr(),
        c.engine())));
  };
  const int dst = c.add_tensor(node.name, layout);
  c.forward(node.name + " forward", dnnl::binary(multiply(layout)),
            {{DNNL_ARG_SRC_0, src}, {DNNL_ARG_SRC_1, mask}, {DNNL_ARG_DST, dst}});
  c.set_value(group.head, dst);
  if (!c.needs_diff(group.head) || !c.needs_diff(input)) return;
  c.on_backward([&c, group, input, mask, multiply] {
    const int d_out = c.output_diff(group.head);
    const int d_src = c.begin_partial(input, c.desc(d_out));
    c.backward(c.graph().nodes()[group.head].name + " backward",
               dnnl::binary(multiply(c.desc(d_out))),
               {{DNNL_ARG_SRC_0, d_out}, {DNNL_ARG_SRC_1, mask}, {DNNL_ARG_DST, d_src}});
    c.end_partial(input, d_src);
  });
}

}  // namespace condnet::runtime::cpu
