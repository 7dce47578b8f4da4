#pragma once
// Element-wise sum of two or more inputs of one shape (residual connections).
#include "nn/config_fields.hpp"
#include "nn/layer.hpp"

namespace condnet::nn {

class Add final : public Layer {
 public:
  static constexpr OpKind kKind = OpKind::add;
  explicit Add(ConfigFields&) {}

  OpKind kind() const override { return kKind; }
  std::string type() const override { return "add"; }
  nlohmann::json to_json() const override { return {{"type", type()}}; }
  Dims infer_shape(const std::vector<Dims>& inputs, const std::string& where) override;
  int min_inputs() const override { return 2; }
  int max_inputs() const override { return 64; }
};

}  // namespace condnet::nn
