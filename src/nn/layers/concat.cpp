#include "nn/layers/concat.hpp"

#include <algorithm>

namespace condnet::nn {

Dims Concat::infer_shape(const std::vector<Dims>& inputs, const std::string& where) {
  Dims out = inputs[0];
  for (std::size_t i = 1; i < inputs.size(); ++i) {
    const Dims& dims = inputs[i];
    if (dims.size() != out.size() || !std::equal(dims.begin() + 1, dims.end(), out.begin() + 1))
      fail("{}: inputs {} and {} differ beyond the channel axis; concat joins channels", where,
           format_dims(inputs[0]), format_dims(dims));
    out[0] += dims[0];
  }
  return out;
}

}  // namespace condnet::nn
