#pragma once
// Host memory for the devices that compute on the CPU (reference, cpu): aligned buffers and a
// stream that does its work at once (so its events are done when recorded).
#include <memory>

#include "runtime/buffer.hpp"
#include "runtime/stream.hpp"

namespace condnet::runtime {

class HostBuffer final : public Buffer {
 public:
  // 64-byte aligned; blocks of 2 MiB and more are 2 MiB aligned and advised as huge pages.
  explicit HostBuffer(std::size_t bytes);
  ~HostBuffer() override;

  std::size_t size() const override { return size_; }
  void* data() override { return data_; }
  const void* data() const override { return data_; }
  bool host_accessible() const override { return true; }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

class HostStream final : public Stream {
 public:
  void copy_from_host(Buffer& dst, std::size_t dst_offset, const void* src,
                      std::size_t bytes) override;
  void copy_to_host(void* dst, const Buffer& src, std::size_t src_offset,
                    std::size_t bytes) override;
  void copy(Buffer& dst, std::size_t dst_offset, const Buffer& src, std::size_t src_offset,
            std::size_t bytes) override;
  void fill_zero(Buffer& dst, std::size_t offset, std::size_t bytes) override;
  std::unique_ptr<Event> record() override;
  void wait(Event& event) override;
  void synchronize() override {}
};

}  // namespace condnet::runtime
