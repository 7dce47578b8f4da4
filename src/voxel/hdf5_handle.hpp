#pragma once
// Move-only owners for HDF5 handles (hid_t), and the check macro that turns a failed HDF5 call
// into an Error carrying the user's file, the call, HDF5's own reason and file:line.
// Call silence_hdf5_errors() before using HDF5 so that the library prints nothing itself.
#include <hdf5.h>

#include <filesystem>
#include <string>
#include <type_traits>
#include <utility>

#include "core/run_in_child.hpp"

namespace condnet::voxel {

// Owns one hid_t and closes it with `Close` (H5Fclose, H5Dclose, ...) when destroyed.
template <herr_t (*Close)(hid_t)>
class Hdf5Owner {
 public:
  Hdf5Owner() = default;
  explicit Hdf5Owner(hid_t id) : id_(id) {}
  Hdf5Owner(const Hdf5Owner&) = delete;
  Hdf5Owner& operator=(const Hdf5Owner&) = delete;
  Hdf5Owner(Hdf5Owner&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Hdf5Owner& operator=(Hdf5Owner&& other) noexcept {
    if (this != &other) {
      close();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  // A failed close in a destructor cannot be reported; close() explicitly where it matters.
  ~Hdf5Owner() { close(); }

  hid_t get() const { return id_; }
  // Closes the handle now and returns HDF5's status (0 when nothing was open).
  herr_t close() {
    const herr_t status = id_ >= 0 ? Close(id_) : 0;
    id_ = H5I_INVALID_HID;
    return status;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

using Hdf5File = Hdf5Owner<H5Fclose>;
using Hdf5Object = Hdf5Owner<H5Oclose>;  // a dataset or group opened with H5Oopen
using Hdf5Dataset = Hdf5Owner<H5Dclose>;
using Hdf5Dataspace = Hdf5Owner<H5Sclose>;
using Hdf5Datatype = Hdf5Owner<H5Tclose>;
using Hdf5PropertyList = Hdf5Owner<H5Pclose>;

// Turns off HDF5's printing of its error stack; condnet reports errors itself.
void silence_hdf5_errors();

// The most specific message on HDF5's error stack ("unable to open file", ...), which is then
// cleared; "no details" when the stack is empty.
std::string hdf5_error_reason();

// How a child process checks an HDF5 file from outside before condnet reads it
// (core/run_in_child.hpp: libhdf5 crashes or loops on some damaged files). The limit, 30 s
// plus 1 s per 10 MB of file, leaves room for slow disks and compression;
// $CONDNET_HDF5_CHECK_SECONDS sets it instead.
ChildTask hdf5_check(const std::filesystem::path& file);

// Checks a dataset's storage before it is read; found by fuzzing, each refused in one line:
//  - a chunk claiming more than read_byte_limit() (voxel/claimed_size.hpp): HDF5 allocates a
//    whole chunk to read any part of it;
//  - a compact dataset, or an allocated chunk that no filter touched, holding fewer bytes than
//    it must: libhdf5 1.10 copies the full size out of the shorter buffer (a heap over-read).
// Variable-length types are not checked (their values live in the global heap). `what` names
// the dataset ("dataset '/volume'").
void check_storage(hid_t dataset, const std::string& where, const std::string& what);

[[noreturn]] void hdf5_call_failed(const char* expression, const std::string& context,
                                   const char* file, int line);

// HDF5 reports failure as a negative hid_t/herr_t/htri_t/enum value, a null pointer, or 0 for
// sizes.
template <typename T>
T hdf5_checked(T status, const char* expression, const std::string& context, const char* file,
               int line) {
  bool failed = false;
  if constexpr (std::is_enum_v<T>)
    failed = static_cast<std::underlying_type_t<T>>(status) < 0;
  else if constexpr (std::is_pointer_v<T>)
    failed = status == nullptr;
  else if constexpr (std::is_unsigned_v<T>)
    failed = status == 0;
  else
    failed = status < 0;
  if (failed) hdf5_call_failed(expression, context, file, line);
  return status;
}

}  // namespace condnet::voxel

// CONDNET_HDF5_CHECK(path.string(), H5Dread(...)): the call's value, or an Error naming the
// user's file (`context`), the call, HDF5's reason and this file:line.
#define CONDNET_HDF5_CHECK(context, expression) \
  ::condnet::voxel::hdf5_checked((expression), #expression, (context), __FILE__, __LINE__)
