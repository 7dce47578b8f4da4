#pragma once
// A model as a static graph: nodes in topological order, each a Layer with its inputs, the
// shape of one sample of its output, its stage, and where its tensors live in the model's
// two slabs (parameters; buffers such as running statistics), both fp32 in the layouts the
// ParamSpecs give (PyTorch's). Built from the model JSON, which it dumps back unchanged in
// meaning:
//   {"name": "base", "input": [1, 64, 64, 64], "outputs": ["D_x", "D_y", "D_z"],
//    "layers": [{"type": "conv3d", "name": "conv1", "out_channels": 16, ...}, ...]}
// A layer reads the previous layer's output unless it names its "inputs" ("input" is the
// graph's input); the last layer is the output.
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nn/layer.hpp"

namespace condnet::nn {

// One named tensor in a slab of floats, e.g. "conv1.weight" at [offset, offset + size).
struct TensorSlice {
  std::string name;
  Dims shape;
  std::int64_t offset = 0;  // in floats, a multiple of kSlabAlignment
  std::int64_t size = 0;    // floats
  Init init = Init::zeros;
  std::int64_t fan_in = 0;
};

// Tensors start at multiples of 16 floats (64 bytes) within a slab.
constexpr std::int64_t kSlabAlignment = 16;

constexpr int kGraphInput = -1;

struct Node {
  std::string name;
  std::unique_ptr<Layer> layer;
  std::vector<int> inputs;  // node indices, or kGraphInput
  Dims shape;               // one sample of the output
  int stage = 0;
  bool requires_grad = false;  // the output depends on parameters
  std::vector<TensorSlice> params;
  std::vector<TensorSlice> buffers;
  Cost cost;
};

class Graph {
 public:
  // `source` names the JSON for errors (its path).
  static Graph parse(const nlohmann::json& model, const std::string& source);
  static Graph load(const std::filesystem::path& path);
  // The model JSON in `path`; Error "WHERE: cannot open the model file" or "...: not valid
  // JSON" (`where`: the path, or the option that named it).
  static nlohmann::json read_json(const std::filesystem::path& path, const std::string& where);

  nlohmann::json to_json() const;

  const std::string& name() const { return name_; }
  const Dims& input_shape() const { return input_shape_; }
  // Shape of one sample of a value: node `index`'s output, or the input for kGraphInput.
  const Dims& shape_of(int index) const {
    return index == kGraphInput ? input_shape_ : nodes_[index].shape;
  }
  const Dims& output_shape() const { return nodes_.back().shape; }
  const std::vector<std::string>& output_names() const { return output_names_; }
  const std::vector<Node>& nodes() const { return nodes_; }
  int output() const { return static_cast<int>(nodes_.size()) - 1; }
  int stage_count() const { return nodes_.back().stage + 1; }
  // Per stage, the device its opening stage marker names ({"type": "stage", "device":
  // "cpu:0-3"}; a marker first in the model names stage 0's); "" where none does.
  std::vector<std::string> stage_devices() const;
  // Nodes reading node `index` (kGraphInput for the input), once per edge, in order.
  std::vector<int> consumers(int index) const;

  std::int64_t param_floats() const { return param_floats_; }
  std::int64_t buffer_floats() const { return buffer_floats_; }
  std::int64_t param_count() const;  // trained values, without alignment gaps
  std::vector<TensorSlice> param_slices() const;
  std::vector<TensorSlice> buffer_slices() const;

  // Per sample, fp32: every node's cost added.
  Cost total_cost() const;
  // FLOPs of one training sample: forward, weight gradients, and data gradients wherever
  // a node's input needs them (not for the graph's input unless `input_grad`).
  double training_flops(bool input_grad = false) const;

 private:
  std::string name_;
  Dims input_shape_;
  std::vector<std::string> output_names_;
  std::vector<Node> nodes_;
  std::int64_t param_floats_ = 0;
  std::int64_t buffer_floats_ = 0;
};

}  // namespace condnet::nn
