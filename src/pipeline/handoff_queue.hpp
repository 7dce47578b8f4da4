#pragma once
// Hands tensors from one stage's worker to its neighbour's: a FIFO of (micro-batch, event
// marking the sender's stream after it wrote the tensor, the sender's buffer holding it).
// The receiver waits on the event in its own stream, then copies the buffer; the sender
// keeps the buffer unchanged for the rest of the step. close() (another stage failed) drops the
// queued handoffs and wakes every receiver with PipelineAborted; send() and receive() on a
// closed queue throw it too, until reset().
#include <memory>

#include "core/bounded_queue.hpp"
#include "core/error.hpp"
#include "runtime/buffer.hpp"
#include "runtime/stream.hpp"

namespace condnet::pipeline {

class PipelineAborted : public Error {
 public:
  PipelineAborted() : Error("pipeline: another stage failed") {}
};

struct Handoff {
  int micro_batch = 0;
  std::unique_ptr<runtime::Event> written;
  const runtime::Buffer* data = nullptr;
};

// Unbounded: a link holds at most a step's M micro-batches anyway (the sender keeps each one's
// buffer for the whole step), and a send that blocked could deadlock two neighbours sending to
// each other, and would hide the wait from the stage's idle time.
class HandoffQueue {
 public:
  // Throws PipelineAborted when the queue is closed.
  void send(Handoff handoff) {
    if (!queue_.push(std::move(handoff))) throw PipelineAborted();
  }

  // The oldest handoff, waiting for one; throws PipelineAborted once the queue is closed
  // (the handoffs still queued are dropped then).
  Handoff receive() {
    auto handoff = queue_.pop();
    if (!handoff) throw PipelineAborted();
    return std::move(*handoff);
  }

  void close() { queue_.cancel(); }

  // Empty and open again (after a failed step).
  void reset() { queue_.reset(); }

 private:
  BoundedQueue<Handoff> queue_{BoundedQueue<Handoff>::unbounded};
};

}  // namespace condnet::pipeline
