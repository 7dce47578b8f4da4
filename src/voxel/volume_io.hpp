#pragma once
// Reading and writing volumes in every format condnet accepts, chosen from the path:
//   *.tif, *.tiff, or a directory of TIFF slices   multi-page TIFF / BigTIFF stacks
//   *.npy                                          numpy arrays (C or Fortran order)
//   *.raw, *.bin, *.dat (needs shape and dtype)    headerless binary
//   file.h5:/group/dataset (also .hdf5, .he5)      an HDF5 dataset
#include <cstdint>
#include <optional>
#include <string>

#include "voxel/element_type.hpp"
#include "voxel/volume.hpp"

namespace condnet::voxel {

enum class Format { tiff, npy, raw, hdf5 };

// How to read a headerless .raw file, and optional overrides for any file.
struct ReadOptions {
  std::optional<Shape> shape;        // .raw only
  std::optional<ElementType> dtype;  // .raw only
  bool fortran_order = false;        // .raw only: x fastest
  bool big_endian = false;           // .raw only
  std::int64_t header_bytes = 0;     // .raw only: bytes to skip
  std::optional<Spacing> spacing;    // else the file's (array.hpp), else 1,1,1
};

// The format a path names; throws Error naming `spec` and the accepted forms otherwise.
Format detect_format(const std::string& spec, bool has_raw_layout);

Volume read_volume(const std::string& spec, const ReadOptions& options = {});

// Writes the phase values (not the internal labels) in the smallest exact dtype, atomically.
void write_volume(const Volume& volume, const std::string& spec);

}  // namespace condnet::voxel
