// The HDF5 volume reader (voxel/hdf5_format.hpp) through read_volume, as
// `condnet solve x.h5:/volume` reads.
#include "fuzz_input.hpp"
#include "voxel/volume_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = condnet::fuzz::write_input({data, size}, "input.h5");
  condnet::fuzz::expect_condnet_outcome(
      [&] { condnet::voxel::read_volume(path.string() + ":/volume"); });
  return 0;
}
