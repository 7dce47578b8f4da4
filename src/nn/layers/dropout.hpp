#pragma once
// Dropout: in training, each element is zeroed with probability p and the rest scaled by
// 1 / (1 - p); in inference it is the identity. Masks come from a counter-based hash of
// (seed, step, layer, element), so every backend draws the same mask.
#include "nn/config_fields.hpp"
#include "nn/layer.hpp"

namespace condnet::nn {

class Dropout final : public Layer {
 public:
  static constexpr OpKind kKind = OpKind::dropout;
  explicit Dropout(ConfigFields& fields) : p(fields.number("p", 0.5, 0.0, 0.999)) {}

  OpKind kind() const override { return kKind; }
  std::string type() const override { return "dropout"; }
  nlohmann::json to_json() const override { return {{"type", type()}, {"p", p}}; }
  Dims infer_shape(const std::vector<Dims>& inputs, const std::string&) override {
    return inputs.at(0);
  }

  double p = 0.5;
};

}  // namespace condnet::nn
