#pragma once
// VTK ImageData (.vti, VTK's XML format) for ParaView and VTK: the volume's phases and float
// fields on its voxels (cell data), with its voxel spacing. Array axes x, y, z are VTK's i, j, k
// (the data are written with x fastest, as VTK orders them), so a field looks in ParaView as
// condnet's axes name it. Binary, appended raw, little-endian, UInt64 block headers.
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "voxel/volume.hpp"

namespace condnet::voxel {

struct VtiField {
  std::string name;
  std::span<const float> values;  // shape.count(), C order [x, y, z]
};

// Cell arrays "phase" (the user's phase values: UInt8 where they are the labels, else Float64)
// and each field (Float32). Written atomically; Error naming `path` when it cannot be.
void write_vti(const std::filesystem::path& path, const Volume& volume,
               const std::vector<VtiField>& fields);

}  // namespace condnet::voxel
