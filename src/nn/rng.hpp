#pragma once
// A small deterministic random generator (xoshiro256**, seeded through SplitMix64), so that
// the same seed gives the same weights and dropout masks on every platform and compiler;
// std::normal_distribution is implementation-defined and is not used.
#include <cstdint>
#include <string_view>

namespace condnet::nn {

// SplitMix64's finaliser: a bijective 64-bit mix, also used as a counter-based hash.
std::uint64_t mix64(std::uint64_t value);

// FNV-1a of a string, to derive per-tensor seeds from names.
std::uint64_t hash_name(std::string_view name);

class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  std::uint64_t next();
  // Uniform in [0, 1) with 24 bits, exactly representable as a float.
  float uniform();
  // Standard normal (Box-Muller, both values used).
  float normal();

 private:
  std::uint64_t state_[4];
  bool has_spare_ = false;
  float spare_ = 0.0f;
};

}  // namespace condnet::nn
