// The headerless .raw reader (voxel/raw_format.hpp) through read_volume. The first 5 bytes of
// an input choose the options a user gives (--shape, --dtype, --order, --endian,
// --header-bytes); the rest is the file.
#include "fuzz_input.hpp"
#include "voxel/volume_io.hpp"

namespace {

constexpr std::size_t kOptionBytes = 5;

// bytes 0-2: extents 0..15 each (0 tests the refusal); byte 3: dtype (low 4 bits), Fortran
// order (bit 4), big endian (bit 5), negative header (bit 6); byte 4: header bytes 0..255.
condnet::voxel::ReadOptions options_of(const std::uint8_t* b) {
  condnet::voxel::ReadOptions options;
  options.shape = condnet::voxel::Shape{b[0] & 15, b[1] & 15, b[2] & 15};
  options.dtype = static_cast<condnet::voxel::ElementType>((b[3] & 15) % 11);
  options.fortran_order = (b[3] & 16) != 0;
  options.big_endian = (b[3] & 32) != 0;
  options.header_bytes = (b[3] & 64) != 0 ? -std::int64_t{b[4]} : std::int64_t{b[4]};
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < kOptionBytes) return 0;
  const auto options = options_of(data);
  const auto path =
      condnet::fuzz::write_input({data + kOptionBytes, size - kOptionBytes}, "input.raw");
  condnet::fuzz::expect_condnet_outcome(
      [&] { condnet::voxel::read_volume(path.string(), options); });
  return 0;
}
