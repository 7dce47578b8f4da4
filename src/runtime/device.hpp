#pragma once
// The backend interface: a device allocates buffers, creates streams, says which ops it
// runs, and compiles graphs into plans. Adding a device (CUDA, another CPU library) means
// implementing this interface in its own folder; every device passes the same op tests
// against the reference device.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nn/graph.hpp"
#include "runtime/buffer.hpp"
#include "runtime/dtype.hpp"
#include "runtime/plan.hpp"
#include "runtime/stream.hpp"

namespace condnet::runtime {

struct DeviceInfo {
  std::string name;         // as make_device() takes it: "cpu", "cpu:0-3", "reference"
  std::string description;  // model, threads, kernel library
  std::int64_t memory_bytes = 0;
};

class Device {
 public:
  Device() = default;
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;
  virtual ~Device() = default;

  virtual DeviceInfo info() const = 0;
  // Sustained FLOP/s of the device's best dense kernel in `dtype` (the CPU: the faster of a
  // large matrix product and a 3x3x3 convolution), measured on first use (about a second) and
  // cached; 0 when the device does not compute in `dtype`.
  virtual double peak_flops(DType dtype) = 0;

  // Makes the calling thread one that runs this device's work, before it runs any: a CPU
  // device on named CPUs pins it to them and sizes its kernels' thread team to their count;
  // the others need nothing. A pipeline stage's worker thread calls it first.
  virtual void bind_this_thread() {}

  virtual std::unique_ptr<Buffer> allocate(std::size_t bytes) = 0;
  virtual std::unique_ptr<Stream> create_stream() = 0;

  // Whether compile() accepts this node in `dtype` and `mode`.
  virtual bool supports_op(const nn::Node& node, DType dtype, Mode mode) const = 0;
  // Throws Error naming the device, the first unsupported node and the precision.
  virtual std::unique_ptr<Plan> compile(const nn::Graph& graph, const PlanOptions& options) = 0;
};

// Devices by name: "reference" (plain loops, fp32, for tests), "cpu" (oneDNN on the threads
// the process may use) or "cpu:<CPU list>" (oneDNN on those CPUs, e.g. "cpu:0-3" or
// "cpu:0,2": a pipeline stage's share of the machine). Throws Error naming `what` and the
// allowed names for anything else.
std::unique_ptr<Device> make_device(std::string_view name, const std::string& what = "device");
// make_device(), then bind_this_thread(): the device the calling thread is to run.
std::unique_ptr<Device> make_device_for_this_thread(std::string_view name,
                                                    const std::string& what = "device");
// The kinds of device there are: "reference", "cpu".
std::vector<std::string> device_names();
// Throws make_device()'s error for a name it would not take, without making the device (`what`
// empty: the message starts with the name).
void check_device_name(std::string_view name, const std::string& what);
// The name of the CPU device on `cpus`: "cpu:0-3".
std::string cpu_device_name(const std::vector<int>& cpus);
// The CPUs a device of that name pins its threads to: those of "cpu:<list>", else none.
std::vector<int> pinned_cpus(std::string_view name, const std::string& what = "device");

// Throws the error compile() promises when some node is not supported.
void check_supported(const Device& device, const nn::Graph& graph, const PlanOptions& options);

}  // namespace condnet::runtime
