#pragma once
// 3D convolution: x (N, Ci, D, H, W) -> y (N, Co, Do, Ho, Wo), weight (Co, Ci, kd, kh, kw),
// bias (Co). Do = floor((D + 2 pd - dd (kd - 1) - 1) / sd) + 1, likewise H and W.
#include <array>

#include "nn/config_fields.hpp"
#include "nn/layer.hpp"

namespace condnet::nn {

class Conv3d final : public Layer {
 public:
  static constexpr OpKind kKind = OpKind::conv3d;
  explicit Conv3d(ConfigFields& fields);

  OpKind kind() const override { return kKind; }
  std::string type() const override { return "conv3d"; }
  nlohmann::json to_json() const override;
  Dims infer_shape(const std::vector<Dims>& inputs, const std::string& where) override;
  std::vector<ParamSpec> parameters() const override;
  Cost cost(const std::vector<Dims>& inputs, const Dims& output) const override;

  std::int64_t in_channels = 0;  // 0 in the JSON means "take it from the input"
  std::int64_t out_channels = 0;
  std::array<std::int64_t, 3> kernel{};
  std::array<std::int64_t, 3> stride{};
  std::array<std::int64_t, 3> padding{};
  std::array<std::int64_t, 3> dilation{};
  bool bias = true;
};

}  // namespace condnet::nn
