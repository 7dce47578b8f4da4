#pragma once
// What the network sees of an n^3 cube, and the bound its three ratio outputs are scaled by
// (conductivity_head.hpp: D_eff along axis a = bound[a] r_a, 0 < r_a < 1).
//
// Physics that is exact needs no network: along axis a only the voxels of clusters that touch
// both faces normal to a (6-connected, sealed sides: the solver's and the labels' convention)
// carry current. So every encoding computes, per axis, that spanning set, and
//   - an axis along which nothing spans gets bound 0: D_eff exactly 0, tau infinite, in the
//     training targets, in evaluation and in prediction;
//   - D_eff along a never exceeds the spanning fraction eps_a (the parallel-plate bound of the
//     voxels that can carry current), nor eps.
// Encodings (`condnet train --input NAME`; run.json keeps it under options.input):
//   phase     1 channel, the conducting phase; bound eps where some cluster spans, else 0.
//             Runs trained before encodings existed are this one.
//   spanning  3 channels, the spanning set along x, y and z (isolated and dead-end clusters
//             that touch at most one face removed); bound eps_a. The channels follow the cube
//             symmetries like the labels: output channel i is the mask along input axis
//             perm[i] (symmetry.hpp).
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "voxel/clusters.hpp"

namespace condnet::data {

inline constexpr const char* kLegacyEncoding = "phase";

class InputEncoding {
 public:
  // "phase" or "spanning"; Error naming `where` and the allowed names otherwise.
  static InputEncoding parse(std::string_view name, std::string_view where);

  const std::string& name() const { return name_; }
  std::int64_t channels() const { return static_cast<std::int64_t>(planes_.size()); }

  // conducting: n^3 bytes, nonzero where the voxel conducts, C order [x, y, z].
  // out: (channels(), n, n, n) floats, 1 or 0. Returns the bound per axis (see above).
  std::array<double, 3> encode(std::span<const std::uint8_t> conducting, std::int64_t n,
                               std::span<float> out) const;
  // The same with the clusters already labelled: clusters = voxel::label_clusters(conducting,
  // {n, n, n}) (whoever needs them besides the encoding labels once).
  std::array<double, 3> encode(std::span<const std::uint8_t> conducting,
                               const voxel::Clusters& clusters, std::span<float> out) const;

 private:
  enum class Plane { conducting, spanning_x, spanning_y, spanning_z };
  enum class Bound { eps_if_spanning, spanning_fraction };
  InputEncoding(std::string name, std::vector<Plane> planes, Bound bound)
      : name_(std::move(name)), planes_(std::move(planes)), bound_(bound) {}

  std::string name_;
  std::vector<Plane> planes_;
  Bound bound_;
};

// The names parse() takes, "phase, spanning".
std::string input_encoding_names();

}  // namespace condnet::data
