#include "voxel/raw_format.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <fstream>

#include "core/error.hpp"
#include "test_paths.hpp"
#include "voxel/volume_patterns.hpp"

namespace condnet::test {
namespace {

using voxel::ElementType;
using voxel::RawArray;
using voxel::RawLayout;
using voxel::Shape;

void write_bytes(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
}

// The pattern laid out on disk by a plain loop: Fortran order (x fastest) and/or each element's
// bytes reversed (big-endian on a little-endian machine), after `header` bytes of junk.
std::vector<std::uint8_t> disk_bytes(Shape shape, ElementType dtype, bool fortran, bool reversed,
                                     std::size_t header) {
  const RawArray c_order = make_pattern(shape, dtype);
  const std::size_t size = voxel::dtype_size(dtype);
  std::vector<std::uint8_t> bytes(header, 0xAB);
  std::vector<std::int64_t> order;  // C index of each element in disk order
  if (fortran) {
    for (std::int64_t z = 0; z < shape.nz; ++z)
      for (std::int64_t y = 0; y < shape.ny; ++y)
        for (std::int64_t x = 0; x < shape.nx; ++x) order.push_back(shape.index(x, y, z));
  } else {
    for (std::int64_t i = 0; i < shape.count(); ++i) order.push_back(i);
  }
  for (const std::int64_t i : order) {
    std::vector<std::uint8_t> element(c_order.bytes.begin() + i * size,
                                      c_order.bytes.begin() + (i + 1) * size);
    if (reversed) std::reverse(element.begin(), element.end());
    bytes.insert(bytes.end(), element.begin(), element.end());
  }
  return bytes;
}

std::string read_error(const std::filesystem::path& path, const RawLayout& layout) {
  try {
    voxel::read_raw(path, layout);
  } catch (const Error& error) {
    return error.what();
  }
  ADD_FAILURE() << path << " was read without error";
  return "";
}

TEST(RawFormat, RoundTripsEveryDtype) {
  const auto dir = scratch_dir("raw_round_trip");
  for (const ElementType dtype : kAllDTypes) {
    const RawArray array = make_pattern({6, 5, 7}, dtype);
    const auto path = dir / (std::string(voxel::dtype_name(dtype)) + ".raw");
    voxel::write_raw(array, path);
    EXPECT_EQ(std::filesystem::file_size(path), array.bytes.size());
    expect_same_array(voxel::read_raw(path, {array.shape, dtype}), array, path.string());
  }
  EXPECT_EQ(file_names(dir).size(), kAllDTypes.size());
}

TEST(RawFormat, ReadsFortranOrderBigEndianAndHeaders) {
  static_assert(std::endian::native == std::endian::little, "test assumes a little-endian host");
  const auto dir = scratch_dir("raw_layouts");
  const Shape shape{5, 4, 3};
  for (const ElementType dtype : kAllDTypes)
    for (const bool fortran : {false, true})
      for (const bool big_endian : {false, true})
        for (const std::int64_t header : {0, 17}) {
          const auto path = dir / "layout.raw";
          write_bytes(path, disk_bytes(shape, dtype, fortran, big_endian,
                                       static_cast<std::size_t>(header)));
          const RawLayout layout{shape, dtype, fortran, big_endian, header};
          expect_same_array(voxel::read_raw(path, layout), make_pattern(shape, dtype),
                            fmt::format("{} fortran={} big_endian={} header={}",
                                        voxel::dtype_name(dtype), fortran, big_endian, header));
        }
}

TEST(RawFormat, SizeMismatchNamesFileSizesAndOptions) {
  const auto path = scratch_dir("raw_size") / "vol.raw";
  write_bytes(path, std::vector<std::uint8_t>(1000000));
  const std::string message = read_error(path, {{100, 100, 101}, ElementType::uint8});
  EXPECT_EQ(message, path.string() +
                         ": 1000000 bytes, but --shape 100,100,101 --dtype uint8 needs 1010000 "
                         "(allowed: a file of exactly that size; check --shape/--dtype)");

  const std::string larger =
      read_error(path, {{100, 100, 10}, ElementType::uint16, false, false, 8});
  EXPECT_NE(larger.find(path.string()), std::string::npos) << larger;
  EXPECT_NE(larger.find("needs 200008"), std::string::npos) << larger;
  EXPECT_NE(larger.find("--header-bytes 8"), std::string::npos) << larger;
}

TEST(RawFormat, BadLayoutAndMissingFileAreOneLine) {
  const auto dir = scratch_dir("raw_bad_layout");
  const auto path = dir / "vol.raw";
  write_bytes(path, std::vector<std::uint8_t>(8));
  for (const RawLayout& layout : {RawLayout{{0, 2, 4}, ElementType::uint8},
                                  RawLayout{{2, 2, 2}, ElementType::uint8, false, false, -1}}) {
    const std::string message = read_error(path, layout);
    EXPECT_NE(message.find(path.string()), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
  const std::string missing = read_error(dir / "absent.raw", {{2, 2, 2}, ElementType::uint8});
  EXPECT_NE(missing.find("absent.raw"), std::string::npos) << missing;
}

TEST(RawFormat, FailedWriteLeavesNoFileBehind) {
  const auto dir = scratch_dir("raw_failed_write");
  std::filesystem::create_directory(dir / "out.raw");
  EXPECT_THROW(voxel::write_raw(make_pattern({2, 2, 2}, ElementType::int16), dir / "out.raw"),
               Error);
  EXPECT_EQ(file_names(dir), std::vector<std::string>{"out.raw"});
  EXPECT_TRUE(std::filesystem::is_empty(dir / "out.raw"));
}

}  // namespace
}  // namespace condnet::test
