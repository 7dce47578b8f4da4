#include "train/averaged_update.hpp"

#include <algorithm>

namespace condnet::train {

void averaged_update(Optimizer& optimizer, const LrSchedule& schedule, std::span<float> params,
                     std::span<float> grads, std::size_t micro_batches) {
  if (micro_batches > 1) {
    const float scale = 1.0f / static_cast<float>(micro_batches);
    std::transform(grads.begin(), grads.end(), grads.begin(),
                   [scale](float v) { return v * scale; });
  }
  optimizer.step(params, grads, schedule.at(optimizer.base_lr(), optimizer.steps()));
}

}  // namespace condnet::train
