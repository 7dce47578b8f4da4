#include "runtime/cpu/compiler.hpp"

#include <fmt/format.h>

#include "nn/layers/activation.hpp"
#include "runtime/cpu/dnnl_check.hpp"
#include "runtime/cpu/ops.hpp"

namespace condnet::runtime::cpu {

using nn::OpKind;

Compiler::Compiler(const nn::Graph& graph, const PlanOptions& options, const dnnl::engine& engine)
    : graph_(graph),
      options_(options),
      engine_(engine),
      compute_type_(options.dtype == DType::bf16 ? memory::data_type::bf16
                                                 : memory::data_type::f32) {}

dnnl::primitive_attr Compiler::attr(const dnnl::post_ops& post_ops) const {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  attr.set_post_ops(post_ops);
  return attr;
}

memory::dims Compiler::batch_dims(const nn::Dims& sample) const {
  memory::dims dims{options_.batch};
  dims.insert(dims.end(), sample.begin(), sample.end());
  return dims;
}

memory::desc Compiler::plain(const memory::dims& dims, memory::data_type type) {
  memory::dims strides(dims.size(), 1);
  for (int i = static_cast<int>(dims.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * dims[i + 1];
  return memory::desc(dims, type, strides);
}

int Compiler::add_tensor(std::string label, const memory::desc& desc, Storage storage,
                         std::size_t offset) {
  program_.tensors.push_back({std::move(label), desc, storage, offset, -1});
  return static_cast<int>(program_.tensors.size()) - 1;
}

int Compiler::alias(std::string label, int tensor, const memory::desc& desc) {
  const Tensor& target = program_.tensors[tensor];
  CONDNET_ASSERT(target.storage == Storage::arena);
  const int root = target.alias_of >= 0 ? target.alias_of : tensor;
  program_.tensors.push_back({std::move(label), desc, Storage::arena, 0, root});
  return static_cast<int>(program_.tensors.size()) - 1;
}

int Compiler::param(const nn::Node& node, std::size_t k, const memory::dims& dims) {
  const auto& slice = node.params.at(k);
  CONDNET_ASSERT(static_cast<std::int64_t>(plain(dims, memory::data_type::f32).get_size()) ==
                 slice.size * 4);
  return add_tensor(slice.name, plain(dims, memory::data_type::f32), Storage::params,
                    slice.offset * sizeof(float));
}

int Compiler::buffer(const nn::Node& node, std::size_t k) {
  const auto& slice = node.buffers.at(k);
  return add_tensor(slice.name, plain({slice.size}, memory::data_type::f32), Storage::buffers,
                    slice.offset * sizeof(float));
}

int Compiler::value(int owner) const {
  const int tensor = owner == nn::kGraphInput ? input_value_ : values_[owner];
  CONDNET_ASSERT(tensor >= 0);
  return tensor;
}

int Compiler::copy_in_layout(int tensor, const memory::desc& want, bool in_backward) {
  for (const auto& [source, copy] : layouts_)
    if (source == tensor && desc(copy) == want) return copy;
  const int copy = add_tensor(program_.tensors[tensor].label + " (reordered)", want);
  reorder(in_backward, "reorder " + program_.tensors[tensor].label, tensor, copy);
  layouts_.emplace_back(tensor, copy);
  return copy;
}

int Compiler::in_layout(int tensor, const memory::desc& want) {
  if (desc(tensor) == want) return tensor;
  const std::size_t before = program_.tensors.size();
  const int copy = copy_in_layout(tensor, want, false);
  if (program_.tensors.size() != before) {
    if (program_.tensors[tensor].storage == Storage::input)
      ++program_.edge_reorders;
    else
      ++program_.inner_reorders;
  }
  return copy;
}

int Compiler::converted(int tensor, const memory::desc& want, bool in_backward) {
  return desc(tensor) == want ? tensor : copy_in_layout(tensor, want, in_backward);
}

int Compiler::view(std::string label, int tensor, const memory::desc& desc) {
  if (program_.tensors[tensor].storage == Storage::arena)
    return alias(std::move(label), tensor, desc);
  const int copy = add_tensor(label, this->desc(tensor));
  reorder(false, "copy " + label, tensor, copy);
  ++program_.edge_reorders;
  return alias(std::move(label), copy, desc);
}

void Compiler::forward(std::string label, const dnnl::primitive& primitive,
                       std::vector<std::pair<int, int>> args) {
  program_.forward.push_back({std::move(label), primitive, std::move(args), {}, {}});
}

void Compiler::backward(std::string label, const dnnl::primitive& primitive,
                        std::vector<std::pair<int, int>> args) {
  program_.backward.push_back({std::move(label), primitive, std::move(args), {}, {}});
}

void Compiler::forward_host(std::string label, HostWork work, std::vector<int> tensors) {
  program_.forward.push_back({std::move(label), {}, {}, std::move(work), std::move(tensors)});
}

void Compiler::reorder(bool in_backward, std::string label, int src, int dst, bool accumulate) {
  dnnl::post_ops post_ops;
  if (accumulate) post_ops.append_sum(1.0f);
  const auto pd = note(CONDNET_DNNL_CHECK(
      dnnl::reorder::primitive_desc(engine_, desc(src), engine_, desc(dst), attr(post_ops))));
  const dnnl::reorder primitive(pd);
  std::vector<std::pair<int, int>> args{{DNNL_ARG_FROM, src}, {DNNL_ARG_TO, dst}};
  if (in_backward)
    backward(std::move(label), primitive, std::move(args));
  else
    forward(std::move(label), primitive, std::move(args));
}

void Compiler::accumulate_grad(const nn::Node& node, std::size_t k, int src,
                               const memory::dims& dims) {
  const auto& slice = node.params.at(k);
  const int grad = add_tensor(slice.name + " grad", plain(dims, memory::data_type::f32),
                              Storage::grads, slice.offset * sizeof(float));
  reorder(true, "accumulate " + slice.name + " grad", src, grad, true);
}

int Compiler::slot(int owner) const {
  return owner == nn::kGraphInput ? static_cast<int>(graph_.nodes().size()) : owner;
}

bool Compiler::needs_diff(int owner) const { return needs_diff_[slot(owner)]; }

int Compiler::ensure_diff(int owner) {
  int& diff = diffs_[slot(owner)];
  if (diff < 0) {
    const std::string name = owner == nn::kGraphInput ? "input" : graph_.nodes()[owner].name;
    diff = add_tensor("d " + name, desc(value(owner)));
  }
  return diff;
}

int Compiler::begin_partial(int owner, const memory::desc& layout) {
  CONDNET_ASSERT(needs_diff(owner));
  const int s = slot(owner);
  if (edges_[s] == 1 && layout == desc(value(owner))) return ensure_diff(owner);
  return add_tensor("d part", layout);
}

void Compiler::end_partial(int owner, int tensor) {
  if (tensor == diffs_[slot(owner)])
    partials_[slot(owner)].push_back(tensor);
  else
    contribute(owner, tensor);
}

void Compiler::pass_diff(int owner, int tensor) {
  const int s = slot(owner);
  if (edges_[s] == 1 && diffs_[s] < 0 && desc(tensor) == desc(value(owner))) {
    diffs_[s] = tensor;
    partials_[s].push_back(tensor);
    return;
  }
  contribute(owner, tensor);
}

void Compiler::contribute(int owner, int tensor) {
  const int s = slot(owner);
  const auto layout = desc(value(owner));
  auto& count = owner == nn::kGraphInput ? program_.edge_reorders : program_.inner_reorders;
  if (edges_[s] == 1) {
    reorder(true, "reorder gradient", tensor, ensure_diff(owner));
    ++count;
    partials_[s].push_back(diffs_[s]);
    return;
  }
  if (desc(tensor) != layout) {
    const int copy = add_tensor("d part (reordered)", layout);
    reorder(true, "reorder gradient", tensor, copy);
    ++count;
    tensor = copy;
  }
  partials_[s].push_back(tensor);
}

bool Compiler::can_overwrite(int tensor, int head) const {
  const auto holds = [&](int s) {
    return diffs_[s] == tensor ||
           std::find(partials_[s].begin(), partials_[s].end(), tensor) != partials_[s].end();
  };
  for (int s = 0; s < head; ++s)
    if (holds(s)) return false;
  return !holds(static_cast<int>(graph_.nodes().size()));
}

int Compiler::output_diff(int owner) {
  const int s = slot(owner);
  CONDNET_ASSERT(static_cast<int>(partials_[s].size()) == edges_[s] && edges_[s] > 0);
  if (edges_[s] == 1) return partials_[s][0];
  if (diffs_[s] >= 0 &&
      std::find(partials_[s].begin(), partials_[s].end(), diffs_[s]) == partials_[s].end())
    return diffs_[s];  // summed already
  const int sum = add_tensor("d sum", desc(value(owner)));
  std::vector<memory::desc> sources;
  std::vector<std::pair<int, int>> args{{DNNL_ARG_DST, sum}};
  for (std::size_t i = 0; i < partials_[s].size(); ++i) {
    sources.push_back(desc(partials_[s][i]));
    args.emplace_back(DNNL_ARG_MULTIPLE_SRC + static_cast<int>(i), partials_[s][i]);
  }
  const std::vector<float> scales(sources.size(), 1.0f);
  const auto pd = note(
      CONDNET_DNNL_CHECK(dnnl::sum::primitive_desc(desc(sum), scales, sources, engine_, attr())));
  backward("sum gradients", dnnl::sum(pd), std::move(args));
  diffs_[s] = sum;
  return sum;
}

std::vector<Group> Compiler::make_groups() const {
  const auto& nodes = graph_.nodes();
  const int count = static_cast<int>(nodes.size());
  std::vector<int> consumers(count, 0);
  for (const auto& node : nodes)
    for (const int input : node.inputs)
      if (input != nn::kGraphInput) ++consumers[input];
  // The node after `i` when it reads only i and i feeds only it.
  const auto sole_next = [&](int i) {
    if (i + 1 >= count || consumers[i] != 1) return -1;
    const auto& next = nodes[i + 1];
    return next.inputs.size() == 1 && next.inputs[0] == i ? i + 1 : -1;
  };
  const auto plain_relu = [&](int i) {
    const auto& act = nodes[i].layer->as<nn::Activation>();
    return act.function == nn::ActivationKind::relu;
  };
  std::vector<Group> groups;
  for (int i = 0; i < count;) {
    Group group{i};
    const OpKind kind = nodes[i].layer->kind();
    if (options_.fuse &&
        (kind == OpKind::conv3d || kind == OpKind::linear || kind == OpKind::batchnorm3d)) {
      const int bn = kind == OpKind::conv3d ? sole_next(i) : -1;
      if (bn >= 0 && nodes[bn].layer->kind() == OpKind::batchnorm3d) group.batchnorm = bn;
      const int act = sole_next(group.last());
      if (act >= 0 && nodes[act].layer->kind() == OpKind::activation) {
        // A batchnorm kernel fuses only ReLU; in training a conv/linear post-op must have a
        // backward that reads the output; in inference any activation folds into the kernel.
        const bool batchnorm_kernel =
            kind == OpKind::batchnorm3d || (group.batchnorm >= 0 && training());
        const bool legal =
            batchnorm_kernel ? plain_relu(act) : !training() || backward_from_output(nodes[act]);
        if (legal) group.activation = act;
      }
    }
    groups.push_back(group);
    i = group.last() + 1;
  }
  return groups;
}

void Compiler::emit_group(const Group& group) {
  switch (graph_.nodes()[group.head].layer->kind()) {
    case OpKind::conv3d:
      emit_conv(*this, group);
      break;
    case OpKind::linear:
      emit_linear(*this, group);
      break;
    case OpKind::batchnorm3d:
      emit_batchnorm(*this, group);
      break;
    case OpKind::activation:
      emit_activation(*this, group);
      break;
    case OpKind::pool3d:
    case OpKind::global_avg_pool:
      emit_pool(*this, group);
      break;
    case OpKind::add:
      emit_add(*this, group);
      break;
    case OpKind::concat:
      emit_concat(*this, group);
      break;
    case OpKind::dropout:
      emit_dropout(*this, group);
      break;
    case OpKind::flatten:
      emit_flatten(*this, group);
      break;
    case OpKind::stage:
      emit_stage(*this, group);
      break;
  }
  // Training runs an absorbed batchnorm as its own kernel (with the ReLU inside it);
  // inference folds it into the convolution.
  if (group.batchnorm >= 0 && !training()) ++program_.fused_ops;
  if (group.activation >= 0) ++program_.fused_ops;
}

Program Compiler::compile() {
  const auto& nodes = graph_.nodes();
  const int count = static_cast<int>(nodes.size());
  input_value_ = add_tensor("x", plain(batch_dims(graph_.input_shape()), memory::data_type::f32),
                            Storage::input);
  // Every op computes in the plan's precision, from the input on.
  input_value_ = in_layout(input_value_, plain(desc(input_value_).dims(), compute_type_));
  values_.assign(count, -1);
  needs_diff_.assign(count + 1, false);
  edges_.assign(count + 1, 0);
  diffs_.assign(count + 1, -1);
  partials_.assign(count + 1, {});
  program_.grad_floats = static_cast<std::size_t>(graph_.param_floats());
  needs_diff_[count] = training() && options_.input_grad;
  for (int i = 0; i < count; ++i) {
    bool needs = nodes[i].requires_grad;
    for (const int input : nodes[i].inputs) needs = needs || needs_diff_[slot(input)];
    needs_diff_[i] = training() && needs;
  }
  const auto groups = make_groups();
  for (const auto& group : groups)
    for (const int input : nodes[group.head].inputs)
      if (needs_diff(input)) ++edges_[slot(input)];
  ++edges_[count - 1];  // the loss's gradient

  for (const auto& group : groups) emit_group(group);
  const int out = value(count - 1);
  const auto out_dims = desc(out).dims();
  const int y = add_tensor("y", plain(out_dims, memory::data_type::f32), Storage::output);
  reorder(false, "output", out, y);
  ++program_.edge_reorders;
  if (training()) emit_backward_edges();
  return std::move(program_);
}

void Compiler::emit_backward_edges() {
  const int last = static_cast<int>(graph_.nodes().size()) - 1;
  const auto out_dims = desc(value(last)).dims();
  const int dy = add_tensor("dy", plain(out_dims, memory::data_type::f32), Storage::d_output);
  const int first = begin_partial(last, desc(value(last)));
  reorder(true, "d output", dy, first);
  ++program_.edge_reorders;
  end_partial(last, first);
  for (auto emit = backward_emitters_.rbegin(); emit != backward_emitters_.rend(); ++emit)
    (*emit)();
  if (options_.input_grad) {
    const int d_input = output_diff(nn::kGraphInput);
    const int dx =
        add_tensor("dx", plain(desc(d_input).dims(), memory::data_type::f32), Storage::d_input);
    reorder(true, "d input", d_input, dx);
    ++program_.edge_reorders;
  }
}

}  // namespace condnet::runtime::cpu
