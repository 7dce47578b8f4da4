#pragma once
// The factory that turns a layer's JSON object into a Layer, keyed on its "type".
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nn/layer.hpp"

namespace condnet::nn {

// Builds the layer `object` describes; `where` names it for errors. Unknown types and
// unknown or malformed fields throw Error naming what is allowed.
std::unique_ptr<Layer> make_layer(const nlohmann::json& object, const std::string& where);

// The "type" names make_layer accepts.
std::vector<std::string> layer_types();

}  // namespace condnet::nn
