#pragma once
// What the CPU compiler produces and the CPU plan runs: tensors (oneDNN memory descriptors
// and where their bytes live) and two static lists of steps -- forward, then backward --
// each a oneDNN primitive with its argument map, or a small piece of host work.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <oneapi/dnnl/dnnl.hpp>
#include <string>
#include <utility>
#include <vector>

namespace condnet::runtime::cpu {

// Where a tensor's bytes are.
enum class Storage {
  arena,     // the plan's activation arena (planned offsets, possibly shared)
  params,    // the parameter slab, at `offset` bytes
  grads,     // the gradient slab
  buffers,   // the buffer slab (running statistics)
  input,     // forward()'s x
  output,    // forward()'s y
  d_output,  // backward()'s dy
  d_input,   // backward()'s dx
};

struct Tensor {
  std::string label;
  dnnl::memory::desc desc;
  Storage storage = Storage::arena;
  std::size_t offset = 0;  // bytes into a slab
  int alias_of = -1;       // an arena tensor whose bytes this one reads/writes
};

// Host work gets every tensor's memory object, indexed by tensor id.
using HostWork = std::function<void(std::vector<dnnl::memory>& memories)>;

struct Step {
  std::string label;  // "conv1 forward", for profiles
  dnnl::primitive primitive;
  std::vector<std::pair<int, int>> args;  // (DNNL_ARG_*, tensor id)
  HostWork host;                          // instead of a primitive
  std::vector<int> host_tensors;          // tensors the host work touches (for lifetimes)
};

struct Program {
  std::vector<Tensor> tensors;
  std::vector<Step> forward;
  std::vector<Step> backward;
  std::size_t scratchpad_bytes = 0;  // the largest any primitive asks for
  std::size_t grad_floats = 0;       // the grads slab's parameter range (the graph's)
  int fused_ops = 0;
  int edge_reorders = 0;
  int inner_reorders = 0;
  // Forward calls so far, for dropout masks (the plan counts, host work reads).
  std::shared_ptr<std::uint64_t> forward_calls = std::make_shared<std::uint64_t>(0);
};

}  // namespace condnet::runtime::cpu
