#include "voxel/hdf5_handle.hpp"

#include <algorithm>
#include <cstdlib>
#include <vector>

#include "core/error.hpp"
#include "voxel/claimed_size.hpp"

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

ChildTask hdf5_check(const std::filesystem::path& file) {
  ChildTask task{file.string(), "libhdf5 (the HDF5 library)", std::chrono::seconds(30)};
  if (const char* limit = std::getenv("CONDNET_HDF5_CHECK_SECONDS"); limit && *limit) {
    char* end = nullptr;
    const long seconds = std::strtol(limit, &end, 10);
    if (*end != '\0' || seconds < 1)
      fail("CONDNET_HDF5_CHECK_SECONDS={}: expected a whole number of seconds >= 1", limit);
    task.limit = std::chrono::seconds(seconds);
    return task;
  }
  std::error_code error;
  const std::uintmax_t bytes = std::filesystem::file_size(file, error);
  if (!error) task.limit += std::chrono::seconds(static_cast<std::int64_t>(bytes / 10'000'000));
  return task;
}

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

void check_chunk_size(hid_t dataset, const std::string& where, const std::string& what) {
  const Hdf5PropertyList creation(CONDNET_HDF5_CHECK(where, H5Dget_create_plist(dataset)));
  if (CONDNET_HDF5_CHECK(where, H5Pget_layout(creation.get())) != H5D_CHUNKED) return;
  std::vector<hsize_t> chunk(H5S_MAX_RANK);
  const int rank = CONDNET_HDF5_CHECK(
      where, H5Pget_chunk(creation.get(), static_cast<int>(chunk.size()), chunk.data()));
  chunk.resize(static_cast<std::size_t>(rank));
  const Hdf5Datatype type(CONDNET_HDF5_CHECK(where, H5Dget_type(dataset)));
  const std::size_t element_bytes = CONDNET_HDF5_CHECK(where, H5Tget_size(type.get()));
  check_claimed_size(where, what + "'s chunk",
                     std::vector<std::uint64_t>(chunk.begin(), chunk.end()), element_bytes,
                     fmt::format("{}-byte", element_bytes));
}

void hdf5_call_failed(const char* expression, const std::string& context, const char* file,
                      int line) {
  const std::string reason = hdf5_error_reason();
  fail("{}: HDF5 call {} failed: {} (at {}:{})", context, expression, reason, file, line);
}

}  // namespace condnet::voxel
