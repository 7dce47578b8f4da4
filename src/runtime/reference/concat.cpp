#include "runtime/reference/ops.hpp"

namespace condnet::runtime::reference {

void concat_forward_part(std::int64_t n, std::int64_t channels, std::int64_t inner,
                         std::int64_t offset, std::int64_t total, const float* x, float* y) {
  for (std::int64_t s = 0; s < n; ++s)
    for (std::int64_t i = 0; i < channels * inner; ++i)
      y[(s * total + offset) * inner + i] = x[s * channels * inner + i];
}

void concat_backward_part(std::int64_t n, std::int64_t channels, std::int64_t inner,
                          std::int64_t offset, std::int64_t total, const float* dy, float* dx) {
  for (std::int64_t s = 0; s < n; ++s)
    for (std::int64_t i = 0; i < channels * inner; ++i)
      dx[s * channels * inner + i] += dy[(s * total + offset) * inner + i];
}

}  // namespace condnet::runtime::reference
