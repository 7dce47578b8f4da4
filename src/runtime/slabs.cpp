#include "runtime/slabs.hpp"

#include <algorithm>

#include "runtime/device.hpp"

namespace condnet::runtime {

Slabs allocate_slabs(Device& device, const nn::Graph& graph) {
  // A model without parameters or buffers still gets valid (one-float) allocations.
  const auto bytes = [](std::int64_t floats) {
    return static_cast<std::size_t>(std::max<std::int64_t>(floats, 1)) * sizeof(float);
  };
  Slabs slabs;
  slabs.params = device.allocate(bytes(graph.param_floats()));
  slabs.grads = device.allocate(bytes(graph.param_floats()));
  slabs.buffers = device.allocate(bytes(graph.buffer_floats()));
  return slabs;
}

}  // namespace condnet::runtime
