#include <fmt/format.h>
#include <fmt/ranges.h>

#include "runtime/cpu/cpu_device.hpp"
#include "runtime/device.hpp"
#include "runtime/reference/reference_device.hpp"

namespace condnet::runtime {

std::vector<std::string> device_names() { return {"reference", "cpu"}; }

std::unique_ptr<Device> make_device(std::string_view name) {
  if (name == "reference") return std::make_unique<reference::ReferenceDevice>();
  if (name == "cpu") return std::make_unique<cpu::CpuDevice>();
  fail("unknown device '{}' (allowed: {})", name, fmt::join(device_names(), ", "));
}

void check_supported(const Device& device, const nn::Graph& graph, const PlanOptions& options) {
  if (options.batch < 1) fail("{}: batch size {} must be >= 1", device.info().name, options.batch);
  for (const auto& node : graph.nodes())
    if (!device.supports_op(node, options.dtype, options.mode))
      fail("device '{}' cannot run layer '{}' ({}) in {} {}", device.info().name, node.name,
           node.layer->type(), to_string(options.dtype),
           options.mode == Mode::training ? "training" : "inference");
}

}  // namespace condnet::runtime
