#include "runtime/reference/reference_device.hpp"

#include <unistd.h>

#include <chrono>
#include <vector>

#include "core/stopwatch.hpp"
#include "runtime/host_memory.hpp"
#include "runtime/reference/reference_plan.hpp"

namespace condnet::runtime::reference {

namespace {

// FLOP/s of a plain triple-loop matrix product of `size`^3 multiply-adds.
double measure_loop_flops(std::int64_t size) {
  std::vector<float> a(size * size, 1.0f), b(size * size, 0.5f), c(size * size, 0.0f);
  const auto start = std::chrono::steady_clock::now();
  for (std::int64_t i = 0; i < size; ++i)
    for (std::int64_t k = 0; k < size; ++k) {
      const float aik = a[i * size + k];
      for (std::int64_t j = 0; j < size; ++j) c[i * size + j] += aik * b[k * size + j];
    }
  const double elapsed = seconds_since(start);
  CONDNET_ASSERT(c[0] > 0);
  return 2.0 * static_cast<double>(size * size * size) / elapsed;
}

}  // namespace

DeviceInfo ReferenceDevice::info() const {
  return {"reference", "plain loops on one CPU thread, fp32",
          static_cast<std::int64_t>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE)};
}

double ReferenceDevice::peak_flops(DType dtype) {
  if (dtype != DType::f32) return 0;
  if (peak_f32_ == 0) peak_f32_ = measure_loop_flops(384);
  return peak_f32_;
}

std::unique_ptr<Buffer> ReferenceDevice::allocate(std::size_t bytes) {
  return std::make_unique<HostBuffer>(bytes);
}

std::unique_ptr<Stream> ReferenceDevice::create_stream() { return std::make_unique<HostStream>(); }

bool ReferenceDevice::supports_op(const nn::Node&, DType dtype, Mode) const {
  return dtype == DType::f32;
}

std::unique_ptr<Plan> ReferenceDevice::compile(const nn::Graph& graph, const PlanOptions& options) {
  check_supported(*this, graph, options);
  return std::make_unique<ReferencePlan>(graph, options);
}

}  // namespace condnet::runtime::reference
