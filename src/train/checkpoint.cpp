#include "train/checkpoint.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "nn/safetensors.hpp"

namespace condnet::train {

namespace {

std::span<const std::byte> bytes_of(std::span<const float> values) { return std::as_bytes(values); }

// Adds one view per slice of `slab`, named prefix + slice name.
void add_slices(std::vector<nn::SafetensorsView>& views, const std::vector<nn::TensorSlice>& slices,
                std::span<const float> slab, const std::string& prefix) {
  for (const auto& slice : slices)
    views.push_back({prefix + slice.name, "F32", slice.shape,
                     bytes_of(slab.subspan(slice.offset, slice.size))});
}

// Fills a slab of `floats` values from the file's tensors prefix + slice name.
std::vector<float> read_slab(const nn::SafetensorsFile& file,
                             const std::vector<nn::TensorSlice>& slices, std::int64_t floats,
                             const std::string& prefix) {
  std::vector<float> slab(floats, 0.0f);
  for (const auto& slice : slices) {
    const auto values = file.floats(prefix + slice.name, &slice.shape);
    std::copy(values.begin(), values.end(), slab.begin() + slice.offset);
  }
  return slab;
}

}  // namespace

void save_checkpoint(const std::filesystem::path& path, const nn::Graph& graph,
                     std::span<const float> params, std::span<const float> buffers,
                     Optimizer* optimizer, std::int64_t step, const nlohmann::json& training) {
  CONDNET_ASSERT(static_cast<std::int64_t>(params.size()) == graph.param_floats());
  CONDNET_ASSERT(static_cast<std::int64_t>(buffers.size()) == graph.buffer_floats());
  std::map<std::string, std::string> metadata{
      {"format", kCheckpointFormat},
      {"format_version", std::to_string(kCheckpointVersion)},
      {"model", graph.to_json().dump()},
      {"step", std::to_string(step)}};
  if (!training.is_null()) metadata["training"] = training.dump();
  std::vector<nn::SafetensorsView> views;
  add_slices(views, graph.param_slices(), params, "");
  add_slices(views, graph.buffer_slices(), buffers, "");
  if (optimizer) {
    metadata["optimizer"] = optimizer->to_json().dump();
    metadata["optimizer_steps"] = std::to_string(optimizer->steps());
    for (const auto& [name, slab] : optimizer->state())
      add_slices(views, graph.param_slices(), slab, "optimizer." + name + ".");
  }
  nn::write_safetensors(path, metadata, views);
}

CheckpointData load_checkpoint(const std::filesystem::path& path) {
  const auto file = nn::SafetensorsFile::read(path);
  const auto& metadata = file.metadata();
  const auto format = metadata.find("format");
  if (format == metadata.end() || format->second != kCheckpointFormat)
    fail(
        "{}: a safetensors file but not a condnet checkpoint (no metadata format = {}); give a "
        "checkpoint written by condnet",
        path.string(), kCheckpointFormat);
  const auto version = metadata.find("format_version");
  const std::string found = version == metadata.end() ? "none" : version->second;
  if (found != std::to_string(kCheckpointVersion))
    fail(
        "{}: condnet checkpoint version {}, but this condnet reads version {}; use the condnet "
        "that wrote it or retrain",
        path.string(), found, kCheckpointVersion);

  CheckpointData data;
  try {
    data.model = nlohmann::json::parse(metadata.at("model"));
    data.step = std::stoll(metadata.at("step"));
    if (metadata.count("training")) data.training = nlohmann::json::parse(metadata.at("training"));
    if (metadata.count("optimizer")) {
      data.optimizer = nlohmann::json::parse(metadata.at("optimizer"));
      data.optimizer_steps = std::stoll(metadata.at("optimizer_steps"));
    }
  } catch (const std::exception&) {
    fail("{}: damaged checkpoint metadata (model, step, training or optimizer)", path.string());
  }
  const auto graph = nn::Graph::parse(data.model, path.string() + " (model metadata)");
  data.params = read_slab(file, graph.param_slices(), graph.param_floats(), "");
  data.buffers = read_slab(file, graph.buffer_slices(), graph.buffer_floats(), "");
  if (!data.optimizer.is_null()) {
    const std::string type = data.optimizer.value("type", "");
    const std::vector<std::string> names = type == "sgd"
                                               ? std::vector<std::string>{"momentum_buffer"}
                                               : std::vector<std::string>{"exp_avg", "exp_avg_sq"};
    for (const auto& name : names) {
      const std::string prefix = "optimizer." + name + ".";
      const auto slices = graph.param_slices();
      if (!slices.empty() && file.contains(prefix + slices.front().name))
        data.optimizer_state[name] =
            read_slab(file, graph.param_slices(), graph.param_floats(), prefix);
    }
  }
  return data;
}

void restore_optimizer(const CheckpointData& data, const std::filesystem::path& path,
                       Optimizer& optimizer) {
  if (data.optimizer.is_null())
    fail("{}: the checkpoint holds no optimizer state; start the optimizer afresh", path.string());
  if (data.optimizer.value("type", "") != optimizer.type())
    fail("{}: the checkpoint holds {} state, not {}", path.string(),
         data.optimizer.value("type", "?"), optimizer.type());
  for (const auto& [name, slab] : optimizer.state()) {
    const auto found = data.optimizer_state.find(name);
    if (found == data.optimizer_state.end() || found->second.size() != slab.size())
      fail("{}: the checkpoint lacks optimizer state '{}' for this model", path.string(), name);
    std::copy(found->second.begin(), found->second.end(), slab.begin());
  }
  optimizer.set_steps(data.optimizer_steps);
}

}  // namespace condnet::train
