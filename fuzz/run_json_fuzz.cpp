// The run.json reader (surrogate/run_files.hpp) and what `condnet train --resume RUN` takes
// from it: the training options and the model.
#include "fuzz_input.hpp"
#include "nn/graph.hpp"
#include "surrogate/run_files.hpp"
#include "surrogate/train_options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = condnet::fuzz::write_input({data, size}, "run/run.json");
  condnet::fuzz::expect_condnet_outcome([&] {
    const auto run = condnet::surrogate::read_run_json({path.parent_path()});
    condnet::surrogate::TrainOptions::from_json(run.at("options"), path.string());
    condnet::nn::Graph::parse(run.at("model"), path.string());
  });
  return 0;
}
