#pragma once
// Small HDF5 helpers for the dataset file: string and number attributes, whole-column reads
// and writes, row writes, variable-length UTF-8 strings, and the enum types. Every call is
// checked (CONDNET_HDF5_CHECK) with `where` (the user's file) in the message.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "voxel/hdf5_handle.hpp"

namespace condnet::data::hdf5 {

using voxel::Hdf5Dataset;
using voxel::Hdf5Datatype;

// Variable-length UTF-8 strings (h5py reads them as str).
Hdf5Datatype string_type(const std::string& where);
// enum uint8 with the given names for 0, 1, 2, ...
Hdf5Datatype enum_type(const std::vector<std::string_view>& names, const std::string& where);

bool has_attribute(hid_t object, const char* name, const std::string& where);
void write_string_attribute(hid_t object, const char* name, std::string_view value,
                            const std::string& where);
std::string read_string_attribute(hid_t object, const char* name, const std::string& where);
// A scalar (one value) or 1D attribute of native type `memory_type`, stored as `file_type`.
void write_attribute(hid_t object, const char* name, hid_t file_type, hid_t memory_type,
                     const void* data, std::size_t count, const std::string& where);
void read_attribute(hid_t object, const char* name, hid_t memory_type, void* data,
                    const std::string& where);

// A new contiguous dataset of `dims`, allocated at once and filled with `fill` (one element of
// `memory_type`), without modification times: later writes only overwrite bytes in place.
Hdf5Dataset create_filled(hid_t file, const char* name, hid_t file_type, hid_t memory_type,
                          const std::vector<hsize_t>& dims, const void* fill,
                          const std::string& where);
void write_whole(hid_t dataset, hid_t memory_type, const void* data, const std::string& where);
// Dimensions of a dataset.
std::vector<hsize_t> dims_of(hid_t dataset, const std::string& where);
// Opens `name` (a path from the root); Error naming the file when it is missing.
Hdf5Dataset open_dataset(hid_t file, const char* name, const std::string& where);

// Reads all of `name` as `count` elements of `memory_type` (checked against the dataset size).
template <typename T>
std::vector<T> read_whole(hid_t file, const char* name, hid_t memory_type, std::size_t count,
                          const std::string& where);
void read_whole_into(hid_t file, const char* name, hid_t memory_type, void* data, std::size_t count,
                     const std::string& where);

// Writes row `row` (elements [row, 0..row_length)) of a 1D or 2D dataset.
void write_row(hid_t dataset, std::int64_t row, std::size_t row_length, hid_t memory_type,
               const void* data, const std::string& where);

void write_strings(hid_t file, const char* name, const std::vector<std::string>& values,
                   const std::string& where);
// A 1D list of `count` strings; one that claims another number is refused before anything is
// allocated for it.
std::vector<std::string> read_strings(hid_t file, const char* name, std::size_t count,
                                      const std::string& where);

template <typename T>
std::vector<T> read_whole(hid_t file, const char* name, hid_t memory_type, std::size_t count,
                          const std::string& where) {
  std::vector<T> values(count);
  read_whole_into(file, name, memory_type, values.data(), count, where);
  return values;
}

}  // namespace condnet::data::hdf5
