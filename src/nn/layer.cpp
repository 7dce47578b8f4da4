#include "nn/layer.hpp"

namespace condnet::nn {

Cost Layer::cost(const std::vector<Dims>& inputs, const Dims& output) const {
  double in = 0;
  for (const auto& dims : inputs) in += static_cast<double>(element_count(dims));
  const double out = static_cast<double>(element_count(output));
  Cost cost;
  cost.forward_flops = out;
  cost.backward_data_flops = in;
  cost.forward_bytes = 4 * (in + out);
  cost.backward_bytes = 4 * (2 * in + out);
  return cost;
}

std::string to_string(OpKind kind) {
  switch (kind) {
    case OpKind::conv3d:
      return "conv3d";
    case OpKind::batchnorm3d:
      return "batchnorm3d";
    case OpKind::activation:
      return "activation";
    case OpKind::pool3d:
      return "pool3d";
    case OpKind::global_avg_pool:
      return "global_avg_pool";
    case OpKind::linear:
      return "linear";
    case OpKind::add:
      return "add";
    case OpKind::concat:
      return "concat";
    case OpKind::dropout:
      return "dropout";
    case OpKind::flatten:
      return "flatten";
    case OpKind::stage:
      return "stage";
  }
  return "unknown";
}

}  // namespace condnet::nn
