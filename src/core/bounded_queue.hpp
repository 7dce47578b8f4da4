#pragma once
// The one blocking FIFO between threads (any number of producers and consumers): at most
// `capacity` items wait in it; push() blocks while it is full, pop() while it is empty.
//
// Contract:
//  - push(item) returns true once the item is queued; false, without waiting, when the queue
//    is closed (the item is destroyed) — the consumer has gone, so stop producing.
//  - pop() returns the oldest item; once the queue is closed it still hands out what is
//    queued, then std::nullopt (at once, never blocking again).
//  - close() ends pushing and wakes every waiting thread; cancel() closes and drops the queued
//    items, so that pop() returns std::nullopt at once (a failure or a shutdown: the work
//    still queued is not wanted).
//  - reset() drops what is queued and opens the queue again; call it when no thread is using
//    the queue (between two runs of whatever feeds it).
//  - try_pop() and pop_for(timeout) are pop() that give up at once, or after `timeout`, when
//    nothing is queued (std::nullopt then as well).
// Capacity `unbounded` is for users whose pushes must never block and whose items are
// bounded by something else (HandoffQueue, StageWorker say why); prefer a real bound.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <limits>
#include <mutex>
#include <optional>
#include <utility>

#include "core/error.hpp"

namespace condnet {

template <typename T>
class BoundedQueue {
 public:
  static constexpr std::size_t unbounded = std::numeric_limits<std::size_t>::max();

  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {
    CONDNET_ASSERT(capacity >= 1);
  }
  BoundedQueue(const BoundedQueue&) = delete;
  BoundedQueue& operator=(const BoundedQueue&) = delete;

  [[nodiscard]] bool push(T item) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [this] { return closed_ || items_.size() < capacity_; });
    if (closed_) return false;
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  std::optional<T> pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [this] { return closed_ || !items_.empty(); });
    return take_front();
  }

  template <typename Rep, typename Period>
  std::optional<T> pop_for(std::chrono::duration<Rep, Period> timeout) {
    std::unique_lock lock(mutex_);
    not_empty_.wait_for(lock, timeout, [this] { return closed_ || !items_.empty(); });
    return take_front();
  }

  std::optional<T> try_pop() {
    std::lock_guard lock(mutex_);
    return take_front();
  }

  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

  void cancel() {
    std::deque<T> dropped;  // destroyed after the lock is released
    std::lock_guard lock(mutex_);
    dropped.swap(items_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

  void reset() {
    std::deque<T> dropped;
    std::lock_guard lock(mutex_);
    dropped.swap(items_);
    closed_ = false;
  }

  bool closed() const {
    std::lock_guard lock(mutex_);
    return closed_;
  }

 private:
  // The front item, if any (the caller holds the lock).
  std::optional<T> take_front() {
    if (items_.empty()) return std::nullopt;
    std::optional<T> item(std::move(items_.front()));
    items_.pop_front();
    not_full_.notify_one();
    return item;
  }

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace condnet
