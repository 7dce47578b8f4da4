#pragma once
// What `--family mix` draws without --weights: every family over its own range of porosity
// (0.05 to 0.95 overall), anisotropic settings included, each family with total weight 1.
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

namespace condnet::voxel::generate {

struct MixVariant {
  std::string_view family;
  nlohmann::json options;  // the family's options for this variant (the user's take precedence)
  double weight;
};

const std::vector<MixVariant>& mix_default_draw();

}  // namespace condnet::voxel::generate
