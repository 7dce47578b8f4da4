#include "runtime/cpu/reference_kernel.hpp"

#include <string_view>

namespace condnet::runtime::cpu {

namespace {

bool names_reference(const char* implementation) {
  return implementation != nullptr && std::string_view(implementation).starts_with("ref");
}

}  // namespace

bool is_reference_kernel(const dnnl::primitive_desc_base& pd) {
  return names_reference(pd.impl_info_str());
}

bool is_reference_kernel(const dnnl::primitive& primitive) {
  const char* implementation = nullptr;
  if (dnnl_primitive_desc_query(primitive.get_primitive_desc(), dnnl_query_impl_info_str, 0,
                                &implementation) != dnnl_success)
    return false;
  return names_reference(implementation);
}

}  // namespace condnet::runtime::cpu
