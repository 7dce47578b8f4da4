#include "voxel/hdf5_handle.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace condnet::voxel {

namespace {

// HDF5's file drivers put the system's reason inside a long description spread over lines
// ("file write failed: time = ...\n, filename = ..., errno = 28, error message = 'No space left
// on device', buf = ..."); keep "file write failed: No space left on device", on one line.
std::string one_line(std::string description) {
  const std::string marker = "error message = '";
  const auto message = description.find(marker);
  const auto colon = description.find(':');
  if (message != std::string::npos && colon < message) {
    const auto begin = message + marker.size();
    const auto end = description.find('\'', begin);
    if (end != std::string::npos)
      return description.substr(0, colon) + ": " + description.substr(begin, end - begin);
  }
  std::replace(description.begin(), description.end(), '\n', ' ');
  return description;
}

}  // namespace

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
  return reason.empty() ? "no details" : one_line(reason);
}

void hdf5_call_failed(const char* expression, const std::string& context, const char* file,
                      int line) {
  const std::string reason = hdf5_error_reason();
  fail("{}: HDF5 call {} failed: {} (at {}:{})", context, expression, reason, file, line);
}

}  // namespace condnet::voxel
