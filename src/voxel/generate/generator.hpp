#pragma once
// Microstructure generators ("families"). Each makes random 3D phase images, one per seed, for
// datasets of (microstructure, effective conductivity) pairs.
//
// Phase labels are the same in every family, so that a network trained on a mixed dataset
// sees one encoding and the labeller always solves for the same phase:
//   0 = solid (particles, fibres, flakes, active material),
//   1 = the conducting phase: pores / electrolyte; "porosity" is its volume fraction,
//   2 = carbon-binder domain (electrode only).
// Periodicity: every family is periodic along all three axes (objects that cross a face wrap
// around to the opposite face; the Gaussian field is filtered with wrap-around), so samples
// tile space and have no boundary layer; the solver may use either side condition.
// Volume fraction: every family hits the requested porosity within 1% absolute (the Gaussian
// field exactly, to one voxel); a range LO:HI draws one porosity per sample.
// Determinism: a (parameters, shape, seed) triple always gives the same volume, on any
// platform (own random numbers, voxel-centre tests in double precision).
// Sizes: defaults of options in voxels scale with the sample (kDesignSize below), so every
// family works at every size with defaults only.
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "voxel/volume.hpp"

namespace condnet::voxel::generate {

inline constexpr std::uint8_t kSolid = 0;
inline constexpr std::uint8_t kConducting = 1;
inline constexpr std::uint8_t kBinder = 2;

// Defaults of options in voxels (radii, lengths, semi-axes, correlation lengths) are those of a
// sample of kDesignSize^3 voxels (the default --size) and scale with the sample's smallest
// extent N, by N / kDesignSize. Values the user gives are used as given.
inline constexpr double kDesignSize = 64;

struct Generated {
  Volume volume;
  // This sample's parameters: the family and every option, ranges resolved to the values
  // drawn and size-scaled defaults to the values for this shape;
  // make_generator(params)->generate(shape, seed) makes the same volume again.
  nlohmann::json params;
};

class Generator {
 public:
  virtual ~Generator() = default;
  virtual std::string family() const = 0;
  // Every parameter, defaults included except those that scale with the sample's size (they
  // depend on the shape); make_generator(to_json()) builds an equal generator.
  virtual nlohmann::json to_json() const = 0;
  // Number of phase labels samples may hold: 2, or 3 with carbon-binder.
  virtual int phases() const = 0;
  // Throws Error when samples of `shape` cannot be made as asked (a particle so large that
  // one more or one fewer moves the volume fraction by more than 2%).
  virtual void check_shape(const Shape& shape) const = 0;
  // One sample (checks the shape first).
  virtual Generated generate(const Shape& shape, std::uint64_t seed) const = 0;
};

struct FamilyInfo {
  std::string_view name;
  std::string_view summary;
  // The options the family reads: keys of its JSON config, and CLI options with "--" before.
  std::vector<std::string_view> options;
  std::unique_ptr<Generator> (*make)(const nlohmann::json& config);
};

// Every family, in the order `condnet generate --help` lists them.
const std::vector<FamilyInfo>& families();
std::string family_names();  // "overlapping-spheres, packed-spheres, ..."
// nullptr when no family has that name.
const FamilyInfo* find_family(std::string_view name);

// Builds a generator from {"family": NAME, OPTION: VALUE, ...}. A number option takes a
// number, a range option a number or [LO, HI], a triple a number or [X, Y, Z]. Throws Error
// naming the option (as --option) for an unknown family or option, a bad value, or a volume
// fraction the family cannot reach.
std::unique_ptr<Generator> make_generator(const nlohmann::json& config);

}  // namespace condnet::voxel::generate
