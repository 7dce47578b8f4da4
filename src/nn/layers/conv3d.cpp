#include "nn/layers/conv3d.hpp"

namespace condnet::nn {

Conv3d::Conv3d(ConfigFields& fields)
    : in_channels(fields.integer("in_channels", 0, 1)),
      out_channels(fields.required_integer("out_channels", 1)),
      kernel(fields.triple("kernel", 3, 1)),
      stride(fields.triple("stride", 1, 1)),
      padding(fields.triple("padding", 0, 0)),
      dilation(fields.triple("dilation", 1, 1)),
      bias(fields.boolean("bias", true)) {}

nlohmann::json Conv3d::to_json() const {
  return {{"type", type()},
          {"in_channels", in_channels},
          {"out_channels", out_channels},
          {"kernel", triple_to_json(kernel)},
          {"stride", triple_to_json(stride)},
          {"padding", triple_to_json(padding)},
          {"dilation", triple_to_json(dilation)},
          {"bias", bias}};
}

Dims Conv3d::infer_shape(const std::vector<Dims>& inputs, const std::string& where) {
  const Dims& in = inputs.at(0);
  if (in.size() != 4)
    fail("{}: input {} is not (C, D, H, W); conv3d needs a 3D volume with channels", where,
         format_dims(in));
  if (in_channels != 0 && in_channels != in[0])
    fail("{}: in_channels is {} but the input {} has {} channels", where, in_channels,
         format_dims(in), in[0]);
  in_channels = in[0];
  Dims out{out_channels, 0, 0, 0};
  for (int axis = 0; axis < 3; ++axis) {
    const std::int64_t span = dilation[axis] * (kernel[axis] - 1) + 1;
    const std::int64_t padded = in[axis + 1] + 2 * padding[axis];
    if (padded < span)
      fail("{}: input {} padded by {} is smaller than the kernel's reach {} along axis {}", where,
           format_dims(in), padding[axis], span, axis + 1);
    out[axis + 1] = (padded - span) / stride[axis] + 1;
  }
  return out;
}

std::vector<ParamSpec> Conv3d::parameters() const {
  const std::int64_t fan_in = in_channels * kernel[0] * kernel[1] * kernel[2];
  std::vector<ParamSpec> specs{{"weight",
                                {out_channels, in_channels, kernel[0], kernel[1], kernel[2]},
                                Init::kaiming_normal,
                                fan_in}};
  if (bias) specs.push_back({"bias", {out_channels}, Init::zeros, 0});
  return specs;
}

Cost Conv3d::cost(const std::vector<Dims>& inputs, const Dims& output) const {
  const double taps = static_cast<double>(in_channels * kernel[0] * kernel[1] * kernel[2]);
  const double out = static_cast<double>(element_count(output));
  const double in = static_cast<double>(element_count(inputs.at(0)));
  const double weights = taps * static_cast<double>(out_channels);
  Cost cost;
  cost.forward_flops = 2 * taps * out + (bias ? out : 0);
  cost.backward_data_flops = 2 * taps * out;
  cost.backward_weights_flops = 2 * taps * out + (bias ? out : 0);
  cost.forward_bytes = 4 * (in + weights + out);
  cost.backward_bytes = 4 * (2 * in + 2 * weights + out);
  return cost;
}

}  // namespace condnet::nn
