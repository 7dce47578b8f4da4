#pragma once
// oneDNN reports failures by throwing dnnl::error; CONDNET_DNNL_CHECK turns one into a
// condnet::Error naming the call, oneDNN's status and message, and this file:line.
#include <oneapi/dnnl/dnnl.hpp>
#include <string>

#include "core/error.hpp"

namespace condnet::runtime::cpu {

[[noreturn]] void dnnl_call_failed(const dnnl::error& error, const char* expression,
                                   const char* file, int line);

template <typename Call>
auto dnnl_checked(Call call, const char* expression, const char* file, int line) {
  try {
    return call();
  } catch (const dnnl::error& error) {
    dnnl_call_failed(error, expression, file, line);
  }
}

}  // namespace condnet::runtime::cpu

#define CONDNET_DNNL_CHECK(expression)                                                       \
  ::condnet::runtime::cpu::dnnl_checked([&] { return (expression); }, #expression, __FILE__, \
                                        __LINE__)
