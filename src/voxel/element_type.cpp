#include "voxel/element_type.hpp"

#include <array>

#include "core/error.hpp"

namespace condnet::voxel {

namespace {

struct DTypeInfo {
  ElementType dtype;
  std::string_view name;
  std::size_t size;
};

constexpr std::array<DTypeInfo, 11> kDTypes = {{
    {ElementType::boolean, "bool", 1},
    {ElementType::uint8, "uint8", 1},
    {ElementType::int8, "int8", 1},
    {ElementType::uint16, "uint16", 2},
    {ElementType::int16, "int16", 2},
    {ElementType::uint32, "uint32", 4},
    {ElementType::int32, "int32", 4},
    {ElementType::uint64, "uint64", 8},
    {ElementType::int64, "int64", 8},
    {ElementType::float32, "float32", 4},
    {ElementType::float64, "float64", 8},
}};

const DTypeInfo& info(ElementType dtype) {
  for (const auto& entry : kDTypes)
    if (entry.dtype == dtype) return entry;
  CONDNET_ASSERT(false);
  return kDTypes[0];
}

}  // namespace

std::size_t dtype_size(ElementType dtype) { return info(dtype).size; }

std::string_view dtype_name(ElementType dtype) { return info(dtype).name; }

std::string dtype_names() {
  std::string names;
  for (const auto& entry : kDTypes) {
    if (!names.empty()) names += ", ";
    names += entry.name;
  }
  return names;
}

ElementType parse_dtype(std::string_view name, std::string_view what) {
  for (const auto& entry : kDTypes)
    if (entry.name == name) return entry.dtype;
  fail("{}: unsupported dtype '{}'; allowed: {}", what, name, dtype_names());
}

}  // namespace condnet::voxel
