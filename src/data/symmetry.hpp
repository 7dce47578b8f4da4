#pragma once
// The 48 symmetries of the cube (6 axis permutations x 8 flips), for data augmentation of
// cubic samples and their per-axis labels.
//
// A symmetry maps an input cube in[x, y, z] (n^3, C order, axes 0, 1, 2) to an output cube:
// output axis i is input axis perm[i], read backwards when flip[i]:
//   out[c0, c1, c2] = in[q] with q[perm[i]] = flip[i] ? n - 1 - c[i] : c[i].
// A quantity measured along input axis perm[i] (D_eff, tau) is measured along output axis i,
// so labels follow the permutation and ignore the flips (a flip along the transport axis only
// swaps inlet and outlet).
#include <array>
#include <cstdint>

namespace condnet::data {

struct CubeSymmetry {
  static constexpr int kCount = 48;

  std::array<int, 3> perm = {0, 1, 2};               // output axis i = input axis perm[i]
  std::array<bool, 3> flip = {false, false, false};  // per output axis

  // index = 8 * p + f for 0 <= index < 48: p the permutation in lexicographic order
  // (0 = {0, 1, 2}, 5 = {2, 1, 0}), bit i of f flips output axis i. 0 is the identity.
  static CubeSymmetry from_index(int index);

  // in, out: n^3 voxels each, C order [x, y, z]; must not overlap.
  void apply(const std::uint8_t* in, std::uint8_t* out, int n) const;

  // labels[i] along input axis i -> labels along output axis i: out[i] = labels[perm[i]].
  std::array<float, 3> permute_labels(const std::array<float, 3>& labels) const;
  std::array<double, 3> permute_labels(const std::array<double, 3>& labels) const;
};

}  // namespace condnet::data
