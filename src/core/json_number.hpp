#pragma once
// JSON has no infinity or NaN: such values (an infinite tortuosity factor, a metric that is
// undefined) are written as null.
#include <cmath>
#include <nlohmann/json.hpp>

namespace condnet {

inline nlohmann::json finite_or_null(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

}  // namespace condnet
