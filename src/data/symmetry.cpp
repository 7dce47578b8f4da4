// The 48 cube symmetries: index decoding, the voxel remap and the label permutation.
#include "data/symmetry.hpp"

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "core/error.hpp"

namespace condnet::data {
namespace {

// The 6 permutations of {0, 1, 2} in lexicographic order.
constexpr std::array<std::array<int, 3>, 6> kPermutations = {
    {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}}};

// Edge of the output blocks of the strided remap.
constexpr std::ptrdiff_t kBlock = 8;

template <typename T>
std::array<T, 3> permuted(const std::array<T, 3>& labels, const std::array<int, 3>& perm) {
  return {labels[perm[0]], labels[perm[1]], labels[perm[2]]};
}

}  // namespace

CubeSymmetry CubeSymmetry::from_index(int index) {
  CONDNET_ASSERT(index >= 0 && index < kCount);
  CubeSymmetry symmetry;
  symmetry.perm = kPermutations[index / 8];
  for (int axis = 0; axis < 3; ++axis) symmetry.flip[axis] = (index >> axis) & 1;
  return symmetry;
}

void CubeSymmetry::apply(const std::uint8_t* in, std::uint8_t* out, int n) const {
  CONDNET_ASSERT(n >= 1);
  const std::ptrdiff_t size = n;
  const std::array<std::ptrdiff_t, 3> input_stride = {size * size, size, 1};
  // Walking output axis i by one voxel moves the input offset by step[i]; `origin` is the input
  // offset of out[0, 0, 0].
  std::array<std::ptrdiff_t, 3> step{};
  std::ptrdiff_t origin = 0;
  for (int axis = 0; axis < 3; ++axis) {
    const std::ptrdiff_t stride = input_stride[perm[axis]];
    step[axis] = flip[axis] ? -stride : stride;
    if (flip[axis]) origin += (size - 1) * stride;
  }
  if (step[2] == 1) {         // input z stays output z, forwards: copy whole rows
    std::uint8_t* row = out;  // out[c0, c1, :]
    for (std::ptrdiff_t c0 = 0; c0 < size; ++c0)
      for (std::ptrdiff_t c1 = 0; c1 < size; ++c1, row += size)
        std::memcpy(row, in + origin + c0 * step[0] + c1 * step[1], static_cast<std::size_t>(size));
    return;
  }
  // Strided reads: walk the output in kBlock^3 blocks so that the input lines a block reads
  // stay in L1 while it is filled.
  for (std::ptrdiff_t b0 = 0; b0 < size; b0 += kBlock) {
    const std::ptrdiff_t e0 = std::min(b0 + kBlock, size);
    for (std::ptrdiff_t b1 = 0; b1 < size; b1 += kBlock) {
      const std::ptrdiff_t e1 = std::min(b1 + kBlock, size);
      for (std::ptrdiff_t b2 = 0; b2 < size; b2 += kBlock) {
        const std::ptrdiff_t e2 = std::min(b2 + kBlock, size);
        for (std::ptrdiff_t c0 = b0; c0 < e0; ++c0) {
          for (std::ptrdiff_t c1 = b1; c1 < e1; ++c1) {
            const std::uint8_t* source = in + origin + c0 * step[0] + c1 * step[1] + b2 * step[2];
            std::uint8_t* target = out + (c0 * size + c1) * size;  // out[c0, c1, :]
            for (std::ptrdiff_t c2 = b2; c2 < e2; ++c2, source += step[2]) target[c2] = *source;
          }
        }
      }
    }
  }
}

std::array<float, 3> CubeSymmetry::permute_labels(const std::array<float, 3>& labels) const {
  return permuted(labels, perm);
}

std::array<double, 3> CubeSymmetry::permute_labels(const std::array<double, 3>& labels) const {
  return permuted(labels, perm);
}

}  // namespace condnet::data
