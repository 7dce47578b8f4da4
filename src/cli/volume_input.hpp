#pragma once
// The VOLUME argument and the options that describe how to read it, shared by subcommands.
#include <CLI/CLI.hpp>
#include <string>

#include "voxel/volume.hpp"

namespace condnet::cli {

struct VolumeInput {
  std::string path;
  std::string shape;  // raw: "X,Y,Z"
  std::string dtype;  // raw: uint8, uint16, ...
  std::string order = "C";
  std::string endian = "little";
  std::int64_t header_bytes = 0;
  double voxel_size = 0;  // 0: not given
  std::string spacing;    // "DX,DY,DZ"; empty: not given (then --voxel-size, the file's, 1)
  std::string crop;       // "x0:x1,y0:y1,z0:z1"; empty: the whole volume
};

// Adds the positional VOLUME and --shape/--dtype/--order/--endian/--header-bytes/--voxel-size,
// --spacing and --crop.
void add_volume_input(CLI::App& command, VolumeInput& input);

voxel::Volume load_volume(const VolumeInput& input);

}  // namespace condnet::cli
