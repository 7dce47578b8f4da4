#pragma once
// PNG images of a solved field on the volume's three mid-planes (`condnet solve --slices DIR`):
// the potential on [0, 1] and the current density's magnitude on [0, its 99.5th percentile
// over the conducting voxels], in the viridis colour map; voxels off the conducting paths grey.
// Each plane is drawn with its first in-plane axis down and its second across (the normal to x
// shows y down, z across), at least 256 pixels on its shorter side where that takes at most 8
// pixels per voxel, and with the voxel spacing's aspect.
#include <array>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "voxel/volume.hpp"

namespace condnet::report {

// An RGB colour of viridis at t in [0, 1] (clamped).
std::array<std::uint8_t, 3> viridis(double t);

// The images written for a solve along `axis`: DIR/potential_along-A_N-mid.png and
// DIR/current_along-A_N-mid.png for each plane normal N (x, y, z); DIR is created. Returns
// their paths.
std::vector<std::filesystem::path> write_mid_plane_images(const std::filesystem::path& dir,
                                                          const voxel::Volume& volume, int axis,
                                                          std::span<const float> potential,
                                                          std::span<const float> current);

}  // namespace condnet::report
