#include "nn/config_fields.hpp"

#include <fmt/format.h>

#include "core/error.hpp"

namespace condnet::nn {

ConfigFields::ConfigFields(const nlohmann::json& object, std::string where,
                           std::set<std::string> reserved)
    : object_(object), where_(std::move(where)), read_(std::move(reserved)) {}

bool ConfigFields::has(const std::string& key) {
  read_.insert(key);
  return object_.contains(key);
}

const nlohmann::json& ConfigFields::field(const std::string& key) { return object_.at(key); }

std::int64_t ConfigFields::integer(const std::string& key, std::int64_t fallback,
                                   std::int64_t minimum) {
  if (!has(key)) return fallback;
  const auto& value = field(key);
  if (!value.is_number_integer() || value.get<std::int64_t>() < minimum)
    fail("{}: '{}' must be an integer >= {}, got {}", where_, key, minimum, value.dump());
  return value.get<std::int64_t>();
}

std::int64_t ConfigFields::required_integer(const std::string& key, std::int64_t minimum) {
  if (!has(key)) fail("{}: '{}' is required (an integer >= {})", where_, key, minimum);
  return integer(key, 0, minimum);
}

std::array<std::int64_t, 3> ConfigFields::triple(const std::string& key, std::int64_t fallback,
                                                 std::int64_t minimum) {
  if (!has(key)) return {fallback, fallback, fallback};
  const auto& value = field(key);
  const auto valid = [&](const nlohmann::json& v) {
    return v.is_number_integer() && v.get<std::int64_t>() >= minimum;
  };
  if (valid(value)) {
    const auto v = value.get<std::int64_t>();
    return {v, v, v};
  }
  if (value.is_array() && value.size() == 3 && valid(value[0]) && valid(value[1]) &&
      valid(value[2]))
    return {value[0].get<std::int64_t>(), value[1].get<std::int64_t>(),
            value[2].get<std::int64_t>()};
  fail("{}: '{}' must be an integer >= {} or a list of three (D, H, W), got {}", where_, key,
       minimum, value.dump());
}

double ConfigFields::number(const std::string& key, double fallback, double low, double high) {
  if (!has(key)) return fallback;
  const auto& value = field(key);
  if (!value.is_number() || value.get<double>() < low || value.get<double>() > high)
    fail("{}: '{}' must be a number in [{}, {}], got {}", where_, key, low, high, value.dump());
  return value.get<double>();
}

bool ConfigFields::boolean(const std::string& key, bool fallback) {
  if (!has(key)) return fallback;
  const auto& value = field(key);
  if (!value.is_boolean())
    fail("{}: '{}' must be true or false, got {}", where_, key, value.dump());
  return value.get<bool>();
}

std::string ConfigFields::text(const std::string& key, const std::string& fallback) {
  if (!has(key)) return fallback;
  const auto& value = field(key);
  if (!value.is_string()) fail("{}: '{}' must be a string, got {}", where_, key, value.dump());
  return value.get<std::string>();
}

void ConfigFields::finish() const {
  for (const auto& [key, value] : object_.items())
    if (!read_.count(key)) {
      std::string known;
      for (const auto& name : read_) known += (known.empty() ? "" : ", ") + name;
      fail("{}: unknown field '{}' (allowed: {})", where_, key, known);
    }
}

nlohmann::json triple_to_json(const std::array<std::int64_t, 3>& values) {
  if (values[0] == values[1] && values[1] == values[2]) return values[0];
  return {values[0], values[1], values[2]};
}

}  // namespace condnet::nn
