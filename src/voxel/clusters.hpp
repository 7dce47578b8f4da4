#pragma once
// 6-connected components of a voxel mask, and which domain faces each component touches.
// Used by `stats` (cluster counts, percolation) and by the solver (only voxels of clusters that
// touch both Dirichlet faces carry current).
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "voxel/shape.hpp"

namespace condnet::voxel {

struct Clusters {
  Shape shape;
  std::vector<std::int32_t>
      label;  // per voxel, C order: cluster id 0..count()-1, or -1 off the mask
  std::vector<std::int64_t> size;  // voxels per cluster
  // Per cluster: bit 2*axis set when it touches the low face normal to `axis`, bit 2*axis+1 the
  // high face.
  std::vector<std::uint8_t> faces;

  std::int64_t count() const { return static_cast<std::int64_t>(size.size()); }
  bool spans(std::int32_t cluster, int axis) const {
    const std::uint8_t both = static_cast<std::uint8_t>(3u << (2 * axis));
    return (faces[cluster] & both) == both;
  }
};

// Components of the voxels where mask != 0 (mask: shape.count() bytes, C order). periodic[a]:
// voxels on the two faces normal to axis a are neighbours (periodic side boundaries).
Clusters label_clusters(std::span<const std::uint8_t> mask, Shape shape,
                        std::array<bool, 3> periodic = {false, false, false});

// 1 for voxels whose cluster touches both faces normal to `axis`, else 0.
std::vector<std::uint8_t> spanning_mask(const Clusters& clusters, int axis);

}  // namespace condnet::voxel
