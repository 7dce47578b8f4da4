#pragma once
// Mean over D, H, W: x (N, C, D, H, W) -> y (N, C).
#include "nn/config_fields.hpp"
#include "nn/layer.hpp"

namespace condnet::nn {

class GlobalAvgPool final : public Layer {
 public:
  static constexpr OpKind kKind = OpKind::global_avg_pool;
  explicit GlobalAvgPool(ConfigFields&) {}

  OpKind kind() const override { return kKind; }
  std::string type() const override { return "global_avg_pool"; }
  nlohmann::json to_json() const override { return {{"type", type()}}; }
  Dims infer_shape(const std::vector<Dims>& inputs, const std::string& where) override;
};

}  // namespace condnet::nn
