#pragma once
// Sums gradients over data-parallel replicas, blocking or in the background: what the Trainer
// needs from a communication library, without naming one (train/replicas.hpp has the MPI
// implementation). Per optimizer step: begin_step(), then either reduce() on the whole slab,
// or reduce_async() on pieces as they become final, poll() now and then to let them progress,
// and finish() before reading any of them.
#include <span>
#include <vector>

namespace condnet::train {

class GradientReducer {
 public:
  GradientReducer() = default;
  GradientReducer(const GradientReducer&) = delete;
  GradientReducer& operator=(const GradientReducer&) = delete;
  virtual ~GradientReducer() = default;

  virtual void begin_step() = 0;
  // In place, the sum over the replicas; returns when done.
  virtual void reduce(std::span<float> values) = 0;
  // Starts summing `values` in place and returns its handle: 0, 1, ... in the order of the
  // calls since begin_step(). `values` must stay untouched until the handle completes.
  virtual int reduce_async(std::span<float> values) = 0;
  // The handles that completed since the last poll() (or begin_step()); does not wait.
  virtual std::vector<int> poll() = 0;
  // Waits for every handle still outstanding; returns them.
  virtual std::vector<int> finish() = 0;
};

}  // namespace condnet::train
