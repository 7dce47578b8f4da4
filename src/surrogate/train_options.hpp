#pragma once
// The settings of a training run, as `condnet train` takes them and RUN/run.json keeps them
// (so `--resume RUN/` continues with exactly the same ones).
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace condnet::surrogate {

struct TrainOptions {
  std::vector<std::string> data;  // dataset files; train and val splits are read from each
  std::vector<std::string> exclude_families;  // samples of these families are left out
  std::string model = "models/base.json";
  std::string input = "spanning";  // the input encoding (input_encoding.hpp); runs without
                                   // this field were trained with "phase"
  std::string device = "cpu";
  std::int64_t batch = 16;  // micro-batch
  std::int64_t accum = 1;   // micro-batches per optimizer step
  std::int64_t epochs = 30;
  std::string optimizer = "adamw";
  double lr = 2e-3;
  double weight_decay = 1e-4;
  std::string lr_schedule = "cosine";  // cosine | constant | step
  std::int64_t warmup = 100;           // steps of linear warm-up
  double min_lr = 1e-5;                // cosine's final rate
  std::string loss = "mse";            // on D_eff / eps (conductivity_head.hpp)
  std::int64_t patience = 0;           // early stopping: epochs without a better val loss; 0 off
  std::string precision = "fp32";
  std::uint64_t seed = 0;
  bool augment = true;                  // the cube's 48 symmetries
  std::int64_t checkpoint_every = 500;  // steps; also at every epoch's end and on Ctrl-C
  std::int64_t stages = 1;              // pipeline stages (pipeline/), one device each
  // One device per stage ("cpu:0-3"); empty: the markers' or automatic core groups
  // (pipelined_training.hpp).
  std::vector<std::string> devices;
  std::string pipeline_schedule = "1f1b";  // gpipe | 1f1b
  std::string split = "markers";           // markers (the model's) | balanced (measured)
  std::int64_t device_iterations = 1;      // optimizer steps per host call (K)
  bool overlap_reduce = true;  // replicas: sum gradients while backward work goes on (one
                               // device: the last micro-batch's; stages: those of the stages
                               // before); false: after every backward
  std::string init_from;       // a run or checkpoint of the same architecture to
                               // start from (fine-tuning); empty: random weights

  nlohmann::json to_json() const;
  // Error naming `where` on an unknown field or a wrong type; a missing field keeps its
  // default (runs written before the field existed).
  static TrainOptions from_json(const nlohmann::json& json, const std::string& where);
  // Error naming `where` and the option when a count or rate is out of range (the command line
  // checks the same as it parses; this is for options that arrive as JSON, e.g. from Python).
  void check(const std::string& where) const;
};

}  // namespace condnet::surrogate
