#pragma once
// Element-wise activations, shape-preserving:
//   relu: max(x, 0); leaky_relu: x < 0 ? slope x : x; gelu: x Phi(x) (the erf form, as
//   PyTorch's default); sigmoid: 1 / (1 + exp(-x)).
#include "nn/config_fields.hpp"
#include "nn/layer.hpp"

namespace condnet::nn {

enum class ActivationKind { relu, leaky_relu, gelu, sigmoid };

class Activation final : public Layer {
 public:
  static constexpr OpKind kKind = OpKind::activation;
  Activation(ActivationKind function, ConfigFields& fields);

  OpKind kind() const override { return kKind; }
  std::string type() const override;
  nlohmann::json to_json() const override;
  Dims infer_shape(const std::vector<Dims>& inputs, const std::string& where) override;

  ActivationKind function;
  double negative_slope = 0.0;  // leaky_relu only
};

}  // namespace condnet::nn
