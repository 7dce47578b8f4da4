#include "nn/layer_registry.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <functional>
#include <map>

#include "nn/layers/activation.hpp"
#include "nn/layers/add.hpp"
#include "nn/layers/batchnorm3d.hpp"
#include "nn/layers/concat.hpp"
#include "nn/layers/conv3d.hpp"
#include "nn/layers/dropout.hpp"
#include "nn/layers/flatten.hpp"
#include "nn/layers/global_avg_pool.hpp"
#include "nn/layers/linear.hpp"
#include "nn/layers/pool3d.hpp"
#include "nn/layers/stage.hpp"

namespace condnet::nn {

namespace {

using Factory = std::function<std::unique_ptr<Layer>(ConfigFields&)>;

template <typename T>
Factory plain() {
  return [](ConfigFields& fields) { return std::make_unique<T>(fields); };
}

Factory activation(ActivationKind function) {
  return
      [function](ConfigFields& fields) { return std::make_unique<Activation>(function, fields); };
}

Factory pool(PoolKind kind) {
  return [kind](ConfigFields& fields) { return std::make_unique<Pool3d>(kind, fields); };
}

const std::map<std::string, Factory>& factories() {
  static const std::map<std::string, Factory> table{
      {"conv3d", plain<Conv3d>()},
      {"batchnorm3d", plain<BatchNorm3d>()},
      {"relu", activation(ActivationKind::relu)},
      {"leaky_relu", activation(ActivationKind::leaky_relu)},
      {"gelu", activation(ActivationKind::gelu)},
      {"sigmoid", activation(ActivationKind::sigmoid)},
      {"maxpool3d", pool(PoolKind::max)},
      {"avgpool3d", pool(PoolKind::avg)},
      {"global_avg_pool", plain<GlobalAvgPool>()},
      {"linear", plain<Linear>()},
      {"add", plain<Add>()},
      {"concat", plain<Concat>()},
      {"dropout", plain<Dropout>()},
      {"flatten", plain<Flatten>()},
      {"stage", plain<Stage>()},
  };
  return table;
}

}  // namespace

std::vector<std::string> layer_types() {
  std::vector<std::string> names;
  for (const auto& [name, factory] : factories()) names.push_back(name);
  return names;
}

std::unique_ptr<Layer> make_layer(const nlohmann::json& object, const std::string& where) {
  if (!object.is_object() || !object.contains("type") || !object["type"].is_string())
    fail("{}: a layer must be an object with a \"type\" (one of {})", where,
         fmt::join(layer_types(), ", "));
  const auto type = object["type"].get<std::string>();
  const auto found = factories().find(type);
  if (found == factories().end())
    fail("{}: unknown layer type \"{}\" (allowed: {})", where, type,
         fmt::join(layer_types(), ", "));
  // "name" and "inputs" belong to the graph, not to the layer.
  ConfigFields fields(object, where, {"type", "name", "inputs"});
  auto layer = found->second(fields);
  fields.finish();
  return layer;
}

}  // namespace condnet::nn
