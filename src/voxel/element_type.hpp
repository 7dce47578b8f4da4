#pragma once
// Element types a volume file may hold, with the names users type (`--dtype uint16`); not
// runtime::DType, the precision a device computes in.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace condnet::voxel {

enum class ElementType {
  boolean,
  uint8,
  int8,
  uint16,
  int16,
  uint32,
  int32,
  uint64,
  int64,
  float32,
  float64
};

std::size_t dtype_size(ElementType dtype);
std::string_view dtype_name(ElementType dtype);
// Parses a name as printed by dtype_name ("uint8", "float32", ...); throws Error naming
// `what` (the option or file) and the allowed names.
ElementType parse_dtype(std::string_view name, std::string_view what);
// The allowed names, comma separated, for error messages.
std::string dtype_names();

// Calls f(T{}) with the C++ type that stores `dtype` (bool is stored as uint8_t).
template <typename F>
decltype(auto) visit_dtype(ElementType dtype, F&& f) {
  switch (dtype) {
    case ElementType::boolean:
    case ElementType::uint8:
      return f(std::uint8_t{});
    case ElementType::int8:
      return f(std::int8_t{});
    case ElementType::uint16:
      return f(std::uint16_t{});
    case ElementType::int16:
      return f(std::int16_t{});
    case ElementType::uint32:
      return f(std::uint32_t{});
    case ElementType::int32:
      return f(std::int32_t{});
    case ElementType::uint64:
      return f(std::uint64_t{});
    case ElementType::int64:
      return f(std::int64_t{});
    case ElementType::float32:
      return f(float{});
    case ElementType::float64:
      return f(double{});
  }
  return f(std::uint8_t{});
}

}  // namespace condnet::voxel
