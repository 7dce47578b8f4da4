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

namespace {

// Chunks along each axis: ceil(extent / chunk); 0 when the product passes `cap`.
std::uint64_t chunk_positions(const std::vector<hsize_t>& dims, const std::vector<hsize_t>& chunk,
                              std::uint64_t cap) {
  std::uint64_t positions = 1;
  for (std::size_t a = 0; a < dims.size(); ++a) {
    const std::uint64_t along = chunk[a] == 0 ? 0 : (dims[a] + chunk[a] - 1) / chunk[a];
    if (along != 0 && positions > cap / along) return 0;
    positions *= along;
  }
  return positions;
}

// Every allocated chunk that no filter touched (no pipeline, or its filter mask skips them
// all) must hold exactly one chunk's bytes: libhdf5 copies a whole chunk out of it. Chunks are
// visited by position (O(log n) each); past 2^22 positions only the total is checked.
void check_unfiltered_chunks(hid_t dataset, hid_t creation, const std::vector<hsize_t>& chunk,
                             std::uint64_t chunk_bytes, const std::string& where,
                             const std::string& what) {
  const int filters = CONDNET_HDF5_CHECK(where, H5Pget_nfilters(creation));
  const unsigned all_skipped = filters >= 32 ? ~0u : (1u << filters) - 1u;
  const Hdf5Dataspace space(CONDNET_HDF5_CHECK(where, H5Dget_space(dataset)));
  std::vector<hsize_t> dims(chunk.size()), max_dims(chunk.size());
  if (H5Sget_simple_extent_dims(space.get(), dims.data(), max_dims.data()) !=
      static_cast<int>(dims.size()))
    fail("{}: {} has a chunk of another rank than its shape", where, what);
  // HDF5 refuses to make such a chunk; in a damaged file libhdf5 reads past its buffer.
  for (std::size_t a = 0; a < dims.size(); ++a)
    if (max_dims[a] != H5S_UNLIMITED && chunk[a] > max_dims[a])
      fail(
          "{}: {} has chunks larger than its fixed shape ({} > {} along axis {}); the file is "
          "damaged",
          where, what, chunk[a], max_dims[a], a);
  const std::uint64_t positions = chunk_positions(dims, chunk, std::uint64_t{1} << 22);
  if (positions == 0) {
    if (filters == 0 && H5Dget_storage_size(dataset) % chunk_bytes != 0)
      fail("{}: {} stores {} bytes, not a whole number of {}-byte chunks; the file is damaged",
           where, what, H5Dget_storage_size(dataset), chunk_bytes);
    return;
  }
  std::vector<hsize_t> offset(dims.size(), 0);
  for (std::uint64_t p = 0; p < positions; ++p) {
    std::uint64_t rest = p;
    for (std::size_t a = dims.size(); a-- > 0;) {
      const std::uint64_t along = (dims[a] + chunk[a] - 1) / chunk[a];
      offset[a] = (rest % along) * chunk[a];
      rest /= along;
    }
    unsigned mask = 0;
    haddr_t address = HADDR_UNDEF;
    hsize_t stored = 0;
    CONDNET_HDF5_CHECK(
        where, H5Dget_chunk_info_by_coord(dataset, offset.data(), &mask, &address, &stored));
    if (address == HADDR_UNDEF) continue;  // never written: read as the fill value
    if ((filters == 0 || (mask & all_skipped) == all_skipped) && stored != chunk_bytes)
      fail(
          "{}: {} stores an unfiltered chunk of {} bytes where a chunk holds {}; the file is "
          "damaged",
          where, what, stored, chunk_bytes);
  }
}

}  // namespace

void check_storage(hid_t dataset, const std::string& where, const std::string& what) {
  const Hdf5PropertyList creation(CONDNET_HDF5_CHECK(where, H5Dget_create_plist(dataset)));
  const H5D_layout_t layout = CONDNET_HDF5_CHECK(where, H5Pget_layout(creation.get()));
  const Hdf5Datatype type(CONDNET_HDF5_CHECK(where, H5Dget_type(dataset)));
  if (CONDNET_HDF5_CHECK(where, H5Tdetect_class(type.get(), H5T_VLEN)) > 0 ||
      CONDNET_HDF5_CHECK(where, H5Tis_variable_str(type.get())) > 0)
    return;  // variable-length values live in the global heap, not in the dataset's storage
  const std::size_t element_bytes = CONDNET_HDF5_CHECK(where, H5Tget_size(type.get()));
  if (layout == H5D_COMPACT) {
    const Hdf5Dataspace space(CONDNET_HDF5_CHECK(where, H5Dget_space(dataset)));
    const auto points = static_cast<std::uint64_t>(
        CONDNET_HDF5_CHECK(where, H5Sget_simple_extent_npoints(space.get())));
    if (H5Dget_storage_size(dataset) != points * element_bytes)
      fail("{}: {} stores {} bytes where its {} values need {}; the file is damaged", where, what,
           H5Dget_storage_size(dataset), points, points * element_bytes);
    return;
  }
  if (layout != H5D_CHUNKED) return;
  std::vector<hsize_t> chunk(H5S_MAX_RANK);
  const int rank = CONDNET_HDF5_CHECK(
      where, H5Pget_chunk(creation.get(), static_cast<int>(chunk.size()), chunk.data()));
  chunk.resize(static_cast<std::size_t>(rank));
  const std::uint64_t chunk_bytes = check_claimed_size(
      where, what + "'s chunk", std::vector<std::uint64_t>(chunk.begin(), chunk.end()),
      element_bytes, fmt::format("{}-byte", element_bytes));
  check_unfiltered_chunks(dataset, creation.get(), chunk, chunk_bytes, where, what);
}

void hdf5_call_failed(const char* expression, const std::string& context, const char* file,
                      int line) {
  const std::string reason = hdf5_error_reason();
  fail("{}: HDF5 call {} failed: {} (at {}:{})", context, expression, reason, file, line);
}

}  // namespace condnet::voxel
