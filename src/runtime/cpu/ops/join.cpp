// add (a oneDNN sum of the inputs, in the first input's layout) and concat (along channels).
// Their backward only routes gradients: add hands its output gradient to every input, concat
// hands each input a view of its channels.
#include "runtime/cpu/dnnl_check.hpp"
#include "runtime/cpu/ops.hpp"

namespace condnet::runtime::cpu {

using dnnl::memory;

void emit_add(Compiler& c, const Group& group) {
  const nn::Node& node = c.graph().nodes()[group.head];
  const auto layout = c.desc(c.value(node.inputs[0]));
  std::vector<memory::desc> sources;
  const int dst = c.add_tensor(node.name, layout);
  std::vector<std::pair<int, int>> args{{DNNL_ARG_DST, dst}};
  for (std::size_t i = 0; i < node.inputs.size(); ++i) {
    const int src = c.in_layout(c.value(node.inputs[i]), layout);
    sources.push_back(c.desc(src));
    args.emplace_back(DNNL_ARG_MULTIPLE_SRC + static_cast<int>(i), src);
  }
  const auto pd = c.note(CONDNET_DNNL_CHECK(dnnl::sum::primitive_desc(
      layout, std::vector<float>(sources.size(), 1.0f), sources, c.engine(), c.attr())));
  c.forward(node.name + " forward", dnnl::sum(pd), std::move(args));
  c.set_value(group.head, dst);
  if (!c.needs_diff(group.head)) return;
  c.on_backward([&c, group] {
    const nn::Node& node = c.graph().nodes()[group.head];
    const int d_out = c.output_diff(group.head);
    for (const int input : node.inputs)
      if (c.needs_diff(input)) c.pass_diff(input, d_out);
  });
}

void emit_concat(Compiler& c, const Group& group) {
  const nn::Node& node = c.graph().nodes()[group.head];
  std::vector<memory::desc> sources;
  std::vector<std::pair<int, int>> args;
  bool blockable = true;  // every input's channels fill whole 16-channel blocks
  for (std::size_t i = 0; i < node.inputs.size(); ++i) {
    const int src = c.value(node.inputs[i]);
    sources.push_back(c.desc(src));
    blockable = blockable && c.desc(src).dims()[1] % 16 == 0;
    args.emplace_back(DNNL_ARG_MULTIPLE_SRC + static_cast<int>(i), src);
  }
  memory::dims dst_dims = sources[0].dims();
  dst_dims[1] = node.shape[0];
  // Backward views each input's channels of the output gradient; a blocked layout allows
  // that only at block boundaries, so other channel counts get the plain layout.
  const auto pd = c.note(CONDNET_DNNL_CHECK(
      blockable ? dnnl::concat::primitive_desc(1, sources, c.engine(), c.attr())
                : dnnl::concat::primitive_desc(Compiler::plain(dst_dims, c.compute_type()), 1,
                                               sources, c.engine(), c.attr())));
  const int dst = c.add_tensor(node.name, pd.dst_desc());
  args.emplace_back(DNNL_ARG_DST, dst);
  c.forward(node.name + " forward", dnnl::concat(pd), std::move(args));
  c.set_value(group.head, dst);
  if (!c.needs_diff(group.head)) return;
  c.on_backward([&c, group, sources] {
    const nn::Node& node = c.graph().nodes()[group.head];
    const int d_out = c.output_diff(group.head);
    memory::dims offsets(sources[0].dims().size(), 0);
    for (std::size_t i = 0; i < node.inputs.size(); ++i) {
      if (c.needs_diff(node.inputs[i])) {
        const auto part = c.desc(d_out).submemory_desc(sources[i].dims(), offsets);
        c.pass_diff(node.inputs[i], c.alias("d " + node.name + " part", d_out, part));
      }
      offsets[1] += sources[i].dims()[1];
    }
  });
}

}  // namespace condnet::runtime::cpu
