#pragma once
// HDF5 volumes: one dataset of an HDF5 file, named on the command line as FILE:/group/dataset.
//
// Reading accepts a 3D dataset (x, y, z) of integers (1, 2, 4 or 8 bytes, signed or not),
// 32/64-bit floats, or booleans stored as h5py does (an enum FALSE=0, TRUE=1 on int8), in
// any byte order; a 2D dataset (H, W) is read as (1, H, W). Anything else throws Error as one
// line naming the file (a missing dataset also lists the 2D/3D datasets the file holds).
//
// Writing creates a NEW file holding just this dataset (intermediate groups created, chunks
// of at most 64^3, gzip level 4) and renames it over `file` atomically: an existing file of
// that name is replaced as a whole, its other datasets are not kept.
#include <filesystem>
#include <optional>
#include <string>

#include "voxel/array.hpp"

namespace condnet::voxel {

RawArray read_hdf5(const std::filesystem::path& file, const std::string& dataset);

void write_hdf5(const RawArray& array, const std::filesystem::path& file,
                const std::string& dataset);

struct Hdf5Path {
  std::filesystem::path file;
  std::string dataset;  // starts with '/'
};

// Splits "file.h5:/group/ds" at the last ":/"; nullopt when `spec` has no ":/" (a plain file).
std::optional<Hdf5Path> split_hdf5_spec(const std::string& spec);

}  // namespace condnet::voxel
