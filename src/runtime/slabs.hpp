#pragma once
// A model's three slabs on one device, fp32, in the graph's plain layouts
// (Graph::param_slices(), Graph::buffer_slices()):
//   params  - master weights;
//   grads   - the same layout; backward adds (+=) into it; zeroing is explicit;
//   buffers - non-trained state (batchnorm running statistics).
// Optimizers, all-reduce and checkpoints act on a slab as a whole.
#include <memory>

#include "nn/graph.hpp"
#include "runtime/buffer.hpp"

namespace condnet::runtime {

class Device;

struct Slabs {
  std::unique_ptr<Buffer> params;
  std::unique_ptr<Buffer> grads;
  std::unique_ptr<Buffer> buffers;
};

// Allocated, not initialised.
Slabs allocate_slabs(Device& device, const nn::Graph& graph);

}  // namespace condnet::runtime
