#include "voxel/generate/random.hpp"

#include <cmath>

#include "core/error.hpp"

namespace condnet::voxel::generate {

std::uint64_t sample_seed(std::uint64_t seed, std::int64_t index) {
  return random::mix64(random::mix64(seed) ^ static_cast<std::uint64_t>(index));
}

std::array<std::uint64_t, 4> Rng::seeded(std::uint64_t seed, Stream stream) {
  constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ull;
  std::uint64_t state = random::mix64(seed) ^ (static_cast<std::uint64_t>(stream) * kGolden);
  std::array<std::uint64_t, 4> words{};
  for (auto& word : words) word = random::splitmix64(state);
  return words;
}

Rng::Rng(std::uint64_t seed, Stream stream) : engine_(seeded(seed, stream)) {}

double Rng::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

std::uint64_t Rng::below(std::uint64_t n) {
  CONDNET_ASSERT(n > 0);
  // Reject the lowest 2^64 mod n values so that every residue is equally likely.
  const std::uint64_t threshold = (0 - n) % n;
  for (;;) {
    const std::uint64_t r = next();
    if (r >= threshold) return r % n;
  }
}

double Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_normal_;
  }
  double u = 0, v = 0, s = 0;
  do {
    u = uniform(-1.0, 1.0);
    v = uniform(-1.0, 1.0);
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double scale = std::sqrt(-2.0 * std::log(s) / s);
  spare_normal_ = v * scale;
  has_spare_ = true;
  return u * scale;
}

}  // namespace condnet::voxel::generate
