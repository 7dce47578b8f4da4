#pragma once
// Fully connected: x (N, I) -> y (N, O) = x W^T + b, weight (O, I), bias (O). An input of
// more dimensions is read flattened (I = their product, C order).
#include "nn/config_fields.hpp"
#include "nn/layer.hpp"

namespace condnet::nn {

class Linear final : public Layer {
 public:
  static constexpr OpKind kKind = OpKind::linear;
  explicit Linear(ConfigFields& fields);

  OpKind kind() const override { return kKind; }
  std::string type() const override { return "linear"; }
  nlohmann::json to_json() const override;
  Dims infer_shape(const std::vector<Dims>& inputs, const std::string& where) override;
  std::vector<ParamSpec> parameters() const override;
  Cost cost(const std::vector<Dims>& inputs, const Dims& output) const override;

  std::int64_t in_features = 0;
  std::int64_t out_features = 0;
  bool bias = true;
};

}  // namespace condnet::nn
