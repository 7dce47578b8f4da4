#pragma once
// Whether oneDNN chose its plain reference implementation (implementation names "ref:..."):
// right, but 10-1000x slower than its optimised kernels. It does where no optimised kernel
// supports the layouts asked for (ops/conv.cpp asks again; PlanStats counts what remains).
#include <oneapi/dnnl/dnnl.hpp>

namespace condnet::runtime::cpu {

bool is_reference_kernel(const dnnl::primitive_desc_base& pd);
bool is_reference_kernel(const dnnl::primitive& primitive);

}  // namespace condnet::runtime::cpu
