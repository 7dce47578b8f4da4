#pragma once
// Compute precisions. Master weights, gradients and optimizer state are always fp32; a plan's
// dtype is what its kernels compute and store activations in.
#include <string>
#include <string_view>

namespace condnet::runtime {

enum class DType { f32, bf16 };

std::string to_string(DType dtype);
// "fp32"/"f32" or "bf16"; throws Error naming `what` otherwise.
DType parse_dtype(std::string_view text, std::string_view what);

}  // namespace condnet::runtime
