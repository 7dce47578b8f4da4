#pragma once
// Compiles a graph into a Program for oneDNN on the CPU. The compiler walks the graph once:
// it groups nodes that one kernel can run (conv + batchnorm + activation), asks each op's
// emitter (ops.hpp) for forward steps, and records a backward emitter per group that runs
// in reverse order afterwards. Layouts come from the primitives (format_tag::any) and are
// kept: a consumer takes its producer's layout, and a reorder is added only where a kernel
// insists on another one (counted: at the graph's edges, or inside).
//
// Gradients of a value: every consumer edge contributes once; a single contribution is
// written straight into the value's gradient (often in place), several are summed. Gradients
// have their value's layout.
#include <functional>
#include <oneapi/dnnl/dnnl.hpp>
#include <string>
#include <vector>

#include "nn/graph.hpp"
#include "runtime/cpu/program.hpp"
#include "runtime/plan.hpp"

namespace condnet::runtime::cpu {

using dnnl::memory;

// Nodes compiled together: a head (any node) and, for conv3d/linear/batchnorm3d heads, the
// batchnorm and activation that follow it and are absorbed into its kernels.
struct Group {
  int head = 0;
  int batchnorm = -1;   // node index, absorbed
  int activation = -1;  // node index, absorbed
  int last() const { return activation >= 0 ? activation : batchnorm >= 0 ? batchnorm : head; }
};

class Compiler {
 public:
  Compiler(const nn::Graph& graph, const PlanOptions& options, const dnnl::engine& engine);

  Program compile();

  // ---- for the op emitters ----
  const nn::Graph& graph() const { return graph_; }
  const PlanOptions& options() const { return options_; }
  const dnnl::engine& engine() const { return engine_; }
  bool training() const { return options_.mode == Mode::training; }
  memory::data_type compute_type() const { return compute_type_; }
  Program& program() { return program_; }

  // Attributes every primitive gets (user-managed scratchpad), with optional post-ops.
  dnnl::primitive_attr attr(const dnnl::post_ops& post_ops = {}) const;
  // Records a primitive descriptor's scratchpad need; returns it.
  template <typename PrimitiveDesc>
  PrimitiveDesc note(PrimitiveDesc pd) {
    program_.scratchpad_bytes =
        std::max(program_.scratchpad_bytes, pd.scratchpad_desc().get_size());
    return pd;
  }

  // (N, sample dims...) for this plan's batch.
  memory::dims batch_dims(const nn::Dims& sample) const;
  // A plain (C-order) descriptor of `dims`.
  static memory::desc plain(const memory::dims& dims, memory::data_type type);

  int add_tensor(std::string label, const memory::desc& desc, Storage storage = Storage::arena,
                 std::size_t offset = 0);
  // Another view (descriptor) of `tensor`'s bytes.
  int alias(std::string label, int tensor, const memory::desc& desc);
  // A copy: adding tensors moves the table.
  memory::desc desc(int tensor) const { return program_.tensors[tensor].desc; }
  // Parameter k of `node` in the slab, viewed as plain fp32 `dims`; its gradient likewise.
  int param(const nn::Node& node, std::size_t k, const memory::dims& dims);
  int buffer(const nn::Node& node, std::size_t k);

  int value(int owner) const;  // the tensor holding owner's output
  void set_value(int node, int tensor) { values_[node] = tensor; }
  // `tensor` in layout `want`: itself, or a reordered copy (made once per layout, in
  // forward), counted as a layout change between layers or at the input edge.
  int in_layout(int tensor, const memory::desc& want);
  // The same for parameters (plain slab -> kernel layout and precision): not counted;
  // `in_backward` places a new copy at the current end of the backward steps.
  int converted(int tensor, const memory::desc& want, bool in_backward = false);
  // Another view of `tensor` in the arena: an alias, or a copy when `tensor` is outside.
  int view(std::string label, int tensor, const memory::desc& desc);

  void forward(std::string label, const dnnl::primitive& primitive,
               std::vector<std::pair<int, int>> args);
  void backward(std::string label, const dnnl::primitive& primitive,
                std::vector<std::pair<int, int>> args);
  void forward_host(std::string label, HostWork work, std::vector<int> tensors);
  // A reorder from src to dst (in forward or backward), optionally adding into dst.
  void reorder(bool in_backward, std::string label, int src, int dst, bool accumulate = false);
  // Adds `src` (any layout, fp32) to the gradient of parameter k of `node`.
  void accumulate_grad(const nn::Node& node, std::size_t k, int src, const memory::dims& dims);

  // ---- gradients ----
  bool needs_diff(int owner) const;
  void on_backward(std::function<void()> emit) { backward_emitters_.push_back(std::move(emit)); }
  // The full gradient of owner's value (contributions summed).
  int output_diff(int owner);
  // Where a consumer writes its contribution to owner's gradient, in layout `layout`; pass
  // the same tensor to end_partial() after the step that writes it.
  int begin_partial(int owner, const memory::desc& layout);
  void end_partial(int owner, int tensor);
  // `tensor` already holds a whole contribution (an identity's gradient).
  void pass_diff(int owner, int tensor);
  // Whether the backward of the group headed by `head` may overwrite `tensor` (a gradient
  // it received): no group still to run backward holds it.
  bool can_overwrite(int tensor, int head) const;

 private:
  std::vector<Group> make_groups() const;
  int slot(int owner) const;  // owner -> index into the per-value tables
  int ensure_diff(int owner);
  void contribute(int owner, int tensor);
  void emit_group(const Group& group);
  void emit_backward_edges();

  const nn::Graph& graph_;
  PlanOptions options_;
  dnnl::engine engine_;
  memory::data_type compute_type_;
  Program program_;
  std::vector<int> values_;  // per node
  int input_value_ = -1;
  std::vector<std::pair<int, int>> layouts_;  // (source tensor, its reordered copy)
  int copy_in_layout(int tensor, const memory::desc& want, bool in_backward);
  std::vector<bool> needs_diff_;            // per slot
  std::vector<int> edges_;                  // contributions expected, per slot
  std::vector<int> diffs_;                  // per slot, -1 until made
  std::vector<std::vector<int>> partials_;  // per slot
  std::vector<std::function<void()>> backward_emitters_;
};

}  // namespace condnet::runtime::cpu
