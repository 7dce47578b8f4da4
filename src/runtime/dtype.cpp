#include "runtime/dtype.hpp"

#include "core/error.hpp"

namespace condnet::runtime {

std::string to_string(DType dtype) { return dtype == DType::f32 ? "fp32" : "bf16"; }

DType parse_dtype(std::string_view text, std::string_view what) {
  if (text == "fp32" || text == "f32") return DType::f32;
  if (text == "bf16") return DType::bf16;
  fail("{}: unknown precision '{}' (allowed: fp32, bf16)", what, text);
}

}  // namespace condnet::runtime
