#pragma once
// Hands tensors from one stage's worker to its neighbour's: a FIFO of (micro-batch, event
// marking the sender's stream after it wrote the tensor, the sender's buffer holding it).
// The receiver waits on the event in its own stream, then copies the buffer; the sender
// keeps the buffer unchanged for the rest of the step. close() wakes every receiver with
// PipelineAborted (another stage failed).
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

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

class HandoffQueue {
 public:
  void send(Handoff handoff) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(std::move(handoff));
    }
    ready_.notify_all();
  }

  Handoff receive() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [this] { return closed_ || !queue_.empty(); });
    if (closed_) throw PipelineAborted();
    Handoff handoff = std::move(queue_.front());
    queue_.pop_front();
    return handoff;
  }

  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    ready_.notify_all();
  }

  // Empty and open again (after a failed step).
  void reset() {
    std::lock_guard lock(mutex_);
    queue_.clear();
    closed_ = false;
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Handoff> queue_;
  bool closed_ = false;
};

}  // namespace condnet::pipeline
