#include "nn/rng.hpp"

#include <cmath>
#include <numbers>

namespace condnet::nn {

std::array<std::uint64_t, 4> Rng::chain(std::uint64_t seed) {
  std::array<std::uint64_t, 4> state{};
  for (auto& word : state) word = seed = random::mix64(seed);
  return state;
}

Rng::Rng(std::uint64_t seed) : engine_(chain(seed)) {}

float Rng::uniform() { return static_cast<float>(next() >> 40) * 0x1.0p-24f; }

float Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  // u1 in (0, 1] keeps the logarithm finite.
  const double u1 = (static_cast<double>(next() >> 11) + 1.0) * 0x1.0p-53;
  const double u2 = static_cast<double>(next() >> 11) * 0x1.0p-53;
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = 2.0 * std::numbers::pi * u2;
  spare_ = static_cast<float>(radius * std::sin(angle));
  has_spare_ = true;
  return static_cast<float>(radius * std::cos(angle));
}

}  // namespace condnet::nn
