#pragma once
// One layer of a model: its hyper-parameters (read from and dumped back to the model JSON),
// shape inference, parameter shapes and cost. Layers hold no tensors; backends read the
// hyper-parameters through as<T>() and run their own kernels.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "nn/dims.hpp"

namespace condnet::nn {

enum class OpKind {
  conv3d,
  batchnorm3d,
  activation,  // relu, leaky_relu, gelu, sigmoid
  pool3d,      // maxpool3d, avgpool3d
  global_avg_pool,
  linear,
  add,
  concat,
  dropout,
  flatten,
  stage,
};

// How a parameter or buffer starts: Kaiming-normal from a seed, or a constant.
enum class Init { kaiming_normal, zeros, ones };

// One tensor a layer owns, e.g. the weight of a conv: (Co, Ci, kd, kh, kw).
struct ParamSpec {
  std::string suffix;  // "weight", "bias", "running_mean", ...
  Dims shape;
  Init init = Init::zeros;
  std::int64_t fan_in = 0;  // for kaiming_normal: std = sqrt(2 / fan_in)
};

// Work of one sample in fp32: FLOPs (a multiply-add is 2) and bytes moved (activations and
// parameters read and written, once each).
struct Cost {
  double forward_flops = 0;
  double backward_data_flops = 0;     // d(inputs) from d(output)
  double backward_weights_flops = 0;  // d(parameters)
  double forward_bytes = 0;
  double backward_bytes = 0;
};

class Layer {
 public:
  virtual ~Layer() = default;

  virtual OpKind kind() const = 0;
  // The "type" the model JSON names ("conv3d", "relu", ...).
  virtual std::string type() const = 0;
  // Every hyper-parameter, "type" included, so that make_layer(to_json()) rebuilds the layer.
  virtual nlohmann::json to_json() const = 0;

  // The output shape of one sample from the inputs' shapes. Records what it infers (input
  // channels, ...). `where` names the layer ("models/a.json: layer 'conv2' (conv3d)");
  // a misfit throws Error "WHERE: input (8, 3, 3, 3) is smaller than kernel 5 ...".
  virtual Dims infer_shape(const std::vector<Dims>& inputs, const std::string& where) = 0;
  // Inputs accepted: add and concat take several, everything else one.
  virtual int min_inputs() const { return 1; }
  virtual int max_inputs() const { return 1; }

  // Trained parameters and non-trained buffers (running statistics); valid after
  // infer_shape.
  virtual std::vector<ParamSpec> parameters() const { return {}; }
  virtual std::vector<ParamSpec> buffers() const { return {}; }

  // Cost of one sample; valid after infer_shape. The default suits element-wise layers.
  virtual Cost cost(const std::vector<Dims>& inputs, const Dims& output) const;

  template <typename T>
  const T& as() const {
    CONDNET_ASSERT(kind() == T::kKind);
    return static_cast<const T&>(*this);
  }
};

std::string to_string(OpKind kind);

}  // namespace condnet::nn
