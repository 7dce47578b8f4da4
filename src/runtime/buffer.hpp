#pragma once
// Device memory: a move-only owner per allocation (destroying it frees the memory). Kernels
// and plans take non-owning references. `data()` is the device address; on devices whose
// memory the host can address (CPU, reference) it is also a host pointer.
#include <cstddef>
#include <span>

#include "core/error.hpp"

namespace condnet::runtime {

class Buffer {
 public:
  Buffer() = default;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  virtual ~Buffer() = default;

  virtual std::size_t size() const = 0;  // bytes
  virtual void* data() = 0;
  virtual const void* data() const = 0;
  virtual bool host_accessible() const = 0;

  // The buffer as floats, for host-accessible memory only.
  std::span<float> floats() {
    CONDNET_ASSERT(host_accessible());
    return {static_cast<float*>(data()), size() / sizeof(float)};
  }
  std::span<const float> floats() const {
    CONDNET_ASSERT(host_accessible());
    return {static_cast<const float*>(data()), size() / sizeof(float)};
  }
};

}  // namespace condnet::runtime
