#pragma once
// 3D max or average pooling: x (N, C, D, H, W) -> y (N, C, Do, Ho, Wo),
// Do = floor((D + 2 pd - kd) / sd) + 1. Max pooling pads with -infinity; average pooling
// divides by the whole window (count_include_pad, PyTorch's default) or by its valid part.
#include <array>

#include "nn/config_fields.hpp"
#include "nn/layer.hpp"

namespace condnet::nn {

enum class PoolKind { max, avg };

class Pool3d final : public Layer {
 public:
  static constexpr OpKind kKind = OpKind::pool3d;
  Pool3d(PoolKind pool, ConfigFields& fields);

  OpKind kind() const override { return kKind; }
  std::string type() const override { return pool == PoolKind::max ? "maxpool3d" : "avgpool3d"; }
  nlohmann::json to_json() const override;
  Dims infer_shape(const std::vector<Dims>& inputs, const std::string& where) override;
  Cost cost(const std::vector<Dims>& inputs, const Dims& output) const override;

  PoolKind pool;
  std::array<std::int64_t, 3> kernel{};
  std::array<std::int64_t, 3> stride{};  // defaults to the kernel
  std::array<std::int64_t, 3> padding{};
  bool count_include_pad = true;  // avg only
};

}  // namespace condnet::nn
