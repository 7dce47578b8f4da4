#include "voxel/generate/params.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "voxel/shape.hpp"

namespace condnet::voxel::generate {

namespace {

std::string list_options(const FamilyInfo& family) {
  std::string text;
  for (const std::string_view option : family.options)
    text += fmt::format("{}--{}", text.empty() ? "" : ", ", option);
  return text.empty() ? "none" : text;
}

std::string describe_limits(const Limits& limits) {
  return limits.allowed.empty() ? fmt::format("{} to {}", limits.min, limits.max)
                                : std::string(limits.allowed);
}

void check_limits(std::string_view key, const nlohmann::json& value, double x,
                  const Limits& limits) {
  if (!(x >= limits.min && x <= limits.max))
    fail("--{} {}: out of range; allowed: {}", key, describe_value(value), describe_limits(limits));
}

double as_number(std::string_view key, const nlohmann::json& value, std::string_view expected) {
  if (!value.is_number()) fail("--{} {}: expected {}", key, describe_value(value), expected);
  return value.get<double>();
}

}  // namespace

double size_factor(const Shape& shape) {
  return static_cast<double>(std::min({shape.nx, shape.ny, shape.nz})) / kDesignSize;
}

nlohmann::json Range::to_json() const {
  return fixed() ? nlohmann::json(lo) : nlohmann::json::array({lo, hi});
}

std::string describe_value(const nlohmann::json& value, char pair_separator) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_array() && value.size() == 2 && value[0].is_number() && value[1].is_number())
    return fmt::format("{}{}{}", value[0].get<double>(), pair_separator, value[1].get<double>());
  if (value.is_array()) {
    std::string text;
    for (const auto& item : value) text += (text.empty() ? "" : ",") + describe_value(item);
    return text;
  }
  return value.dump();
}

ParamReader::ParamReader(const nlohmann::json& config, const FamilyInfo& family)
    : config_(config), family_(family) {
  for (const auto& [key, value] : config.items()) {
    if (key == "family") continue;
    if (std::find(family.options.begin(), family.options.end(), key) == family.options.end())
      fail("--{}: not an option of family {}; its options: {}", key, family.name,
           list_options(family));
  }
}

bool ParamReader::has(std::string_view key) const {
  CONDNET_ASSERT(std::find(family_.options.begin(), family_.options.end(), key) !=
                 family_.options.end());
  return config_.contains(key);
}

const nlohmann::json& ParamReader::raw(std::string_view key) const {
  CONDNET_ASSERT(has(key));
  return config_.at(std::string(key));
}

double ParamReader::number(std::string_view key, double fallback, const Limits& limits) const {
  if (!has(key)) return fallback;
  const nlohmann::json& value = raw(key);
  const double x = as_number(key, value, "a number");
  check_limits(key, value, x, limits);
  return x;
}

Range ParamReader::range(std::string_view key, Range fallback, const Limits& limits) const {
  if (!has(key)) return fallback;
  const nlohmann::json& value = raw(key);
  constexpr std::string_view expected = "a number or a range LO:HI";
  Range range;
  if (value.is_array() && value.size() == 2) {
    if (!value[0].is_number() || !value[1].is_number())
      fail("--{} {}: expected {}", key, describe_value(value), expected);
    range = {value[0].get<double>(), value[1].get<double>()};
  } else {
    range.lo = range.hi = as_number(key, value, expected);
  }
  check_limits(key, value, range.lo, limits);
  check_limits(key, value, range.hi, limits);
  if (range.lo > range.hi)
    fail("--{} {}: the range's low end is above its high end; give LO:HI with LO <= HI", key,
         describe_value(value));
  return range;
}

std::array<double, 3> ParamReader::triple(std::string_view key, std::array<double, 3> fallback,
                                          const Limits& limits) const {
  if (!has(key)) return fallback;
  const nlohmann::json& value = raw(key);
  constexpr std::string_view expected = "one number or three, X,Y,Z";
  std::array<double, 3> result{};
  if (value.is_array()) {
    if (value.size() != 3) fail("--{} {}: expected {}", key, describe_value(value, ','), expected);
    for (std::size_t i = 0; i < 3; ++i) result[i] = as_number(key, value[i], expected);
  } else {
    result.fill(as_number(key, value, expected));
  }
  for (const double x : result) check_limits(key, value, x, limits);
  return result;
}

SizeScaled<double> ParamReader::scaled_number(std::string_view key, double at_design_size,
                                              const Limits& limits) const {
  return {number(key, at_design_size, limits), has(key), limits.min};
}

SizeScaled<Range> ParamReader::scaled_range(std::string_view key, Range at_design_size,
                                            const Limits& limits) const {
  return {range(key, at_design_size, limits), has(key), limits.min};
}

SizeScaled<std::array<double, 3>> ParamReader::scaled_triple(std::string_view key,
                                                             std::array<double, 3> at_design_size,
                                                             const Limits& limits) const {
  return {triple(key, at_design_size, limits), has(key), limits.min};
}

std::string ParamReader::choice(std::string_view key, std::string_view fallback,
                                std::initializer_list<std::string_view> allowed) const {
  if (!has(key)) return std::string(fallback);
  const nlohmann::json& value = raw(key);
  std::string names;
  for (const std::string_view name : allowed)
    names += (names.empty() ? "" : ", ") + std::string(name);
  if (!value.is_string() ||
      std::find(allowed.begin(), allowed.end(), value.get<std::string>()) == allowed.end())
    fail("--{} {}: unknown choice; allowed: {}", key, describe_value(value), names);
  return value.get<std::string>();
}

int ParamReader::axis(std::string_view key, int fallback) const {
  if (!has(key)) return fallback;
  const nlohmann::json& value = raw(key);
  const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  return parse_axis(text, fmt::format("--{}", key));
}

}  // namespace condnet::voxel::generate
