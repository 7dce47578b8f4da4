#include "nn/layers/global_avg_pool.hpp"

namespace condnet::nn {

Dims GlobalAvgPool::infer_shape(const std::vector<Dims>& inputs, const std::string& where) {
  const Dims& in = inputs.at(0);
  if (in.size() != 4)
    fail("{}: input {} is not (C, D, H, W); global_avg_pool averages 3D volumes", where,
         format_dims(in));
  return {in[0]};
}

}  // namespace condnet::nn
