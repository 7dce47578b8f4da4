#include "nn/layers/activation.hpp"

namespace condnet::nn {

Activation::Activation(ActivationKind function, ConfigFields& fields)
    : function(function),
      negative_slope(function == ActivationKind::leaky_relu
                         ? fields.number("negative_slope", 0.01, 0.0, 1.0)
                         : 0.0) {}

std::string Activation::type() const {
  switch (function) {
    case ActivationKind::relu:
      return "relu";
    case ActivationKind::leaky_relu:
      return "leaky_relu";
    case ActivationKind::gelu:
      return "gelu";
    case ActivationKind::sigmoid:
      return "sigmoid";
  }
  return "unknown";
}

nlohmann::json Activation::to_json() const {
  nlohmann::json json{{"type", type()}};
  if (function == ActivationKind::leaky_relu) json["negative_slope"] = negative_slope;
  return json;
}

Dims Activation::infer_shape(const std::vector<Dims>& inputs, const std::string&) {
  return inputs.at(0);
}

}  // namespace condnet::nn
