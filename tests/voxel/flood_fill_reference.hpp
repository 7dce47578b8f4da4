#pragma once
// A plain breadth-first flood fill: the reference that label_clusters is tested against.
#include <array>
#include <cstdint>
#include <deque>
#include <vector>

#include "voxel/shape.hpp"

namespace condnet::test {

struct ReferenceClusters {
  std::vector<std::int64_t> label;  // per voxel, C order; -1 off the mask
  std::vector<std::int64_t> size;
  std::vector<std::uint8_t> faces;  // bit 2*axis: touches the low face, 2*axis+1: the high one
};

// Clusters numbered in the order their first voxel appears in C order.
inline ReferenceClusters flood_fill(const std::vector<std::uint8_t>& mask, voxel::Shape shape,
                                    std::array<bool, 3> periodic) {
  const std::array<std::int64_t, 3> extent = {shape.nx, shape.ny, shape.nz};
  ReferenceClusters result;
  result.label.assign(mask.size(), -1);
  std::deque<std::array<std::int64_t, 3>> queue;
  for (std::int64_t x = 0; x < shape.nx; ++x)
    for (std::int64_t y = 0; y < shape.ny; ++y)
      for (std::int64_t z = 0; z < shape.nz; ++z) {
        const std::int64_t seed = shape.index(x, y, z);
        if (!mask[seed] || result.label[seed] >= 0) continue;
        const auto id = static_cast<std::int64_t>(result.size.size());
        result.size.push_back(0);
        result.faces.push_back(0);
        result.label[seed] = id;
        queue.push_back({x, y, z});
        while (!queue.empty()) {
          const auto voxel = queue.front();
          queue.pop_front();
          ++result.size[id];
          for (int axis = 0; axis < 3; ++axis) {
            if (voxel[axis] == 0) result.faces[id] |= 1 << (2 * axis);
            if (voxel[axis] == extent[axis] - 1) result.faces[id] |= 1 << (2 * axis + 1);
            for (const int step : {-1, 1}) {
              auto next = voxel;
              next[axis] += step;
              if (next[axis] < 0 || next[axis] >= extent[axis]) {
                if (!periodic[axis]) continue;
                next[axis] = (next[axis] + extent[axis]) % extent[axis];
              }
              const std::int64_t i = shape.index(next[0], next[1], next[2]);
              if (!mask[i] || result.label[i] >= 0) continue;
              result.label[i] = id;
              queue.push_back(next);
            }
          }
        }
      }
  return result;
}

}  // namespace condnet::test
