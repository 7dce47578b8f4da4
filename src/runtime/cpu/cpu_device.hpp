#pragma once
// The CPU device on oneDNN: host memory, a synchronous stream, plans compiled by
// cpu/compiler.hpp, fp32 everywhere and bf16 where the CPU has AVX512-BF16 (or AMX).
#include <oneapi/dnnl/dnnl.hpp>

#include "runtime/device.hpp"

namespace condnet::runtime::cpu {

class CpuDevice final : public Device {
 public:
  // On the threads the process may use, or pinned to `cpus` ("cpu:<list>"; bind_this_thread).
  explicit CpuDevice(std::vector<int> cpus = {});

  DeviceInfo info() const override;
  void bind_this_thread() override;
  double peak_flops(DType dtype) override;
  std::unique_ptr<Buffer> allocate(std::size_t bytes) override;
  std::unique_ptr<Stream> create_stream() override;
  bool supports_op(const nn::Node& node, DType dtype, Mode mode) const override;
  std::unique_ptr<Plan> compile(const nn::Graph& graph, const PlanOptions& options) override;

 private:
  std::vector<int> cpus_;  // empty: not pinned
  dnnl::engine engine_;
  double peak_[2] = {0, 0};  // fp32, bf16; 0 until measured
};

// Whether oneDNN runs bf16 kernels natively here (AVX512-BF16 or AMX).
bool native_bf16();

}  // namespace condnet::runtime::cpu
