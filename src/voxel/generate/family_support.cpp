#include "voxel/generate/family_support.hpp"

#include <cmath>
#include <numbers>

#include "core/error.hpp"

namespace condnet::voxel::generate {

Range read_porosity(const ParamReader& reader, double fallback, double min, double max,
                    std::string_view why) {
  const std::string allowed = fmt::format("porosities from {} to {} ({})", min, max, why);
  return reader.range("porosity", {fallback, fallback}, {min, max, allowed});
}

std::int64_t target_count(const Shape& shape, double fraction) {
  return std::llround(fraction * static_cast<double>(shape.count()));
}

double ellipsoid_voxels(double a, double b, double c) {
  return 4.0 / 3.0 * std::numbers::pi * a * b * c;
}

void check_particle_fits(const Shape& shape, double particle_voxels, std::string_view option,
                         std::string_view particle) {
  const double limit = kMaxParticleFraction * static_cast<double>(shape.count());
  if (particle_voxels <= limit) return;
  const auto minimum_size =
      static_cast<std::int64_t>(std::ceil(std::cbrt(particle_voxels / kMaxParticleFraction)));
  fail(
      "--size {}: too small for the particles: {} fills {:.0f} voxels, more than {:.0f}% of the "
      "volume, so the volume fraction could not be hit within 1%; use --size {} or more, or a "
      "smaller {}",
      shape.str(), particle, particle_voxels, 100 * kMaxParticleFraction, minimum_size, option);
}

Vec3 random_point(Rng& rng, const Shape& shape) {
  const double x = rng.uniform() * static_cast<double>(shape.nx);
  const double y = rng.uniform() * static_cast<double>(shape.ny);
  const double z = rng.uniform() * static_cast<double>(shape.nz);
  return {x, y, z};
}

nlohmann::json resolved_params(nlohmann::json params, double porosity) {
  params["porosity"] = porosity;
  return params;
}

}  // namespace condnet::voxel::generate
