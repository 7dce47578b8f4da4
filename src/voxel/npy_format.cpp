#include "voxel/npy_format.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "voxel/binary_file.hpp"
#include "voxel/claimed_size.hpp"
#include "voxel/npy_header.hpp"

namespace condnet::voxel {

namespace {

constexpr std::array<std::uint8_t, 6> kMagic = {0x93, 'N', 'U', 'M', 'P', 'Y'};
constexpr std::size_t kDataAlignment = 64;

// The dtype codes condnet reads, without the byte-order character.
struct NpyCode {
  std::string_view code;
  ElementType dtype;
};
constexpr std::array<NpyCode, 11> kCodes = {{
    {"b1", ElementType::boolean},
    {"u1", ElementType::uint8},
    {"i1", ElementType::int8},
    {"u2", ElementType::uint16},
    {"i2", ElementType::int16},
    {"u4", ElementType::uint32},
    {"i4", ElementType::int32},
    {"u8", ElementType::uint64},
    {"i8", ElementType::int64},
    {"f4", ElementType::float32},
    {"f8", ElementType::float64},
}};

constexpr char kNativeOrder = std::endian::native == std::endian::little ? '<' : '>';

std::string allowed_descrs() {
  std::string names;
  for (const auto& entry : kCodes)
    names += fmt::format("{}{}, ", entry.code.back() == '1' ? '|' : '<', entry.code);
  names.resize(names.size() - 2);
  return names + " and their big-endian '>' forms";
}

struct NpyElement {
  ElementType dtype;
  bool swap_bytes;
};

NpyElement element_of(const NpyHeader& header, const std::filesystem::path& path) {
  const std::string_view descr = header.descr;
  if (header.descr_is_string && descr.size() >= 2) {
    const char order = descr[0];
    for (const auto& entry : kCodes) {
      if (entry.code != descr.substr(1)) continue;
      const bool one_byte = dtype_size(entry.dtype) == 1;
      if (one_byte && (order == '|' || order == '<' || order == '>')) return {entry.dtype, false};
      if (!one_byte && (order == '<' || order == '>')) return {entry.dtype, order != kNativeOrder};
    }
  }
  fail("{}: unsupported .npy dtype {}'{}'; allowed: {}", path.string(),
       header.descr_is_string ? "" : "(structured) ", descr, allowed_descrs());
}

std::string python_tuple(const std::vector<std::int64_t>& shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i)
    text += fmt::format("{}{}", i == 0 ? "" : ", ", shape[i]);
  return text + (shape.size() == 1 ? ",)" : ")");
}

// (x, y, z) from a 3D shape, or (1, H, W) from a 2D one.
Shape volume_shape(const NpyHeader& header, const std::filesystem::path& path) {
  const auto& s = header.shape;
  if (s.size() != 2 && s.size() != 3)
    fail(
        "{}: .npy array has shape {} ({}D); allowed: a 3D array (x, y, z) or a 2D image (H, W), "
        "read as 1 x H x W",
        path.string(), python_tuple(s), s.size());
  for (const std::int64_t extent : s)
    if (extent == 0)
      fail("{}: .npy array of shape {} is empty; a volume needs at least one voxel", path.string(),
           python_tuple(s));
  return s.size() == 3 ? Shape{s[0], s[1], s[2]} : Shape{1, s[0], s[1]};
}

std::uint64_t little_endian_value(std::span<const std::uint8_t> bytes) {
  std::uint64_t value = 0;
  for (std::size_t i = bytes.size(); i-- > 0;) value = (value << 8) | bytes[i];
  return value;
}

void write_npy_bytes(std::span<const std::uint8_t> data, ElementType dtype, Shape shape,
                     const std::filesystem::path& path) {
  CONDNET_ASSERT(data.size() == static_cast<std::size_t>(shape.count()) * dtype_size(dtype));
  const auto code = kCodes[static_cast<std::size_t>(dtype)];
  CONDNET_ASSERT(code.dtype == dtype);
  const char order = dtype_size(dtype) == 1 ? '|' : kNativeOrder;
  const std::string dict =
      format_npy_header(fmt::format("{}{}", order, code.code), {shape.nx, shape.ny, shape.nz});

  // Prefix: magic, version (major, minor), header length (2 bytes in 1.0, 4 bytes in 2.0).
  // The header is the dict, spaces, and '\n', ending at a multiple of kDataAlignment.
  std::size_t length_bytes = 2;
  auto padded_length = [&] {
    const std::size_t unpadded = kMagic.size() + 2 + length_bytes + dict.size() + 1;
    const std::size_t total = (unpadded + kDataAlignment - 1) / kDataAlignment * kDataAlignment;
    return total - (kMagic.size() + 2 + length_bytes);
  };
  std::size_t header_length = padded_length();
  if (header_length > 0xffff) {
    length_bytes = 4;
    header_length = padded_length();
  }

  std::vector<std::uint8_t> head(kMagic.begin(), kMagic.end());
  head.push_back(length_bytes == 2 ? 1 : 2);
  head.push_back(0);
  for (std::size_t i = 0; i < length_bytes; ++i)
    head.push_back(static_cast<std::uint8_t>(header_length >> (8 * i)));
  head.insert(head.end(), dict.begin(), dict.end());
  head.resize(head.size() + header_length - dict.size() - 1, ' ');
  head.push_back('\n');
  CONDNET_ASSERT(head.size() % kDataAlignment == 0);
  write_file_atomically(path, {head, data});
}

}  // namespace

RawArray read_npy(const std::filesystem::path& path) {
  BinaryReader file(path);
  std::array<std::uint8_t, 12> prefix{};
  const std::size_t prefix_read = file.size() < prefix.size() ? file.size() : prefix.size();
  file.read(0, std::span(prefix).first(prefix_read));
  if (prefix_read < 10 || !std::equal(kMagic.begin(), kMagic.end(), prefix.begin()))
    fail("{}: not a .npy file (it does not start with the magic \\x93NUMPY)", path.string());

  const int major = prefix[6], minor = prefix[7];
  std::size_t length_bytes = 0;
  if (major == 1 && minor == 0) length_bytes = 2;
  if ((major == 2 || major == 3) && minor == 0 && prefix_read == 12) length_bytes = 4;
  if (length_bytes == 0)
    fail("{}: .npy format version {}.{} is not supported; allowed: 1.0, 2.0, 3.0", path.string(),
         major, minor);
  const std::uint64_t header_start = kMagic.size() + 2 + length_bytes;
  const std::uint64_t header_length =
      little_endian_value(std::span(prefix).subspan(kMagic.size() + 2, length_bytes));
  if (header_start + header_length > file.size())
    fail("{}: bad .npy header: it claims {} bytes but the file has only {} after the prefix",
         path.string(), header_length, file.size() - header_start);

  std::string text(header_length, '\0');
  file.read(header_start, std::span(reinterpret_cast<std::uint8_t*>(text.data()), text.size()));
  const NpyHeader header = parse_npy_header(text, path);
  const NpyElement element = element_of(header, path);
  const Shape shape = volume_shape(header, path);

  const std::uint64_t needed = check_claimed_size(
      path.string(), "the .npy header",
      {static_cast<std::uint64_t>(shape.nx), static_cast<std::uint64_t>(shape.ny),
       static_cast<std::uint64_t>(shape.nz)},
      element.dtype);
  const std::uint64_t data_start = header_start + header_length;
  const std::uint64_t available = file.size() - data_start;
  if (available != needed)
    fail("{}: .npy data is {} bytes, but shape {} of '{}' needs {} bytes (the file is {})",
         path.string(), available, python_tuple(header.shape), header.descr, needed,
         available < needed ? "truncated" : "longer than its header");

  RawArray array{shape, element.dtype, std::vector<std::uint8_t>(available), std::nullopt};
  file.read(data_start, array.bytes);
  if (element.swap_bytes) swap_element_bytes(array.bytes, dtype_size(element.dtype));
  if (header.fortran_order) fortran_to_c_order(array);
  return array;
}

void write_npy(const RawArray& array, const std::filesystem::path& path) {
  write_npy_bytes(array.bytes, array.dtype, array.shape, path);
}

void write_npy_floats(std::span<const float> values, Shape shape,
                      const std::filesystem::path& path) {
  CONDNET_ASSERT(values.size() == static_cast<std::size_t>(shape.count()));
  const std::span bytes(reinterpret_cast<const std::uint8_t*>(values.data()),
                        values.size() * sizeof(float));
  write_npy_bytes(bytes, ElementType::float32, shape, path);
}

}  // namespace condnet::voxel
