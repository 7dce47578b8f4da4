#pragma once
// Reading a family's options from its JSON config, with errors that name the CLI option.
#include <array>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "voxel/generate/generator.hpp"
#include "voxel/generate/random.hpp"

namespace condnet::voxel::generate {

// A value, or a range LO:HI from which each sample (or each particle) draws uniformly.
struct Range {
  double lo = 0;
  double hi = 0;

  bool fixed() const { return lo == hi; }
  double sample(Rng& rng) const { return fixed() ? lo : rng.uniform(lo, hi); }
  nlohmann::json to_json() const;  // a number when fixed, else [lo, hi]
};

// Bounds of an option's values with the reason shown when a value falls outside them.
struct Limits {
  double min;
  double max;
  std::string_view allowed;  // e.g. "radii of 1 to 100 voxels"; "" for "min to max"
};

class ParamReader {
 public:
  // Throws Error for any key other than "family" and the family's options.
  ParamReader(const nlohmann::json& config, const FamilyInfo& family);

  bool has(std::string_view key) const;
  double number(std::string_view key, double fallback, const Limits& limits) const;
  Range range(std::string_view key, Range fallback, const Limits& limits) const;
  // One number for all three axes, or [X, Y, Z].
  std::array<double, 3> triple(std::string_view key, std::array<double, 3> fallback,
                               const Limits& limits) const;
  std::string choice(std::string_view key, std::string_view fallback,
                     std::initializer_list<std::string_view> allowed) const;
  // An axis as 0|1|2 or x|y|z.
  int axis(std::string_view key, int fallback) const;
  const nlohmann::json& raw(std::string_view key) const;

 private:
  const nlohmann::json& config_;
  const FamilyInfo& family_;
};

// A config value as written on the command line, for messages: 0.3, 0.3:0.6 (a pair joined
// by `pair_separator`), 2,2,8, in-plane.
std::string describe_value(const nlohmann::json& value, char pair_separator = ':');

}  // namespace condnet::voxel::generate
