#pragma once
// A stage boundary for pipelining (like a BeginBlock marker): the identity on its input; the
// layers after it, up to the next marker, form the next stage. "device" optionally names
// where the stage should run ("cpu", "cuda:1"); schedulers may ignore it.
#include "nn/config_fields.hpp"
#include "nn/layer.hpp"

namespace condnet::nn {

class Stage final : public Layer {
 public:
  static constexpr OpKind kKind = OpKind::stage;
  explicit Stage(ConfigFields& fields) : device(fields.text("device", "")) {}

  OpKind kind() const override { return kKind; }
  std::string type() const override { return "stage"; }
  nlohmann::json to_json() const override;
  Dims infer_shape(const std::vector<Dims>& inputs, const std::string&) override {
    return inputs.at(0);
  }
  Cost cost(const std::vector<Dims>&, const Dims&) const override { return {}; }

  std::string device;
};

inline nlohmann::json Stage::to_json() const {
  nlohmann::json json{{"type", type()}};
  if (!device.empty()) json["device"] = device;
  return json;
}

}  // namespace condnet::nn
