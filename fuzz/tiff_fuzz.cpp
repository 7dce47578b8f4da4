// The TIFF reader (voxel/tiff_format.hpp) through read_volume, as `condnet solve x.tif` reads.
#include "fuzz_input.hpp"
#include "voxel/volume_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = condnet::fuzz::write_input({data, size}, "input.tif");
  condnet::fuzz::expect_condnet_outcome([&] { condnet::voxel::read_volume(path.string()); });
  return 0;
}
