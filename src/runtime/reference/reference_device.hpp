#pragma once
// The reference device: host memory, a synchronous stream, every op in fp32 with the plain
// loops of ops.hpp. For tests, not for speed.
#include "runtime/device.hpp"

namespace condnet::runtime::reference {

class ReferenceDevice final : public Device {
 public:
  DeviceInfo info() const override;
  double peak_flops(DType dtype) override;
  std::unique_ptr<Buffer> allocate(std::size_t bytes) override;
  std::unique_ptr<Stream> create_stream() override;
  bool supports_op(const nn::Node& node, DType dtype, Mode mode) const override;
  std::unique_ptr<Plan> compile(const nn::Graph& graph, const PlanOptions& options) override;

 private:
  double peak_f32_ = 0;
};

}  // namespace condnet::runtime::reference
