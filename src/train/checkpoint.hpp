#pragma once
// Training checkpoints as .safetensors files that Python's safetensors and PyTorch read:
//   tensors  "conv1.weight", "bn1.running_mean", ... (PyTorch state_dict names and layouts),
//            "optimizer.exp_avg.conv1.weight", ... (optimizer state per parameter), all F32;
//   metadata "format": "condnet.checkpoint", "format_version": "1", "model": the model JSON,
//            "optimizer": its hyper-parameters (JSON), "optimizer_steps": its update count,
//            "step": the training step, "training": the training loop's own state (JSON; only
//            when the loop gives one).
// A file that is not a safetensors file, not a condnet checkpoint, or of another version is
// refused with a message saying which and what to do.
#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "nn/graph.hpp"
#include "train/optimizer.hpp"

namespace condnet::train {

constexpr const char* kCheckpointFormat = "condnet.checkpoint";
constexpr int kCheckpointVersion = 1;

struct CheckpointData {
  nlohmann::json model;      // build the graph with nn::Graph::parse
  nlohmann::json optimizer;  // hyper-parameters; null when none was saved
  std::int64_t optimizer_steps = 0;
  std::int64_t step = 0;
  nlohmann::json training;     // the loop's state; null when none was saved
  std::vector<float> params;   // the graph's parameter slab
  std::vector<float> buffers;  // its buffer slab
  std::map<std::string, std::vector<float>> optimizer_state;  // "exp_avg" -> slab
};

// params/buffers: the graph's slabs (param_floats(), buffer_floats() values). `optimizer`
// may be null. Written atomically.
void save_checkpoint(const std::filesystem::path& path, const nn::Graph& graph,
                     std::span<const float> params, std::span<const float> buffers,
                     Optimizer* optimizer, std::int64_t step,
                     const nlohmann::json& training = nullptr);

CheckpointData load_checkpoint(const std::filesystem::path& path);

// Copies the saved state into `optimizer` (same type and slab size); throws naming the file
// when the checkpoint holds another optimizer or none.
void restore_optimizer(const CheckpointData& data, const std::filesystem::path& path,
                       Optimizer& optimizer);

}  // namespace condnet::train
