#include "voxel/generate/mix_default_draw.hpp"

namespace condnet::voxel::generate {

namespace {

using nlohmann::json;

// A family's anisotropic variant once along each axis (a random axis per sample), with
// `weight` in all.
void along_each_axis(std::vector<MixVariant>& draw, std::string_view family, const json& options,
                     double weight) {
  for (const char* axis : {"x", "y", "z"}) {
    json variant = options;
    variant["axis"] = axis;
    draw.push_back({family, variant, weight / 3});
  }
}

std::vector<MixVariant> make_default_draw() {
  const auto range = [](double lo, double hi) { return json::array({lo, hi}); };
  std::vector<MixVariant> draw;
  draw.push_back({"overlapping-spheres", {{"porosity", range(0.05, 0.9)}}, 1});
  draw.push_back({"packed-spheres", {{"porosity", range(0.7, 0.95)}}, 1});
  // Blobs: isotropic, or a correlation length 2 to 8 times longer along one axis.
  draw.push_back({"gaussian-field", {{"porosity", range(0.05, 0.95)}}, 0.5});
  along_each_axis(draw, "gaussian-field",
                  {{"porosity", range(0.05, 0.95)}, {"stretch", range(2, 8)}}, 0.5);
  // Fibres: isotropic, or mats in the plane normal to one axis.
  draw.push_back({"fibres", {{"porosity", range(0.4, 0.95)}}, 0.5});
  along_each_axis(draw, "fibres",
                  {{"porosity", range(0.4, 0.95)}, {"orientation", "in-plane"}, {"spread", 5}},
                  0.5);
  // Platelets: isotropic, or stacked normal to one axis.
  draw.push_back(
      {"ellipsoids", {{"porosity", range(0.3, 0.9)}, {"orientation", "isotropic"}}, 0.5});
  along_each_axis(draw, "ellipsoids",
                  {{"porosity", range(0.3, 0.9)}, {"orientation", "aligned"}, {"spread", 10}}, 0.5);
  draw.push_back({"electrode", {{"porosity", range(0.25, 0.6)}, {"binder", range(0.05, 0.15)}}, 1});
  draw.push_back({"grain-pack", {{"porosity", range(0.05, 0.35)}, {"cement", range(0, 0.2)}}, 1});
  along_each_axis(draw, "calendered",
                  {{"porosity", range(0.15, 0.45)}, {"binder", range(0.05, 0.15)}}, 1);
  draw.push_back({"foam", {{"porosity", range(0.7, 0.95)}}, 1});
  return draw;
}

}  // namespace

const std::vector<MixVariant>& mix_default_draw() {
  static const std::vector<MixVariant> draw = make_default_draw();
  return draw;
}

}  // namespace condnet::voxel::generate
