#include "nn/layers/pool3d.hpp"

namespace condnet::nn {

Pool3d::Pool3d(PoolKind pool, ConfigFields& fields)
    : pool(pool),
      kernel(fields.triple("kernel", 2, 1)),
      stride(fields.has("stride") ? fields.triple("stride", 1, 1) : kernel),
      padding(fields.triple("padding", 0, 0)),
      count_include_pad(pool == PoolKind::avg ? fields.boolean("count_include_pad", true) : true) {}

nlohmann::json Pool3d::to_json() const {
  nlohmann::json json{{"type", type()},
                      {"kernel", triple_to_json(kernel)},
                      {"stride", triple_to_json(stride)},
                      {"padding", triple_to_json(padding)}};
  if (pool == PoolKind::avg) json["count_include_pad"] = count_include_pad;
  return json;
}

Dims Pool3d::infer_shape(const std::vector<Dims>& inputs, const std::string& where) {
  const Dims& in = inputs.at(0);
  if (in.size() != 4)
    fail("{}: input {} is not (C, D, H, W); {} pools 3D volumes", where, format_dims(in), type());
  Dims out{in[0], 0, 0, 0};
  for (int axis = 0; axis < 3; ++axis) {
    if (2 * padding[axis] > kernel[axis])
      fail("{}: padding {} is more than half the kernel {} along axis {}", where, padding[axis],
           kernel[axis], axis + 1);
    const std::int64_t padded = in[axis + 1] + 2 * padding[axis];
    if (padded < kernel[axis])
      fail("{}: input {} padded by {} is smaller than the kernel {} along axis {}", where,
           format_dims(in), padding[axis], kernel[axis], axis + 1);
    out[axis + 1] = (padded - kernel[axis]) / stride[axis] + 1;
  }
  return out;
}

Cost Pool3d::cost(const std::vector<Dims>& inputs, const Dims& output) const {
  const double in = static_cast<double>(element_count(inputs.at(0)));
  const double out = static_cast<double>(element_count(output));
  const double window = static_cast<double>(kernel[0] * kernel[1] * kernel[2]);
  Cost cost;
  cost.forward_flops = out * window;
  cost.backward_data_flops = out * (pool == PoolKind::max ? 1 : window);
  cost.forward_bytes = 4 * (in + out);
  cost.backward_bytes = 4 * (in + out + (pool == PoolKind::max ? out : 0));
  return cost;
}

}  // namespace condnet::nn
