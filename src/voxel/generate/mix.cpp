// mix: each sample comes from one of several families, drawn with probabilities proportional
// to --weights FAMILY:W,FAMILY:W,... The other options apply to every family in the mix that has
// them (each family keeps its own defaults for the rest); an option that no family in the mix
// has is an error. Without --weights the mix draws mix_default_draw(): every family, each over
// its own porosity range and with anisotropic variants, the options given taking precedence.
// Samples record the family they came from, never "mix".
#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "voxel/generate/families.hpp"
#include "voxel/generate/family_support.hpp"
#include "voxel/generate/mix_default_draw.hpp"

namespace condnet::voxel::generate {

namespace {

const std::vector<const FamilyInfo*>& mixable_families() {
  static const std::vector<const FamilyInfo*> all = {&overlapping_spheres_family(),
                                                     &packed_spheres_family(),
                                                     &gaussian_field_family(),
                                                     &fibres_family(),
                                                     &ellipsoids_family(),
                                                     &electrode_family(),
                                                     &grain_pack_family(),
                                                     &calendered_family(),
                                                     &foam_family()};
  return all;
}

std::string mixable_names() {
  std::string names;
  for (const FamilyInfo* info : mixable_families())
    names += (names.empty() ? "" : ", ") + std::string(info->name);
  return names;
}

const FamilyInfo* find_mixable(std::string_view name) {
  for (const FamilyInfo* info : mixable_families())
    if (info->name == name) return info;
  return nullptr;
}

bool has_option(const FamilyInfo& info, std::string_view option) {
  return std::find(info.options.begin(), info.options.end(), option) != info.options.end();
}

struct Member {
  std::unique_ptr<Generator> generator;
  double weight;
};

class Mix final : public Generator {
 public:
  explicit Mix(const nlohmann::json& config) : config_(config) {
    const ParamReader reader(config, mix_family());
    if (reader.has("weights")) {
      const nlohmann::json& weights = reader.raw("weights");
      if (!weights.is_object() || weights.empty())
        fail("--weights {}: expected FAMILY:WEIGHT,...; families: {}", describe_value(weights),
             mixable_names());
      for (const auto& [name, weight] : weights.items())
        if (!find_mixable(name))
          fail("--weights {}: unknown family; allowed: {}", name, mixable_names());
      for (const FamilyInfo* info : mixable_families()) {
        const auto weight = weights.find(std::string(info->name));
        if (weight == weights.end()) continue;
        if (!weight->is_number() || !(weight->get<double>() > 0) ||
            !std::isfinite(weight->get<double>()))
          fail("--weights {}:{}: a weight must be a positive number", info->name,
               describe_value(*weight));
        add_member(*info, {}, config, weight->get<double>());
      }
    } else {
      for (const MixVariant& variant : mix_default_draw())
        add_member(*find_mixable(variant.family), variant.options, config, variant.weight);
    }
    for (const auto& [key, value] : config.items()) {
      if (key == "family" || key == "weights") continue;
      const bool used = std::any_of(members_.begin(), members_.end(), [&](const Member& m) {
        return has_option(*find_mixable(m.generator->family()), key);
      });
      if (!used) fail("--{}: not an option of any family in the mix ({})", key, member_names());
    }
  }

  std::string family() const override { return "mix"; }

  int phases() const override {
    int phases = 0;
    for (const Member& m : members_) phases = std::max(phases, m.generator->phases());
    return phases;
  }

  nlohmann::json to_json() const override { return config_; }

  void check_shape(const Shape& shape) const override {
    for (const Member& m : members_) m.generator->check_shape(shape);
  }

  Generated generate(const Shape& shape, std::uint64_t seed) const override {
    Rng rng(seed, Stream::family_choice);
    double pick = rng.uniform() * total_weight_;
    for (const Member& m : members_) {
      if (pick < m.weight) return m.generator->generate(shape, seed);
      pick -= m.weight;
    }
    return members_.back().generator->generate(shape, seed);
  }

 private:
  // Adds the member built from `options` and the options of `config` it has (these take
  // precedence); its errors say which member they are about.
  void add_member(const FamilyInfo& info, const nlohmann::json& options,
                  const nlohmann::json& config, double weight) {
    nlohmann::json member = options;
    member["family"] = info.name;
    for (const auto& [key, value] : config.items())
      if (has_option(info, key)) member[key] = value;
    try {
      members_.push_back({info.make(member), weight});
    } catch (const Error& e) {
      fail("{} (family {} of the mix)", e.what(), info.name);
    }
    total_weight_ += weight;
  }

  std::string member_names() const {
    std::string names;
    for (const Member& m : members_) names += (names.empty() ? "" : ", ") + m.generator->family();
    return names;
  }

  nlohmann::json config_;
  std::vector<Member> members_;
  double total_weight_ = 0;
};

std::vector<std::string_view> mix_options() {
  std::vector<std::string_view> options = {"weights"};
  for (const FamilyInfo* info : mixable_families())
    for (const std::string_view option : info->options)
      if (std::find(options.begin(), options.end(), option) == options.end())
        options.push_back(option);
  return options;
}

}  // namespace

const FamilyInfo& mix_family() {
  static const FamilyInfo info{
      "mix",
      "each sample from one of the families above, drawn by --weights FAMILY:W,... (default: "
      "all, equally, each over its own porosity range, anisotropic variants included)",
      mix_options(), [](const nlohmann::json& config) -> std::unique_ptr<Generator> {
        return std::make_unique<Mix>(config);
      }};
  return info;
}

}  // namespace condnet::voxel::generate
