// The model JSON reader (nn/graph.hpp): Graph::load as `condnet train --model x.json` reads,
// then dumped back.
#include "fuzz_input.hpp"
#include "nn/graph.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = condnet::fuzz::write_input({data, size}, "model.json");
  condnet::fuzz::expect_condnet_outcome([&] { condnet::nn::Graph::load(path).to_json(); });
  return 0;
}
