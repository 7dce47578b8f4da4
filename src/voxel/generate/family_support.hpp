#pragma once
// Pieces every family uses: the porosity option, the particle-size check, random centres.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "voxel/generate/bodies.hpp"
#include "voxel/generate/params.hpp"
#include "voxel/generate/random.hpp"
#include "voxel/shape.hpp"

namespace condnet::voxel::generate {

// One particle may change the volume fraction by at most this much, so that stopping before
// or after it lands within half of it (1%) of the target.
inline constexpr double kMaxParticleFraction = 0.02;

// Reads --porosity (a number or a range) within [min, max]; `why` explains the limits.
Range read_porosity(const ParamReader& reader, double fallback, double min, double max,
                    std::string_view why);

// The number of conducting voxels for a volume fraction `fraction` of `shape`.
std::int64_t target_count(const Shape& shape, double fraction);

// Voxels of a sphere (or ellipsoid) of radius r (semi-axes a, b, c): 4/3 pi r^3 (4/3 pi a b c).
double ellipsoid_voxels(double a, double b, double c);
inline double sphere_voxels(double r) { return ellipsoid_voxels(r, r, r); }

// Throws Error naming `option` when a particle of `particle_voxels` voxels is more than
// kMaxParticleFraction of `shape` ("size too small for the particle").
void check_particle_fits(const Shape& shape, double particle_voxels, std::string_view option,
                         std::string_view particle);

// A point uniform in the periodic box [0, nx) x [0, ny) x [0, nz).
Vec3 random_point(Rng& rng, const Shape& shape);

// The sample's parameters: the generator's, with the porosity drawn for this sample.
nlohmann::json resolved_params(nlohmann::json params, double porosity);

}  // namespace condnet::voxel::generate
