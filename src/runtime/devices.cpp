#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/cpu_set.hpp"
#include "core/error.hpp"
#include "runtime/cpu/cpu_device.hpp"
#include "runtime/device.hpp"
#include "runtime/reference/reference_device.hpp"

namespace condnet::runtime {

std::vector<std::string> device_names() { return {"reference", "cpu"}; }

namespace {

constexpr std::string_view kCpuPrefix = "cpu:";

// make_device()'s parse: the CPUs of "cpu:<list>" (empty for "cpu"); fails on unknown names.
std::vector<int> cpus_of(std::string_view name, const std::string& what) {
  if (name == "reference" || name == "cpu") return {};
  if (name.substr(0, kCpuPrefix.size()) == kCpuPrefix)
    return parse_cpu_list(name.substr(kCpuPrefix.size()),
                          what.empty() ? std::string(name) : what + " " + std::string(name));
  fail("{}unknown device '{}' (allowed: reference, cpu, cpu:<CPUs> such as cpu:0-3)",
       what.empty() ? "" : what + ": ", name);
}

}  // namespace

std::unique_ptr<Device> make_device(std::string_view name, const std::string& what) {
  auto cpus = cpus_of(name, what);
  if (name == "reference") return std::make_unique<reference::ReferenceDevice>();
  return std::make_unique<cpu::CpuDevice>(std::move(cpus));
}

std::unique_ptr<Device> make_device_for_this_thread(std::string_view name,
                                                    const std::string& what) {
  auto device = make_device(name, what);
  device->bind_this_thread();
  return device;
}

void check_device_name(std::string_view name, const std::string& what) { cpus_of(name, what); }

std::vector<int> pinned_cpus(std::string_view name, const std::string& what) {
  return cpus_of(name, what);
}

std::string cpu_device_name(const std::vector<int>& cpus) {
  return std::string(kCpuPrefix) + format_cpu_list(cpus);
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
