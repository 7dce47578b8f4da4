#pragma once
// Random numbers for the generators (core/random.hpp: the engine and the streams): one
// independent stream per sample and purpose, as doubles, the same on every platform.
#include <array>
#include <cstdint>

#include "core/random.hpp"

namespace condnet::voxel::generate {

// The seed of sample `index` of a dataset made with `seed`: every sample has its own
// independent stream, so sample i does not depend on how many samples come before it.
std::uint64_t sample_seed(std::uint64_t seed, std::int64_t index);

// Independent streams drawn from one sample seed, so that resolving a parameter (a porosity
// drawn from a range) never shifts the geometry's random numbers.
enum class Stream : std::uint64_t { parameters = 1, geometry = 2, family_choice = 3, noise = 4 };

class Rng {
 public:
  // The state words are SplitMix64's outputs from mix64(seed) ^ (stream x golden ratio).
  explicit Rng(std::uint64_t seed, Stream stream = Stream::geometry);

  std::uint64_t next() { return engine_.next(); }
  // [0, 1) with 53 random bits.
  double uniform();
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // [0, n) without modulo bias (rejection of the lowest 2^64 mod n values); n > 0.
  std::uint64_t below(std::uint64_t n);
  // Standard normal by the Marsaglia polar method (uses only log and sqrt).
  double normal();

 private:
  static std::array<std::uint64_t, 4> seeded(std::uint64_t seed, Stream stream);

  random::Xoshiro256 engine_;
  double spare_normal_ = 0;
  bool has_spare_ = false;
};

}  // namespace condnet::voxel::generate
