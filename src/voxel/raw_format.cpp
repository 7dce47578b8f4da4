#include "voxel/raw_format.hpp"

#include <bit>

#include "core/error.hpp"
#include "voxel/binary_file.hpp"

namespace condnet::voxel {

namespace {

// "--shape 100,100,101 --dtype uint8 [--order F] [--endian big] [--header-bytes 512]"
std::string describe(const RawLayout& layout) {
  std::string text = fmt::format("--shape {},{},{} --dtype {}", layout.shape.nx, layout.shape.ny,
                                 layout.shape.nz, dtype_name(layout.dtype));
  if (layout.fortran_order) text += " --order F";
  if (layout.big_endian) text += " --endian big";
  if (layout.header_bytes != 0) text += fmt::format(" --header-bytes {}", layout.header_bytes);
  return text;
}

}  // namespace

RawArray read_raw(const std::filesystem::path& path, const RawLayout& layout) {
  const Shape& s = layout.shape;
  if (s.nx <= 0 || s.ny <= 0 || s.nz <= 0)
    fail("{}: {} is not a volume shape; allowed: three positive extents", path.string(),
         describe(layout));
  if (layout.header_bytes < 0)
    fail("{}: --header-bytes {} is negative; allowed: 0 or more bytes to skip", path.string(),
         layout.header_bytes);
  std::int64_t data_bytes = static_cast<std::int64_t>(dtype_size(layout.dtype));
  std::int64_t needed = 0;
  if (__builtin_mul_overflow(data_bytes, s.nx, &data_bytes) ||
      __builtin_mul_overflow(data_bytes, s.ny, &data_bytes) ||
      __builtin_mul_overflow(data_bytes, s.nz, &data_bytes) ||
      __builtin_add_overflow(data_bytes, layout.header_bytes, &needed))
    fail("{}: {} describes more bytes than a file can hold; check --shape/--dtype", path.string(),
         describe(layout));

  BinaryReader file(path);
  if (file.size() != static_cast<std::uint64_t>(needed))
    fail(
        "{}: {} bytes, but {} needs {} (allowed: a file of exactly that size; check "
        "--shape/--dtype)",
        path.string(), file.size(), describe(layout), needed);

  RawArray array{s, layout.dtype, std::vector<std::uint8_t>(static_cast<std::size_t>(data_bytes)),
                 std::nullopt};
  file.read(static_cast<std::uint64_t>(layout.header_bytes), array.bytes);
  if (layout.big_endian != (std::endian::native == std::endian::big))
    swap_element_bytes(array.bytes, dtype_size(layout.dtype));
  if (layout.fortran_order) fortran_to_c_order(array);
  return array;
}

void write_raw(const RawArray& array, const std::filesystem::path& path) {
  CONDNET_ASSERT(array.bytes.size() ==
                 static_cast<std::size_t>(array.shape.count()) * dtype_size(array.dtype));
  write_file_atomically(path, {array.bytes});
}

}  // namespace condnet::voxel
