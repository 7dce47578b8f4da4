#pragma once
// A graph compiled once for one device, micro-batch size, precision and mode: kernels chosen,
// layouts fixed, memory for every activation planned in advance. Shapes never change inside a
// plan. The graph must outlive the plan.
//
// Slabs (see slabs.hpp) are fp32 in the graph's plain layouts; a plan converts to its own
// layouts and precision inside. backward() ADDS the parameter gradients to the grads slab, so
// several micro-batches accumulate; zeroing and the 1/M scale are the caller's.
//
// A plan reports, during backward(), which float ranges of the grads slab are final for that
// call (no later backward step writes them), so that a caller can start reducing them while
// the rest of the backward runs. Over one backward() the reported ranges cover every float of
// the slab's parameter range exactly once.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "runtime/buffer.hpp"
#include "runtime/dtype.hpp"
#include "runtime/stream.hpp"

namespace condnet::runtime {

struct Slabs;

enum class Mode { training, inference };

struct PlanOptions {
  std::int64_t batch = 1;
  DType dtype = DType::f32;
  Mode mode = Mode::training;
  bool fuse = true;         // fuse conv + batchnorm + activation where legal
  bool input_grad = false;  // backward() also writes d(loss)/d(input)
  bool profile = false;     // time every kernel (synchronises after each)
  std::uint64_t seed = 0;   // dropout masks
};

struct PlanStats {
  std::size_t arena_bytes = 0;       // activations, their gradients, workspaces: one block
  std::size_t arena_demand = 0;      // the same tensors without reuse (what planning saved)
  std::size_t scratchpad_bytes = 0;  // one scratch area shared by every kernel
  int kernels = 0;                   // kernels per forward (+ backward in training)
  int fused_ops = 0;                 // graph ops that run inside another op's kernel
  int edge_reorders = 0;             // layout or precision changes at the graph's input/output
  int inner_reorders = 0;            // layout changes between two layers
  // Kernels the backend runs in its plain reference implementation (oneDNN's "ref:" ones):
  // right, but 10-1000x slower than its optimised kernels. 0 for the reference device itself.
  int reference_kernels = 0;
};

struct KernelTime {
  std::string label;
  double seconds = 0;
  std::int64_t calls = 0;
};

// [first_float, end_float) of the grads slab will not change again in this backward().
using GradientReady = std::function<void(std::size_t first_float, std::size_t end_float)>;

class Plan {
 public:
  explicit Plan(PlanOptions options) : options_(options) {}
  Plan(const Plan&) = delete;
  Plan& operator=(const Plan&) = delete;
  virtual ~Plan() = default;

  const PlanOptions& options() const { return options_; }

  // The slabs every later call reads and writes; they must outlive the plan's use of them.
  virtual void bind(Slabs& slabs) = 0;
  // x: (N, C, D, H, W) or (N, F), fp32, C order; y: (N, outputs) fp32. In training mode it
  // also updates batchnorm running statistics in the buffers slab and keeps what backward
  // needs.
  virtual void forward(Stream& stream, const Buffer& x, Buffer& y) = 0;
  // Training mode only, after forward: dy (N, outputs) fp32 = d(loss)/d(y). Adds d(loss)/d
  // (parameters) to the grads slab; writes d(loss)/d(x) to dx when options().input_grad.
  virtual void backward(Stream& stream, const Buffer& dy, Buffer* dx) = 0;

  // Called during every later backward() as ranges of the grads slab become final (null:
  // off). A backend that cannot tell calls it once, with the whole range, at the end.
  void set_gradient_ready(GradientReady ready) { gradient_ready_ = std::move(ready); }

  virtual PlanStats stats() const = 0;
  // Accumulated per-kernel times when options().profile, slowest first; reset_kernel_times()
  // starts the sums afresh (after warm-up calls, say).
  virtual std::vector<KernelTime> kernel_times() const { return {}; }
  virtual void reset_kernel_times() {}

 protected:
  const GradientReady& gradient_ready() const { return gradient_ready_; }

 private:
  PlanOptions options_;
  GradientReady gradient_ready_;
};

}  // namespace condnet::runtime
