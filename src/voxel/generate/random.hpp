#pragma once
// condnet's own random numbers, identical on every platform and standard library: SplitMix64
// for seeding and hashing, xoshiro256** for streams, and our own transforms to uniform and
// normal variates (std::*_distribution's output differs between standard libraries).
#include <array>
#include <cstdint>

namespace condnet::voxel::generate {

// One step of SplitMix64: advances `state` and returns the next output.
std::uint64_t splitmix64(std::uint64_t& state);

// A stateless 64-bit hash (SplitMix64's finaliser on x + golden ratio).
std::uint64_t mix64(std::uint64_t x);

// The seed of sample `index` of a dataset made with `seed`: every sample has its own
// independent stream, so sample i does not depend on how many samples come before it.
std::uint64_t sample_seed(std::uint64_t seed, std::int64_t index);

// Independent streams drawn from one sample seed, so that resolving a parameter (a porosity
// drawn from a range) never shifts the geometry's random numbers.
enum class Stream : std::uint64_t { parameters = 1, geometry = 2, family_choice = 3, noise = 4 };

class Rng {
 public:
  explicit Rng(std::uint64_t seed, Stream stream = Stream::geometry);

  std::uint64_t next();
  // [0, 1) with 53 random bits.
  double uniform();
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // [0, n) without modulo bias (rejection of the lowest 2^64 mod n values); n > 0.
  std::uint64_t below(std::uint64_t n);
  // Standard normal by the Marsaglia polar method (uses only log and sqrt).
  double normal();

 private:
  std::array<std::uint64_t, 4> s_{};
  double spare_normal_ = 0;
  bool has_spare_ = false;
};

}  // namespace condnet::voxel::generate
