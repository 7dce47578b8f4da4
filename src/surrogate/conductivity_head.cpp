#include "surrogate/conductivity_head.hpp"

#include <cmath>
#include <vector>

#include "core/error.hpp"

namespace condnet::surrogate {

float ratio_of_output(float z) {
  if (z >= 0) return 1.0f / (1.0f + std::exp(-z));
  const float e = std::exp(z);
  return e / (1.0f + e);
}

double ratio_objective(const train::Loss& loss, std::span<const float> z,
                       std::span<const float> target_ratio, std::span<float> grad) {
  CONDNET_ASSERT(z.size() == target_ratio.size() && z.size() == grad.size());
  std::vector<float> ratio(z.size());
  for (std::size_t i = 0; i < z.size(); ++i) ratio[i] = ratio_of_output(z[i]);
  const double value = loss.evaluate(ratio, target_ratio, grad);
  for (std::size_t i = 0; i < z.size(); ++i) grad[i] *= ratio[i] * (1.0f - ratio[i]);
  return value;
}

}  // namespace condnet::surrogate
