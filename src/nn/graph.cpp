#include "nn/graph.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>

#include "nn/layer_registry.hpp"
#include "nn/layers/stage.hpp"

namespace condnet::nn {

namespace {

std::int64_t align_up(std::int64_t value) {
  return (value + kSlabAlignment - 1) / kSlabAlignment * kSlabAlignment;
}

Dims parse_input_shape(const nlohmann::json& model, const std::string& source) {
  const auto bad = [&] {
    fail("{}: \"input\" must be the shape of one sample, [C, D, H, W] or [F], positive integers",
         source);
  };
  if (!model.contains("input") || !model["input"].is_array()) bad();
  Dims dims;
  for (const auto& extent : model["input"]) {
    if (!extent.is_number_integer() || extent.get<std::int64_t>() < 1) bad();
    dims.push_back(extent.get<std::int64_t>());
  }
  if (dims.size() != 1 && dims.size() != 4) bad();
  return dims;
}

std::vector<std::string> parse_output_names(const nlohmann::json& model,
                                            const std::string& source) {
  std::vector<std::string> names;
  if (!model.contains("outputs")) return names;
  const auto& outputs = model["outputs"];
  if (!outputs.is_array()) fail("{}: \"outputs\" must be a list of names", source);
  for (const auto& name : outputs) {
    if (!name.is_string()) fail("{}: \"outputs\" must be a list of names", source);
    names.push_back(name.get<std::string>());
  }
  return names;
}

// The slices a node's specs take in a slab, appended at `floats` (advanced).
std::vector<TensorSlice> place(const std::string& node, const std::vector<ParamSpec>& specs,
                               std::int64_t& floats) {
  std::vector<TensorSlice> slices;
  for (const auto& spec : specs) {
    TensorSlice slice{node + "." + spec.suffix,  spec.shape, floats,
                      element_count(spec.shape), spec.init,  spec.fan_in};
    floats = align_up(floats + slice.size);
    slices.push_back(std::move(slice));
  }
  return slices;
}

}  // namespace

Graph Graph::parse(const nlohmann::json& model, const std::string& source) {
  if (!model.is_object()) fail("{}: a model must be a JSON object", source);
  for (const auto& [key, value] : model.items())
    if (key != "name" && key != "input" && key != "outputs" && key != "layers" &&
        key != "description")
      fail("{}: unknown field '{}' (allowed: name, description, input, outputs, layers)", source,
           key);
  Graph graph;
  if (model.contains("name") && !model["name"].is_string())
    fail("{}: \"name\" is {}, not a string", source, model["name"].dump());
  graph.name_ = model.value("name", "model");
  graph.input_shape_ = parse_input_shape(model, source);
  graph.output_names_ = parse_output_names(model, source);
  if (!model.contains("layers") || !model["layers"].is_array() || model["layers"].empty())
    fail("{}: \"layers\" must be a non-empty list of layer objects", source);

  std::map<std::string, int> index_of{{"input", kGraphInput}};
  int stage = 0;
  for (const auto& object : model["layers"]) {
    const int index = static_cast<int>(graph.nodes_.size());
    // The type as written, for messages; make_layer refuses a missing or non-string one.
    const std::string type =
        object.is_object() && object.contains("type") && object["type"].is_string()
            ? object["type"].get<std::string>()
            : "?";
    Node node;
    node.name = object.is_object() && object.contains("name") && object["name"].is_string()
                    ? object["name"].get<std::string>()
                    : fmt::format("{}{}", type, index);
    const std::string where = fmt::format("{}: layer '{}' ({})", source, node.name, type);
    if (index_of.count(node.name))
      fail("{}: the name '{}' is taken; layer names must be unique and not \"input\"", where,
           node.name);
    node.layer = make_layer(object, where);

    if (object.contains("inputs")) {
      const auto& inputs = object["inputs"];
      if (!inputs.is_array())
        fail("{}: \"inputs\" must be a list of earlier layer names or \"input\"", where);
      for (const auto& input : inputs) {
        const auto found =
            input.is_string() ? index_of.find(input.get<std::string>()) : index_of.end();
        if (found == index_of.end())
          fail("{}: input {} is not \"input\" or the name of an earlier layer", where,
               input.dump());
        node.inputs.push_back(found->second);
      }
    } else {
      node.inputs.push_back(index - 1);  // the previous layer, or the graph input
    }
    const int count = static_cast<int>(node.inputs.size());
    if (count < node.layer->min_inputs() || count > node.layer->max_inputs())
      fail("{}: takes {} to {} inputs, got {}", where, node.layer->min_inputs(),
           node.layer->max_inputs(), count);

    std::vector<Dims> shapes;
    for (const int input : node.inputs)
      shapes.push_back(input == kGraphInput ? graph.input_shape_ : graph.nodes_[input].shape);
    node.shape = node.layer->infer_shape(shapes, where);
    node.cost = node.layer->cost(shapes, node.shape);
    if (node.layer->kind() == OpKind::stage && index > 0) ++stage;
    node.stage = stage;
    node.params = place(node.name, node.layer->parameters(), graph.param_floats_);
    node.buffers = place(node.name, node.layer->buffers(), graph.buffer_floats_);
    node.requires_grad = !node.params.empty();
    for (const int input : node.inputs)
      if (input != kGraphInput && graph.nodes_[input].requires_grad) node.requires_grad = true;
    index_of[node.name] = index;
    graph.nodes_.push_back(std::move(node));
  }

  for (int index = 0; index + 1 < static_cast<int>(graph.nodes_.size()); ++index)
    if (graph.consumers(index).empty())
      fail("{}: the output of layer '{}' is never used; only the last layer may be unread", source,
           graph.nodes_[index].name);
  const auto& out = graph.output_shape();
  if (!graph.output_names_.empty() &&
      (out.size() != 1 || out[0] != static_cast<std::int64_t>(graph.output_names_.size())))
    fail("{}: \"outputs\" names {} values but the last layer gives {}", source,
         graph.output_names_.size(), format_dims(out));
  return graph;
}

nlohmann::json Graph::read_json(const std::filesystem::path& path, const std::string& where) {
  std::ifstream file(path);
  if (!file) fail("{}: cannot open the model file", where);
  try {
    return nlohmann::json::parse(file);
  } catch (const nlohmann::json::exception& e) {  // parse_error; out_of_range: 1e999
    fail("{}: not valid JSON ({})", where, e.what());
  }
}

Graph Graph::load(const std::filesystem::path& path) {
  return parse(read_json(path, path.string()), path.string());
}

nlohmann::json Graph::to_json() const {
  nlohmann::json layers = nlohmann::json::array();
  for (std::size_t index = 0; index < nodes_.size(); ++index) {
    const Node& node = nodes_[index];
    nlohmann::json layer = node.layer->to_json();
    layer["name"] = node.name;
    const bool follows_previous =
        node.inputs.size() == 1 && node.inputs[0] == static_cast<int>(index) - 1;
    if (!follows_previous) {
      nlohmann::json inputs = nlohmann::json::array();
      for (const int input : node.inputs)
        inputs.push_back(input == kGraphInput ? "input" : nodes_[input].name);
      layer["inputs"] = inputs;
    }
    layers.push_back(layer);
  }
  nlohmann::json model{{"name", name_}, {"input", input_shape_}, {"layers", layers}};
  if (!output_names_.empty()) model["outputs"] = output_names_;
  return model;
}

std::vector<int> Graph::consumers(int index) const {
  std::vector<int> result;
  for (int node = 0; node < static_cast<int>(nodes_.size()); ++node)
    for (const int input : nodes_[node].inputs)
      if (input == index) result.push_back(node);
  return result;
}

std::int64_t Graph::param_count() const {
  std::int64_t count = 0;
  for (const auto& slice : param_slices()) count += slice.size;
  return count;
}

std::vector<TensorSlice> Graph::param_slices() const {
  std::vector<TensorSlice> slices;
  for (const auto& node : nodes_)
    slices.insert(slices.end(), node.params.begin(), node.params.end());
  return slices;
}

std::vector<TensorSlice> Graph::buffer_slices() const {
  std::vector<TensorSlice> slices;
  for (const auto& node : nodes_)
    slices.insert(slices.end(), node.buffers.begin(), node.buffers.end());
  return slices;
}

Cost Graph::total_cost() const {
  Cost total;
  for (const auto& node : nodes_) {
    total.forward_flops += node.cost.forward_flops;
    total.backward_data_flops += node.cost.backward_data_flops;
    total.backward_weights_flops += node.cost.backward_weights_flops;
    total.forward_bytes += node.cost.forward_bytes;
    total.backward_bytes += node.cost.backward_bytes;
  }
  return total;
}

double Graph::training_flops(bool input_grad) const {
  double flops = 0;
  for (const auto& node : nodes_) {
    flops += node.cost.forward_flops + node.cost.backward_weights_flops;
    bool needs_data_grad = false;
    for (const int input : node.inputs)
      needs_data_grad |= input == kGraphInput ? input_grad : nodes_[input].requires_grad;
    if (needs_data_grad) flops += node.cost.backward_data_flops;
  }
  return flops;
}

std::vector<std::string> Graph::stage_devices() const {
  std::vector<std::string> devices(static_cast<std::size_t>(stage_count()));
  for (const auto& node : nodes_)
    if (node.layer->kind() == OpKind::stage) {
      const auto& device = static_cast<const Stage&>(*node.layer).device;
      if (!device.empty()) devices[static_cast<std::size_t>(node.stage)] = device;
    }
  return devices;
}

}  // namespace condnet::nn
