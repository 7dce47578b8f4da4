#pragma once
// The first error that any of several worker threads reports, kept for the thread that
// collects their results to rethrow; later errors are dropped (they usually follow from the
// first). Pair it with BoundedQueue::cancel(): a worker sets the error, then cancels the queue,
// and the collector, handed std::nullopt, rethrows.
#include <exception>
#include <mutex>

#include "core/error.hpp"

namespace condnet {

class FirstError {
 public:
  // Keeps `error` unless an error is kept already.
  void set(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    if (!error_) error_ = std::move(error);
  }

  void rethrow_if_set() const {
    if (const auto error = get()) std::rethrow_exception(error);
  }

  // For a collector whose queue was cancelled: an error must have been set.
  [[noreturn]] void rethrow() const {
    const auto error = get();
    CONDNET_ASSERT(error);
    std::rethrow_exception(error);
  }

 private:
  std::exception_ptr get() const {
    std::lock_guard lock(mutex_);
    return error_;
  }

  mutable std::mutex mutex_;
  std::exception_ptr error_;
};

}  // namespace condnet
