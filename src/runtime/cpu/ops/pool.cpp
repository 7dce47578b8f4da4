// maxpool3d, avgpool3d and global_avg_pool (an average over the whole volume, its output
// kept as (N, C, 1, 1, 1) in the input's layout). Max pooling in training keeps the
// winners' positions in a workspace, so its backward reads neither input nor output.
#include "nn/layers/pool3d.hpp"
#include "runtime/cpu/dnnl_check.hpp"
#include "runtime/cpu/ops.hpp"

namespace condnet::runtime::cpu {

using dnnl::memory;

void emit_pool(Compiler& c, const Group& group) {
  const nn::Node& node = c.graph().nodes()[group.head];
  const int input = node.inputs[0];
  const int src = c.value(input);
  const memory::dims src_dims = c.desc(src).dims();
  memory::dims kernel(3), strides(3), pad_l(3, 0), pad_r(3, 0), dilation(3, 0);
  memory::dims dst_dims{src_dims[0], src_dims[1], 1, 1, 1};
  auto algorithm = dnnl::algorithm::pooling_avg_exclude_padding;
  if (node.layer->kind() == nn::OpKind::pool3d) {
    const auto& pool = node.layer->as<nn::Pool3d>();
    algorithm = pool.pool == nn::PoolKind::max ? dnnl::algorithm::pooling_max
                : pool.count_include_pad       ? dnnl::algorithm::pooling_avg_include_padding
                                               : dnnl::algorithm::pooling_avg_exclude_padding;
    for (int a = 0; a < 3; ++a) {
      kernel[a] = pool.kernel[a];
      strides[a] = pool.stride[a];
      pad_l[a] = pool.padding[a];
      dst_dims[a + 2] = node.shape[a + 1];
      pad_r[a] = std::max<memory::dim>(
          0, (dst_dims[a + 2] - 1) * strides[a] + kernel[a] - src_dims[a + 2] - pad_l[a]);
    }
  } else {
    for (int a = 0; a < 3; ++a) {
      kernel[a] = src_dims[a + 2];
      strides[a] = 1;
    }
  }
  const auto type = c.desc(src).data_type();
  const auto prop =
      c.training() ? dnnl::prop_kind::forward_training : dnnl::prop_kind::forward_inference;
  const auto pd = c.note(CONDNET_DNNL_CHECK(dnnl::pooling_v2_forward::primitive_desc(
      dnnl::pooling_v2_forward::desc(prop, algorithm, c.desc(src),
                                     memory::desc(dst_dims, type, memory::format_tag::any), strides,
                                     kernel, dilation, pad_l, pad_r),
      c.attr(), c.engine())));
  const int dst = c.add_tensor(node.name, pd.dst_desc());
  const bool keep_winners = c.training() && algorithm == dnnl::algorithm::pooling_max;
  const int workspace =
      keep_winners ? c.add_tensor(node.name + " winners", pd.workspace_desc()) : -1;
  std::vector<std::pair<int, int>> args{{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}};
  if (workspace >= 0) args.emplace_back(DNNL_ARG_WORKSPACE, workspace);
  c.forward(node.name + " forward", dnnl::pooling_v2_forward(pd), std::move(args));
  c.set_value(group.head, dst);
  if (!c.needs_diff(group.head) || !c.needs_diff(input)) return;
  c.on_backward([&c, group, input, src, pd, algorithm, workspace, strides, kernel, dilation, pad_l,
                 pad_r] {
    const nn::Node& node = c.graph().nodes()[group.head];
    const int d_out = c.output_diff(group.head);
    const auto bpd = c.note(CONDNET_DNNL_CHECK(dnnl::pooling_v2_backward::primitive_desc(
        dnnl::pooling_v2_backward::desc(algorithm, c.desc(src), c.desc(d_out), strides, kernel,
                                        dilation, pad_l, pad_r),
        c.attr(), c.engine(), pd)));
    const int d_src = c.begin_partial(input, bpd.diff_src_desc());
    std::vector<std::pair<int, int>> args{{DNNL_ARG_DIFF_DST, d_out}, {DNNL_ARG_DIFF_SRC, d_src}};
    if (workspace >= 0) args.emplace_back(DNNL_ARG_WORKSPACE, workspace);
    c.backward(node.name + " backward", dnnl::pooling_v2_backward(bpd), std::move(args));
    c.end_partial(input, d_src);
  });
}

}  // namespace condnet::runtime::cpu
