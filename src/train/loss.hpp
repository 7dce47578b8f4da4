#pragma once
// Regression losses, averaged over every value of a batch (N, F), as PyTorch's "mean"
// reduction: mse = mean (p - t)^2; l1 = mean |p - t|; huber = mean of 0.5 d^2 when
// |d| < delta, else delta (|d| - 0.5 delta).
#include <nlohmann/json.hpp>
#include <span>
#include <string>

namespace condnet::train {

enum class LossKind { mse, l1, huber };

struct Loss {
  LossKind kind = LossKind::mse;
  double delta = 1.0;  // huber only

  // {"type": "mse"} or "mse"; {"type": "huber", "delta": 0.5}. `where` names the option.
  static Loss parse(const nlohmann::json& config, const std::string& where);
  nlohmann::json to_json() const;

  // The loss of `prediction` against `target`; writes d(loss)/d(prediction) to `grad`.
  double evaluate(std::span<const float> prediction, std::span<const float> target,
                  std::span<float> grad) const;
};

}  // namespace condnet::train
