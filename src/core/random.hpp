#pragma once
// condnet's one family of random numbers, identical on every platform, compiler and standard
// library (std::*_distribution is implementation-defined and is not used): SplitMix64 for
// seeding and hashing, xoshiro256** for streams. The variates are made where they are used,
// from these alone.
//
// Streams (who seeds what, from which user seed):
//   - weights: nn::Rng(mix64(seed) ^ hash_name(tensor)), one per parameter tensor (nn/init.cpp);
//     nn::Rng fills its state with the chain mix64(s), mix64(mix64(s)), ...
//   - dropout masks: a counter-based hash of (seed, call, node, element), no state
//     (runtime/dropout_mask.hpp);
//   - data order and augmentation: nn::Rng(mix64(seed ^ mix64(epoch + 1))) shuffles an epoch; a
//     hash of (seed, epoch, position) picks its cube symmetry (data/batch_loader.cpp);
//   - generated samples: sample i of a dataset made with `seed` has the sample seed
//     mix64(mix64(seed) ^ i), and from it one independent stream per purpose (parameters,
//     geometry, family choice, noise: voxel/generate/random.hpp);
//   - dataset splits: a hash of the sample seed (data/dataset_file.cpp).
#include <array>
#include <cstdint>
#include <string_view>

namespace condnet::random {

// One step of SplitMix64: advances `state` by the golden ratio and returns the next output.
std::uint64_t splitmix64(std::uint64_t& state);

// A stateless bijective 64-bit hash: SplitMix64's output for state x (x + golden ratio, mixed).
std::uint64_t mix64(std::uint64_t x);

// FNV-1a of a string, to derive per-tensor seeds from names.
std::uint64_t hash_name(std::string_view name);

// xoshiro256** (Blackman and Vigna): the one generator behind every random stream.
class Xoshiro256 {
 public:
  explicit Xoshiro256(const std::array<std::uint64_t, 4>& state) : s_(state) {}

  std::uint64_t next();

 private:
  std::array<std::uint64_t, 4> s_;
};

}  // namespace condnet::random
