#include "runtime/host_memory.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>

namespace condnet::runtime {

namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;

class DoneEvent final : public Event {
 public:
  bool done() const override { return true; }
  void synchronize() override {}
};

void check_range(const Buffer& buffer, std::size_t offset, std::size_t bytes) {
  CONDNET_ASSERT(offset <= buffer.size() && bytes <= buffer.size() - offset);
}

}  // namespace

HostBuffer::HostBuffer(std::size_t bytes) : size_(bytes) {
  const std::size_t alignment = bytes >= kHugePage ? kHugePage : 64;
  const std::size_t rounded =
      (std::max<std::size_t>(bytes, 1) + alignment - 1) / alignment * alignment;
  data_ = std::aligned_alloc(alignment, rounded);
  if (!data_) throw std::bad_alloc();
  if (alignment == kHugePage) madvise(data_, rounded, MADV_HUGEPAGE);
}

HostBuffer::~HostBuffer() { std::free(data_); }

void HostStream::copy_from_host(Buffer& dst, std::size_t dst_offset, const void* src,
                                std::size_t bytes) {
  check_range(dst, dst_offset, bytes);
  if (bytes > 0) std::memcpy(static_cast<char*>(dst.data()) + dst_offset, src, bytes);
}

void HostStream::copy_to_host(void* dst, const Buffer& src, std::size_t src_offset,
                              std::size_t bytes) {
  check_range(src, src_offset, bytes);
  if (bytes > 0) std::memcpy(dst, static_cast<const char*>(src.data()) + src_offset, bytes);
}

void HostStream::copy(Buffer& dst, std::size_t dst_offset, const Buffer& src,
                      std::size_t src_offset, std::size_t bytes) {
  CONDNET_ASSERT(src.host_accessible());
  check_range(src, src_offset, bytes);
  copy_from_host(dst, dst_offset, static_cast<const char*>(src.data()) + src_offset, bytes);
}

void HostStream::fill_zero(Buffer& dst, std::size_t offset, std::size_t bytes) {
  check_range(dst, offset, bytes);
  if (bytes > 0) std::memset(static_cast<char*>(dst.data()) + offset, 0, bytes);
}

std::unique_ptr<Event> HostStream::record() { return std::make_unique<DoneEvent>(); }

void HostStream::wait(Event& event) { event.synchronize(); }

}  // namespace condnet::runtime
