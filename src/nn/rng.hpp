#pragma once
// Random numbers for weights, dropout and data order (core/random.hpp: the engine and the
// streams), as floats, the same for the same seed on every platform and compiler.
#include <array>
#include <cstdint>

#include "core/random.hpp"

namespace condnet::nn {

class Rng {
 public:
  // The state words are the chain mix64(seed), mix64(mix64(seed)), ...
  explicit Rng(std::uint64_t seed);

  std::uint64_t next() { return engine_.next(); }
  // Uniform in [0, 1) with 24 bits, exactly representable as a float.
  float uniform();
  // Standard normal (Box-Muller, both values used).
  float normal();

 private:
  static std::array<std::uint64_t, 4> chain(std::uint64_t seed);

  random::Xoshiro256 engine_;
  bool has_spare_ = false;
  float spare_ = 0.0f;
};

}  // namespace condnet::nn
