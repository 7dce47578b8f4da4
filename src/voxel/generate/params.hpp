#pragma once
// Reading a family's options from its JSON config, with errors that name the CLI option.
#include <algorithm>
#include <array>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "voxel/generate/generator.hpp"
#include "voxel/generate/random.hpp"
#include "voxel/shape.hpp"

namespace condnet::voxel::generate {

// A value, or a range LO:HI from which each sample (or each particle) draws uniformly.
struct Range {
  double lo = 0;
  double hi = 0;

  bool fixed() const { return lo == hi; }
  double sample(Rng& rng) const { return fixed() ? lo : rng.uniform(lo, hi); }
  nlohmann::json to_json() const;  // a number when fixed, else [lo, hi]
  friend void to_json(nlohmann::json& json, const Range& range) { json = range.to_json(); }
};

// Bounds of an option's values with the reason shown when a value falls outside them.
struct Limits {
  double min;
  double max;
  std::string_view allowed;  // e.g. "radii of 1 to 100 voxels"; "" for "min to max"
};

// Defaults of options in voxels scale with the sample (generator.hpp, kDesignSize): a default
// d becomes d * N / kDesignSize, at least the option's minimum. N / kDesignSize for `shape`:
double size_factor(const Shape& shape);

inline double scale_default(double value, double factor, double min) {
  return std::max(min, value * factor);
}
inline Range scale_default(const Range& value, double factor, double min) {
  return {scale_default(value.lo, factor, min), scale_default(value.hi, factor, min)};
}
inline std::array<double, 3> scale_default(const std::array<double, 3>& value, double factor,
                                           double min) {
  return {scale_default(value[0], factor, min), scale_default(value[1], factor, min),
          scale_default(value[2], factor, min)};
}

// An option in voxels: the user's value, or a default for kDesignSize^3 that scales with the
// sample. T: double, Range or std::array<double, 3>.
template <typename T>
class SizeScaled {
 public:
  SizeScaled() = default;
  SizeScaled(T value, bool given, double min) : value_(value), given_(given), min_(min) {}

  // The value for samples of `shape`.
  T at(const Shape& shape) const {
    return given_ ? value_ : scale_default(value_, size_factor(shape), min_);
  }
  // Adds `key` to a generator's description when the user gave it; a default is left out, as
  // it depends on the shape (each sample's parameters record the value used).
  void describe(nlohmann::json& params, std::string_view key) const {
    if (given_) params[std::string(key)] = value_;
  }

 private:
  T value_{};
  bool given_ = false;
  double min_ = 0;
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
  // As number(), range() and triple(), for options whose default `at_design_size` scales with
  // the sample (see kDesignSize).
  SizeScaled<double> scaled_number(std::string_view key, double at_design_size,
                                   const Limits& limits) const;
  SizeScaled<Range> scaled_range(std::string_view key, Range at_design_size,
                                 const Limits& limits) const;
  SizeScaled<std::array<double, 3>> scaled_triple(std::string_view key,
                                                  std::array<double, 3> at_design_size,
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
