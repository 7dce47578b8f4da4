#include "voxel/dtype.hpp"

#include <array>

#include "core/error.hpp"

namespace condnet::voxel {

namespace {

struct DTypeInfo {
  DType dtype;
  std::string_view name;
  std::size_t size;
};

constexpr std::array<DTypeInfo, 11> kDTypes = {{
    {DType::boolean, "bool", 1},
    {DType::uint8, "uint8", 1},
    {DType::int8, "int8", 1},
    {DType::uint16, "uint16", 2},
    {DType::int16, "int16", 2},
    {DType::uint32, "uint32", 4},
    {DType::int32, "int32", 4},
    {DType::uint64, "uint64", 8},
    {DType::int64, "int64", 8},
    {DType::float32, "float32", 4},
    {DType::float64, "float64", 8},
}};

const DTypeInfo& info(DType dtype) {
  for (const auto& entry : kDTypes)
    if (entry.dtype == dtype) return entry;
  CONDNET_ASSERT(false);
  return kDTypes[0];
}

}  // namespace

std::size_t dtype_size(DType dtype) { return info(dtype).size; }

std::string_view dtype_name(DType dtype) { return info(dtype).name; }

std::string dtype_names() {
  std::string names;
  for (const auto& entry : kDTypes) {
    if (!names.empty()) names += ", ";
    names += entry.name;
  }
  return names;
}

DType parse_dtype(std::string_view name, std::string_view what) {
  for (const auto& entry : kDTypes)
    if (entry.name == name) return entry.dtype;
  fail("{}: unsupported dtype '{}'; allowed: {}", what, name, dtype_names());
}

}  // namespace condnet::voxel
