#pragma once
// The current density of a solved potential, per voxel, for looking at (--field out.vti,
// --slices). Each component along d is the mean of the densities through the voxel's two faces
// normal to d: sigma_face (phi_i - phi_neighbour) / h_d across an interior face (sigma_face the
// harmonic mean, as in the system, linear_system.hpp), sigma_i (phi_i - phi_face) / (h_d / 2)
// across a face at an electrode, 0 across a face to a voxel that carries no current or a sealed
// side. Units: sigma_ref times the mean potential gradient 1 / L (L the length along the axis),
// so an open cube has density (1, 0, 0) along x everywhere, and the density along the axis
// averages D_eff over the volume.
#include <array>
#include <span>
#include <vector>

#include "voxel/volume.hpp"

namespace condnet::solve {

// potential: the solver's field (solve.hpp: shape.count() floats, C order, 1 at index 0 along
// `axis`, NaN off the active set). Returns the x, y and z components (each shape.count()
// floats, C order; 0 where the potential is NaN).
std::array<std::vector<float>, 3> current_density(const voxel::Volume& volume,
                                                  const std::array<double, 256>& conductivity,
                                                  double sigma_ref, int axis, bool periodic_sides,
                                                  std::span<const float> potential);

// |j| per voxel, without keeping the components (4 bytes per voxel).
std::vector<float> current_density_magnitude(const voxel::Volume& volume,
                                             const std::array<double, 256>& conductivity,
                                             double sigma_ref, int axis, bool periodic_sides,
                                             std::span<const float> potential);

}  // namespace condnet::solve
