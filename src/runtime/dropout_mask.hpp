#pragma once
// The dropout mask every backend draws: element `index` (C order over (N, ...)) of dropout
// node `node` in forward call `call` of a plan seeded `seed` is kept when a counter-based
// hash falls at or above p. Kept elements are scaled by 1 / (1 - p).
#include <cstdint>

#include "core/random.hpp"

namespace condnet::runtime {

inline float dropout_scale(std::uint64_t seed, std::uint64_t call, int node, std::int64_t index,
                           double p) {
  const std::uint64_t key =
      random::mix64(random::mix64(random::mix64(seed) ^ call) ^ static_cast<std::uint64_t>(node));
  const double u =
      static_cast<double>(random::mix64(key ^ static_cast<std::uint64_t>(index)) >> 11) * 0x1.0p-53;
  return u < p ? 0.0f : static_cast<float>(1.0 / (1.0 - p));
}

}  // namespace condnet::runtime
