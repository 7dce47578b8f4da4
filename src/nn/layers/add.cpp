#include "nn/layers/add.hpp"

namespace condnet::nn {

Dims Add::infer_shape(const std::vector<Dims>& inputs, const std::string& where) {
  for (const auto& dims : inputs)
    if (dims != inputs[0])
      fail("{}: inputs {} and {} differ; add needs equal shapes", where, format_dims(inputs[0]),
           format_dims(dims));
  return inputs[0];
}

}  // namespace condnet::nn
