#pragma once
// Runs a compiled Program: one arena for every planned tensor (offsets from the arena
// planner), one scratchpad shared by all primitives, memory objects and argument maps built
// once; forward() and backward() only point the edge tensors at the caller's buffers and
// execute the step lists in order.
//
// Gradient readiness: at construction every float of the grads slab's parameter range gets
// its last writer in the backward list (a step whose arguments or host tensors include a
// grads tensor covering it: the accumulating reorders, which also convert bf16 gradients);
// backward() reports each step's ranges right after the step, and the floats no step writes
// (alignment gaps, parameters without a gradient) before the first step.
#include <cstddef>
#include <map>
#include <memory>
#include <oneapi/dnnl/dnnl.hpp>
#include <unordered_map>
#include <vector>

#include "runtime/cpu/program.hpp"
#include "runtime/host_memory.hpp"
#include "runtime/plan.hpp"

namespace condnet::runtime::cpu {

class CpuPlan final : public Plan {
 public:
  CpuPlan(const PlanOptions& options, const dnnl::engine& engine, Program program);

  void bind(Slabs& slabs) override;
  void forward(Stream& stream, const Buffer& x, Buffer& y) override;
  void backward(Stream& stream, const Buffer& dy, Buffer* dx) override;
  PlanStats stats() const override { return stats_; }
  std::vector<KernelTime> kernel_times() const override;
  void reset_kernel_times() override { times_.clear(); }

 private:
  struct Prepared {
    const Step* step;
    std::unordered_map<int, dnnl::memory> args;
  };
  // [first, end) in floats of the grads slab.
  using FloatRange = std::pair<std::size_t, std::size_t>;

  std::vector<Prepared> prepare(const std::vector<Step>& steps);
  void point(Storage storage, void* base);
  void find_gradient_writers();
  // Runs `steps`; `ready_after` (empty: none) the grads ranges to report after each step.
  void run(std::vector<Prepared>& steps, const std::vector<std::vector<FloatRange>>& ready_after);
  void report(const std::vector<FloatRange>& ranges) const;

  dnnl::engine engine_;
  dnnl::stream stream_;
  Program program_;
  std::unique_ptr<HostBuffer> arena_;
  std::unique_ptr<HostBuffer> scratchpad_;
  std::vector<dnnl::memory> memories_;  // per tensor
  std::vector<Prepared> forward_, backward_;
  std::vector<FloatRange> grads_ready_before_;              // no backward step writes them
  std::vector<std::vector<FloatRange>> grads_ready_after_;  // per backward step
  PlanStats stats_;
  std::map<std::string, KernelTime> times_;
  bool bound_ = false;
  bool forward_done_ = false;
};

}  // namespace condnet::runtime::cpu
