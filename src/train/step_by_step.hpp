#pragma once
// Device iterations on an engine without device-side graphs: a call's K optimizer steps run one
// after the other. xs: K M micro-batches, step k's being [k M, (k + 1) M); targets: K equal
// parts, one per step; losses: K, step k's written by `step(xs of k, targets of k)`.
#include <cstddef>
#include <span>

#include "core/error.hpp"

namespace condnet::train {

template <typename Input, typename Step>
void step_by_step(std::span<const Input> xs, std::span<const float> targets,
                  std::span<double> losses, Step&& step) {
  const std::size_t steps = losses.size();
  CONDNET_ASSERT(steps > 0 && xs.size() % steps == 0 && targets.size() % steps == 0);
  const std::size_t micro_batches = xs.size() / steps, targets_per_step = targets.size() / steps;
  for (std::size_t k = 0; k < steps; ++k)
    losses[k] = step(xs.subspan(k * micro_batches, micro_batches),
                     targets.subspan(k * targets_per_step, targets_per_step));
}

}  // namespace condnet::train
