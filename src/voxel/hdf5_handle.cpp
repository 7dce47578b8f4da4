#include "voxel/hdf5_handle.hpp"

#include "core/error.hpp"

namespace condnet::voxel {

void silence_hdf5_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

std::string hdf5_error_reason() {
  std::string reason;
  // Walking upward visits the most specific error first.
  const auto first_message = [](unsigned n, const H5E_error2_t* error, void* data) -> herr_t {
    if (n == 0 && error->desc) *static_cast<std::string*>(data) = error->desc;
    return 0;
  };
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, first_message, &reason);
  H5Eclear2(H5E_DEFAULT);
  return reason.empty() ? "no details" : reason;
}

void hdf5_call_failed(const char* expression, const std::string& context, const char* file,
                      int line) {
  const std::string reason = hdf5_error_reason();
  fail("{}: HDF5 call {} failed: {} (at {}:{})", context, expression, reason, file, line);
}

}  // namespace condnet::voxel
