// The .safetensors reader (nn/safetensors.hpp) and the checkpoint reader on top of it
// (train/checkpoint.hpp), as `condnet predict x.safetensors` reads.
#include "fuzz_input.hpp"
#include "nn/safetensors.hpp"
#include "train/checkpoint.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = condnet::fuzz::write_input({data, size}, "input.safetensors");
  condnet::fuzz::expect_condnet_outcome([&] {
    const auto file = condnet::nn::SafetensorsFile::read(path);
    for (const auto& [name, entry] : file.entries())
      if (entry.dtype == "F32") file.floats(name);
  });
  condnet::fuzz::expect_condnet_outcome([&] { condnet::train::load_checkpoint(path); });
  return 0;
}
