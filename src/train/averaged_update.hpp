#pragma once
// The optimizer update of a step whose gradients were summed over `micro_batches`
// micro-batches (all replicas'): scales them by 1/micro_batches -- the only place that scaling
// happens, for one device and for every pipeline stage alike -- then steps the optimizer at the
// schedule's rate for its update count. With the loss averaged within a micro-batch, M
// micro-batches of n samples give the gradient of one batch of M n samples.
#include <cstddef>
#include <span>

#include "train/lr_schedule.hpp"
#include "train/optimizer.hpp"

namespace condnet::train {

// params, grads: the same layout (the optimizer's slab); grads are scaled in place.
void averaged_update(Optimizer& optimizer, const LrSchedule& schedule, std::span<float> params,
                     std::span<float> grads, std::size_t micro_batches);

}  // namespace condnet::train
