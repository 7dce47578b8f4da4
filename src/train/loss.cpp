#include "train/loss.hpp"

#include <cmath>

#include "core/error.hpp"

namespace condnet::train {

Loss Loss::parse(const nlohmann::json& config, const std::string& where) {
  const nlohmann::json object = config.is_string() ? nlohmann::json{{"type", config}} : config;
  const std::string type =
      object.is_object() && object.contains("type") && object["type"].is_string()
          ? object["type"].get<std::string>()
          : "";
  Loss loss;
  if (type == "mse")
    loss.kind = LossKind::mse;
  else if (type == "l1")
    loss.kind = LossKind::l1;
  else if (type == "huber")
    loss.kind = LossKind::huber;
  else
    fail("{}: unknown loss {} (allowed: mse, l1, huber)", where, config.dump());
  for (const auto& [key, value] : object.items()) {
    if (key == "type") continue;
    if (key != "delta" || loss.kind != LossKind::huber)
      fail("{}: unknown field '{}' for loss {}", where, key, type);
    if (!value.is_number() || value.get<double>() <= 0)
      fail("{}: 'delta' must be a positive number, got {}", where, value.dump());
    loss.delta = value.get<double>();
  }
  return loss;
}

nlohmann::json Loss::to_json() const {
  switch (kind) {
    case LossKind::mse:
      return {{"type", "mse"}};
    case LossKind::l1:
      return {{"type", "l1"}};
    case LossKind::huber:
      return {{"type", "huber"}, {"delta", delta}};
  }
  return {};
}

double Loss::evaluate(std::span<const float> prediction, std::span<const float> target,
                      std::span<float> grad) const {
  CONDNET_ASSERT(prediction.size() == target.size() && grad.size() == target.size());
  const double count = static_cast<double>(target.size());
  double total = 0;
  for (std::size_t i = 0; i < target.size(); ++i) {
    const double d = static_cast<double>(prediction[i]) - target[i];
    double value = 0, slope = 0;
    switch (kind) {
      case LossKind::mse:
        value = d * d;
        slope = 2 * d;
        break;
      case LossKind::l1:
        value = std::abs(d);
        slope = d > 0 ? 1 : d < 0 ? -1 : 0;
        break;
      case LossKind::huber:
        if (std::abs(d) < delta) {
          value = 0.5 * d * d;
          slope = d;
        } else {
          value = delta * (std::abs(d) - 0.5 * delta);
          slope = d > 0 ? delta : -delta;
        }
        break;
    }
    total += value;
    grad[i] = static_cast<float>(slope / count);
  }
  return total / count;
}

}  // namespace condnet::train
