#include "nn/layers/linear.hpp"

namespace condnet::nn {

Linear::Linear(ConfigFields& fields)
    : in_features(fields.integer("in_features", 0, 1)),
      out_features(fields.required_integer("out_features", 1)),
      bias(fields.boolean("bias", true)) {}

nlohmann::json Linear::to_json() const {
  return {{"type", type()},
          {"in_features", in_features},
          {"out_features", out_features},
          {"bias", bias}};
}

Dims Linear::infer_shape(const std::vector<Dims>& inputs, const std::string& where) {
  const std::int64_t features = element_count(inputs.at(0));
  if (in_features != 0 && in_features != features)
    fail("{}: in_features is {} but the input {} has {} features", where, in_features,
         format_dims(inputs[0]), features);
  in_features = features;
  return {out_features};
}

std::vector<ParamSpec> Linear::parameters() const {
  std::vector<ParamSpec> specs{
      {"weight", {out_features, in_features}, Init::kaiming_normal, in_features}};
  if (bias) specs.push_back({"bias", {out_features}, Init::zeros, 0});
  return specs;
}

Cost Linear::cost(const std::vector<Dims>&, const Dims&) const {
  const double weights = static_cast<double>(in_features * out_features);
  Cost cost;
  cost.forward_flops = 2 * weights;
  cost.backward_data_flops = 2 * weights;
  cost.backward_weights_flops = 2 * weights;
  cost.forward_bytes = 4 * (weights + static_cast<double>(in_features + out_features));
  cost.backward_bytes = 4 * (3 * weights + static_cast<double>(2 * in_features + out_features));
  return cost;
}

}  // namespace condnet::nn
