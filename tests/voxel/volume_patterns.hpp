#pragma once
// A known test pattern for every dtype, shared by the volume format tests and mirrored by the
// numpy script in npy_format_test.cpp: base = (x*7 + y*3 + z) % 251, then scaled per dtype so
// that every byte of the wide types and the sign of the signed types matter:
//   bool: base % 2        u1: base          i1: base - 125
//   u2: base * 257        i2: (base - 125) * 257
//   u4: base * 16777259   i4: (base - 125) * 16777259
//   u8: base * 1099511627783   i8: (base - 125) * 1099511627783
//   f4: (base - 125) + 0.5     f8: (base - 125) * 1e10 + 0.25
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "voxel/array.hpp"

namespace condnet::test {

inline constexpr std::array<voxel::ElementType, 11> kAllDTypes = {
    voxel::ElementType::boolean, voxel::ElementType::uint8,  voxel::ElementType::int8,
    voxel::ElementType::uint16,  voxel::ElementType::int16,  voxel::ElementType::uint32,
    voxel::ElementType::int32,   voxel::ElementType::uint64, voxel::ElementType::int64,
    voxel::ElementType::float32, voxel::ElementType::float64};

template <typename T>
T pattern_value(voxel::ElementType dtype, std::int64_t x, std::int64_t y, std::int64_t z) {
  const std::int64_t base = (x * 7 + y * 3 + z) % 251;
  switch (dtype) {
    case voxel::ElementType::boolean:
      return static_cast<T>(base % 2);
    case voxel::ElementType::uint8:
      return static_cast<T>(base);
    case voxel::ElementType::int8:
      return static_cast<T>(base - 125);
    case voxel::ElementType::uint16:
      return static_cast<T>(base * 257);
    case voxel::ElementType::int16:
      return static_cast<T>((base - 125) * 257);
    case voxel::ElementType::uint32:
      return static_cast<T>(base * 16777259);
    case voxel::ElementType::int32:
      return static_cast<T>((base - 125) * 16777259);
    case voxel::ElementType::uint64:
      return static_cast<T>(base * 1099511627783);
    case voxel::ElementType::int64:
      return static_cast<T>((base - 125) * 1099511627783);
    case voxel::ElementType::float32:
      return static_cast<T>(static_cast<double>(base - 125) + 0.5);
    case voxel::ElementType::float64:
      return static_cast<T>(static_cast<double>(base - 125) * 1e10 + 0.25);
  }
  return T{};
}

// The pattern as a C-order array of `shape` and `dtype`, filled by a plain loop.
inline voxel::RawArray make_pattern(voxel::Shape shape, voxel::ElementType dtype) {
  voxel::RawArray array{shape, dtype, {}, std::nullopt};
  voxel::visit_dtype(dtype, [&](auto tag) {
    using T = decltype(tag);
    array.bytes.resize(static_cast<std::size_t>(shape.count()) * sizeof(T));
    for (std::int64_t x = 0; x < shape.nx; ++x)
      for (std::int64_t y = 0; y < shape.ny; ++y)
        for (std::int64_t z = 0; z < shape.nz; ++z) {
          const T value = pattern_value<T>(dtype, x, y, z);
          std::memcpy(&array.bytes[shape.index(x, y, z) * sizeof(T)], &value, sizeof(T));
        }
  });
  return array;
}

// Shape, dtype and every byte equal; reports the first differing element.
inline void expect_same_array(const voxel::RawArray& actual, const voxel::RawArray& expected,
                              const std::string& what) {
  ASSERT_EQ(actual.shape, expected.shape) << what << ": " << actual.shape.str();
  ASSERT_EQ(actual.dtype, expected.dtype) << what << ": " << voxel::dtype_name(actual.dtype);
  ASSERT_EQ(actual.bytes.size(), expected.bytes.size()) << what;
  const std::size_t size = voxel::dtype_size(expected.dtype);
  for (std::size_t i = 0; i < expected.bytes.size(); i += size)
    ASSERT_EQ(std::memcmp(&actual.bytes[i], &expected.bytes[i], size), 0)
        << what << ": first difference at element " << i / size;
}

// The file names in `dir`, sorted, to check that writers leave no temporaries behind.
inline std::vector<std::string> file_names(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace condnet::test
