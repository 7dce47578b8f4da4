#pragma once
// Batch normalisation over (N, D, H, W) per channel of x (N, C, D, H, W):
// y = weight * (x - mean) / sqrt(var + eps) + bias. Training uses the batch's mean and biased
// variance and updates running_mean/running_var with `momentum` (the unbiased variance, as
// PyTorch); inference uses the running statistics.
#include "nn/config_fields.hpp"
#include "nn/layer.hpp"

namespace condnet::nn {

class BatchNorm3d final : public Layer {
 public:
  static constexpr OpKind kKind = OpKind::batchnorm3d;
  explicit BatchNorm3d(ConfigFields& fields);

  OpKind kind() const override { return kKind; }
  std::string type() const override { return "batchnorm3d"; }
  nlohmann::json to_json() const override;
  Dims infer_shape(const std::vector<Dims>& inputs, const std::string& where) override;
  std::vector<ParamSpec> parameters() const override;
  std::vector<ParamSpec> buffers() const override;
  Cost cost(const std::vector<Dims>& inputs, const Dims& output) const override;

  std::int64_t channels = 0;
  double eps = 1e-5;
  double momentum = 0.1;
};

}  // namespace condnet::nn
