#pragma once
// (N, C, D, H, W) -> (N, C * D * H * W), C order.
#include "nn/config_fields.hpp"
#include "nn/layer.hpp"

namespace condnet::nn {

class Flatten final : public Layer {
 public:
  static constexpr OpKind kKind = OpKind::flatten;
  explicit Flatten(ConfigFields&) {}

  OpKind kind() const override { return kKind; }
  std::string type() const override { return "flatten"; }
  nlohmann::json to_json() const override { return {{"type", type()}}; }
  Dims infer_shape(const std::vector<Dims>& inputs, const std::string&) override {
    return {element_count(inputs.at(0))};
  }
  Cost cost(const std::vector<Dims>&, const Dims&) const override { return {}; }
};

}  // namespace condnet::nn
