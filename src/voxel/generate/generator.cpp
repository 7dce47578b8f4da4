#include "voxel/generate/generator.hpp"

#include "core/error.hpp"
#include "voxel/generate/families.hpp"

namespace condnet::voxel::generate {

const std::vector<FamilyInfo>& families() {
  static const std::vector<FamilyInfo> all = {overlapping_spheres_family(),
                                              packed_spheres_family(),
                                              gaussian_field_family(),
                                              fibres_family(),
                                              ellipsoids_family(),
                                              electrode_family(),
                                              grain_pack_family(),
                                              calendered_family(),
                                              foam_family(),
                                              mix_family()};
  return all;
}

std::string family_names() {
  std::string names;
  for (const FamilyInfo& info : families())
    names += (names.empty() ? "" : ", ") + std::string(info.name);
  return names;
}

const FamilyInfo* find_family(std::string_view name) {
  for (const FamilyInfo& info : families())
    if (info.name == name) return &info;
  return nullptr;
}

std::unique_ptr<Generator> make_generator(const nlohmann::json& config) {
  CONDNET_ASSERT(config.is_object());
  const auto family = config.find("family");
  if (family == config.end() || !family->is_string())
    fail("--family: no family given; allowed: {}", family_names());
  const FamilyInfo* info = find_family(family->get<std::string>());
  if (!info)
    fail("--family {}: unknown family; allowed: {}", family->get<std::string>(), family_names());
  return info->make(config);
}

}  // namespace condnet::voxel::generate
