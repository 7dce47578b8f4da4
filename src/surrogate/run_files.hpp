#pragma once
// A training run's directory (`condnet train -o RUN/`):
//   run.json           what is trained and how: {"format": "condnet.run", "format_version": 1,
//                      "model": the model JSON with its input set to the data's cube,
//                      "head": "ratio-sigmoid" (conductivity_head.hpp), "conducting_label": 1,
//                      "options": the training options (train_options.hpp; options.input is
//                      the input encoding, input_encoding.hpp)}
//   metrics.jsonl      one JSON line per finished epoch (train_loop.hpp)
//   last.safetensors   the latest state: weights, optimizer, loop position (for --resume)
//   best.safetensors   the weights of the epoch with the lowest validation loss
//   trace.json         the beginning of the latest call's timeline (Chrome trace events:
//                      every micro-batch's forward and backward, updates, loader waits)
// `condnet predict` and `evaluate` read best.safetensors (last.safetensors when there is no
// validation split) with run.json; any condnet checkpoint file works on its own as well.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "data/input_encoding.hpp"
#include "nn/graph.hpp"

namespace condnet::surrogate {

inline constexpr const char* kRunFormat = "condnet.run";
inline constexpr int kRunVersion = 1;

struct RunPaths {
  std::filesystem::path dir;
  std::filesystem::path run_json() const { return dir / "run.json"; }
  std::filesystem::path metrics() const { return dir / "metrics.jsonl"; }
  std::filesystem::path last() const { return dir / "last.safetensors"; }
  std::filesystem::path best() const { return dir / "best.safetensors"; }
  std::filesystem::path trace() const { return dir / "trace.json"; }
};

// Reads RUN/run.json; Error naming the file when it is missing, not JSON, or of another format.
nlohmann::json read_run_json(const RunPaths& paths);
void write_run_json(const RunPaths& paths, const nlohmann::json& run);
// An existing run is never overwritten: Error naming `option` (-o, output) when paths.dir holds
// run.json or a checkpoint, saying to continue it with `resume` (--resume, resume=).
void refuse_existing_run(const RunPaths& paths, std::string_view option, std::string_view resume);

struct TrainedModel {
  nlohmann::json run;            // run.json, or {} for a bare checkpoint
  data::InputEncoding encoding;  // run.json's options.input; "phase" for a run without it and for a
                                 // bare checkpoint of a 1-channel model
  nn::Graph graph;
  std::vector<float> params, buffers;  // the graph's slabs
  std::filesystem::path checkpoint;
};

// The families the run's training left out (run.json options.exclude_families; `train
// --exclude-family`); empty for a run that saw them all and for a bare checkpoint.
std::vector<std::string> excluded_families(const TrainedModel& model);

// Whether commands may put files of their own into `model` when the user names no place: only
// into a training run the user made, that is a directory holding last.safetensors (condnet train
// writes it every epoch; --resume continues from it) that the user can write to. A shipped model
// (models/pretrained/*: run.json, best.safetensors, metrics.jsonl) has no last.safetensors, and a
// checkpoint file is no directory. Empty when it may; otherwise why not, to finish the sentence
// "MODEL is ...".
std::string why_not_an_output_run(const std::filesystem::path& model);

// `path`: a run directory or a checkpoint file. Error naming the path when it is neither,
// when the checkpoint is damaged, when its model does not output 3 values from one cube of its
// encoding's channels, or when it is a bare checkpoint of a model of more than one channel
// (its encoding is in run.json).
TrainedModel load_trained_model(const std::filesystem::path& path);

}  // namespace condnet::surrogate
