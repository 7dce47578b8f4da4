#pragma once
// An in-order queue of work on one device: copies, fills and plan executions run in the order
// they were enqueued, possibly after the call returns. Events mark a point in a stream; another
// stream (of any device) can wait for it, which is how pipeline stages hand activations over.
// Host memory passed to an async copy must stay alive and unchanged until the stream has
// passed the copy (synchronize() or an event).
#include <cstddef>
#include <memory>

#include "runtime/buffer.hpp"

namespace condnet::runtime {

class Event {
 public:
  virtual ~Event() = default;
  virtual bool done() const = 0;
  virtual void synchronize() = 0;  // blocks the host until the marked work is done
};

class Stream {
 public:
  Stream() = default;
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  virtual ~Stream() = default;

  virtual void copy_from_host(Buffer& dst, std::size_t dst_offset, const void* src,
                              std::size_t bytes) = 0;
  virtual void copy_to_host(void* dst, const Buffer& src, std::size_t src_offset,
                            std::size_t bytes) = 0;
  // Between buffers of this device, or from a host-accessible buffer of another device.
  virtual void copy(Buffer& dst, std::size_t dst_offset, const Buffer& src, std::size_t src_offset,
                    std::size_t bytes) = 0;
  virtual void fill_zero(Buffer& dst, std::size_t offset, std::size_t bytes) = 0;

  // Marks the work enqueued so far.
  virtual std::unique_ptr<Event> record() = 0;
  // Later work on this stream starts after `event`'s work is done.
  virtual void wait(Event& event) = 0;
  // Blocks the host until everything enqueued is done.
  virtual void synchronize() = 0;
};

}  // namespace condnet::runtime
