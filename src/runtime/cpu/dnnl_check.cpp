#include "runtime/cpu/dnnl_check.hpp"

namespace condnet::runtime::cpu {

void dnnl_call_failed(const dnnl::error& error, const char* expression, const char* file,
                      int line) {
  fail("oneDNN: {} failed with status {} ({}) at {}:{}", expression, static_cast<int>(error.status),
       error.what(), file, line);
}

}  // namespace condnet::runtime::cpu
