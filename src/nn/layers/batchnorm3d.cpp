#include "nn/layers/batchnorm3d.hpp"

namespace condnet::nn {

BatchNorm3d::BatchNorm3d(ConfigFields& fields)
    : channels(fields.integer("channels", 0, 1)),
      eps(fields.number("eps", 1e-5, 1e-12, 1.0)),
      momentum(fields.number("momentum", 0.1, 0.0, 1.0)) {}

nlohmann::json BatchNorm3d::to_json() const {
  return {{"type", type()}, {"channels", channels}, {"eps", eps}, {"momentum", momentum}};
}

Dims BatchNorm3d::infer_shape(const std::vector<Dims>& inputs, const std::string& where) {
  const Dims& in = inputs.at(0);
  if (in.size() != 4)
    fail("{}: input {} is not (C, D, H, W); batchnorm3d normalises 3D volumes per channel", where,
         format_dims(in));
  if (channels != 0 && channels != in[0])
    fail("{}: channels is {} but the input {} has {}", where, channels, format_dims(in), in[0]);
  channels = in[0];
  return in;
}

std::vector<ParamSpec> BatchNorm3d::parameters() const {
  return {{"weight", {channels}, Init::ones, 0}, {"bias", {channels}, Init::zeros, 0}};
}

std::vector<ParamSpec> BatchNorm3d::buffers() const {
  return {{"running_mean", {channels}, Init::zeros, 0}, {"running_var", {channels}, Init::ones, 0}};
}

Cost BatchNorm3d::cost(const std::vector<Dims>& inputs, const Dims& output) const {
  const double n = static_cast<double>(element_count(output));
  (void)inputs;
  Cost cost;
  cost.forward_flops = 6 * n;  // statistics (3) and normalisation (3)
  cost.backward_data_flops = 8 * n;
  cost.backward_weights_flops = 2 * n;
  cost.forward_bytes = 4 * 3 * n;  // two reads (statistics, normalisation) and a write
  cost.backward_bytes = 4 * 5 * n;
  return cost;
}

}  // namespace condnet::nn
