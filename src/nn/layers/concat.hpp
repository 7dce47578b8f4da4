#pragma once
// Concatenation along channels: (N, C1, D, H, W), (N, C2, D, H, W) -> (N, C1 + C2, D, H, W);
// for features (N, F1), (N, F2) -> (N, F1 + F2).
#include "nn/config_fields.hpp"
#include "nn/layer.hpp"

namespace condnet::nn {

class Concat final : public Layer {
 public:
  static constexpr OpKind kKind = OpKind::concat;
  explicit Concat(ConfigFields&) {}

  OpKind kind() const override { return kKind; }
  std::string type() const override { return "concat"; }
  nlohmann::json to_json() const override { return {{"type", type()}}; }
  Dims infer_shape(const std::vector<Dims>& inputs, const std::string& where) override;
  int min_inputs() const override { return 2; }
  int max_inputs() const override { return 64; }
};

}  // namespace condnet::nn
