#pragma once
// Runs a graph node by node with the reference kernels: every activation in its own host
// vector, plain C-order layouts, fp32. Slow and obviously right; the yardstick for the
// other backends.
#include <vector>

#include "nn/graph.hpp"
#include "runtime/plan.hpp"

namespace condnet::runtime::reference {

class ReferencePlan final : public Plan {
 public:
  ReferencePlan(const nn::Graph& graph, const PlanOptions& options);

  void bind(Slabs& slabs) override;
  void forward(Stream& stream, const Buffer& x, Buffer& y) override;
  void backward(Stream& stream, const Buffer& dy, Buffer* dx) override;
  PlanStats stats() const override;

 private:
  void forward_node(int index);
  // dx_input: where the graph input's gradient goes (when options().input_grad).
  void backward_node(int index, float* dx_input);
  const float* value(int input) const;
  float* diff(int input, float* dx_input);
  const float* param(const nn::Node& node, std::size_t k) const;
  float* grad(const nn::Node& node, std::size_t k) const;

  const nn::Graph& graph_;
  std::vector<bool> needs_diff_;             // per node: d(loss)/d(output) is wanted
  std::vector<float> input_;                 // x (N, ...) kept for backward
  std::vector<std::vector<float>> outputs_;  // per node, (N, shape...)
  std::vector<std::vector<float>> diffs_;    // per node, same shapes
  std::vector<std::vector<float>> saved_;    // batchnorm: mean (C) then 1/std (C)
  float* params_ = nullptr;
  float* grads_ = nullptr;
  float* buffers_ = nullptr;
  std::uint64_t calls_ = 0;      // forward calls so far
  std::uint64_t mask_call_ = 0;  // the call whose dropout masks backward replays
  bool forward_done_ = false;
};

}  // namespace condnet::runtime::reference
