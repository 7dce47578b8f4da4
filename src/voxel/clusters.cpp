#include "voxel/clusters.hpp"

#include <limits>

#include "core/error.hpp"

// Two passes over the label array (both C order):
//  1. scan: each mask voxel takes a provisional label from its backward neighbours (z-1, y-1,
//     x-1) or a new one; differing neighbour labels are merged in a union-find table; then the
//     periodic faces are merged;
//  2. relabel: provisional labels become final ids, counting sizes and face bits.
// Memory: the int32 label array plus the union-find table, one int32 per provisional label.

namespace condnet::voxel {
namespace {

constexpr std::int32_t kOffMask = -1;

// Union-find over provisional labels with parent[l] <= l: a set's root is its smallest label,
// the one given to its first voxel in C order, so numbering roots in ascending order numbers
// clusters in order of first appearance.
class ProvisionalLabels {
 public:
  std::int32_t create(const Shape& shape) {
    if (parent_.size() >= static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
      fail("label_clusters: volume {} has more 6-connected pieces than int32 labels can number",
           shape.str());
    const auto label = static_cast<std::int32_t>(parent_.size());
    parent_.push_back(label);
    return label;
  }

  std::int32_t find(std::int32_t label) {
    while (parent_[label] != label) {
      parent_[label] = parent_[parent_[label]];  // path halving
      label = parent_[label];
    }
    return label;
  }

  // Joins the sets of a and b; returns the joined set's root.
  std::int32_t merge(std::int32_t a, std::int32_t b) {
    a = find(a);
    b = find(b);
    if (a < b) {
      parent_[b] = a;
      return a;
    }
    parent_[a] = b;
    return b;
  }

  // Turns the table into provisional label -> final id (0..count-1, roots in ascending order)
  // and returns count. Ascending order works in place because parent[l] < l is already final.
  std::int64_t number_roots() {
    std::int32_t next = 0;
    for (std::size_t label = 0; label < parent_.size(); ++label)
      parent_[label] = parent_[label] == static_cast<std::int32_t>(label)
                           ? next++
                           : parent_[static_cast<std::size_t>(parent_[label])];
    return next;
  }

  // After number_roots().
  std::int32_t final_id(std::int32_t label) const { return parent_[label]; }

 private:
  std::vector<std::int32_t> parent_;
};

// Pass 1 for one row of constant (x, y). mask, row: the row (nz voxels); up: the labels of
// row (x, y-1); back: those of row (x-1, y); rows outside the volume are all kOffMask.
void scan_row(const std::uint8_t* mask, std::int32_t* row, const std::int32_t* up,
              const std::int32_t* back, std::int64_t nz, const Shape& shape,
              ProvisionalLabels& labels) {
  std::int32_t current = kOffMask;  // the label of voxel z-1
  for (std::int64_t z = 0; z < nz; ++z) {
    if (!mask[z]) {
      current = kOffMask;
      row[z] = kOffMask;
      continue;
    }
    const std::int32_t above = up[z];
    const std::int32_t behind = back[z];
    if (current == kOffMask)
      current = above;
    else if (above != kOffMask && above != current)
      current = labels.merge(current, above);
    if (current == kOffMask)
      current = behind;
    else if (behind != kOffMask && behind != current)
      current = labels.merge(current, behind);
    if (current == kOffMask) current = labels.create(shape);
    row[z] = current;
  }
}

// Merges the labels of the voxel pairs (0, n-1) along each periodic axis. Along an axis of
// extent 1 or 2 those voxels are the same voxel or already neighbours.
void merge_periodic_faces(const std::vector<std::int32_t>& label, const Shape& shape,
                          std::array<bool, 3> periodic, ProvisionalLabels& labels) {
  const auto join = [&](std::int64_t i, std::int64_t j) {
    if (label[i] != kOffMask && label[j] != kOffMask) labels.merge(label[i], label[j]);
  };
  const auto [nx, ny, nz] = shape;
  if (periodic[0] && nx > 2)
    for (std::int64_t y = 0; y < ny; ++y)
      for (std::int64_t z = 0; z < nz; ++z) join(shape.index(0, y, z), shape.index(nx - 1, y, z));
  if (periodic[1] && ny > 2)
    for (std::int64_t x = 0; x < nx; ++x)
      for (std::int64_t z = 0; z < nz; ++z) join(shape.index(x, 0, z), shape.index(x, ny - 1, z));
  if (periodic[2] && nz > 2)
    for (std::int64_t x = 0; x < nx; ++x)
      for (std::int64_t y = 0; y < ny; ++y) join(shape.index(x, y, 0), shape.index(x, y, nz - 1));
}

constexpr std::uint8_t face_bit(int axis, bool high) {
  return static_cast<std::uint8_t>(1u << (2 * axis + (high ? 1 : 0)));
}

}  // namespace

Clusters label_clusters(std::span<const std::uint8_t> mask, Shape shape,
                        std::array<bool, 3> periodic) {
  CONDNET_ASSERT(shape.nx >= 0 && shape.ny >= 0 && shape.nz >= 0);
  CONDNET_ASSERT(static_cast<std::int64_t>(mask.size()) == shape.count());
  const auto [nx, ny, nz] = shape;
  Clusters clusters;
  clusters.shape = shape;
  clusters.label.resize(static_cast<std::size_t>(shape.count()));
  std::int32_t* label = clusters.label.data();

  ProvisionalLabels labels;
  const std::vector<std::int32_t> outside(static_cast<std::size_t>(nz), kOffMask);
  for (std::int64_t x = 0; x < nx; ++x)
    for (std::int64_t y = 0; y < ny; ++y) {
      const std::int64_t start = shape.index(x, y, 0);
      scan_row(mask.data() + start, label + start, y > 0 ? label + start - nz : outside.data(),
               x > 0 ? label + start - ny * nz : outside.data(), nz, shape, labels);
    }
  merge_periodic_faces(clusters.label, shape, periodic, labels);

  const std::int64_t count = labels.number_roots();
  clusters.size.assign(static_cast<std::size_t>(count), 0);
  clusters.faces.assign(static_cast<std::size_t>(count), 0);
  std::int64_t* size = clusters.size.data();
  std::uint8_t* faces = clusters.faces.data();
  for (std::int64_t x = 0; x < nx; ++x)
    for (std::int64_t y = 0; y < ny; ++y) {
      // Face bits shared by the whole row; the z faces are its two ends.
      std::uint8_t row_faces = 0;
      if (x == 0) row_faces |= face_bit(0, false);
      if (x == nx - 1) row_faces |= face_bit(0, true);
      if (y == 0) row_faces |= face_bit(1, false);
      if (y == ny - 1) row_faces |= face_bit(1, true);
      std::int32_t* row = label + shape.index(x, y, 0);
      for (std::int64_t z = 0; z < nz; ++z) {
        if (row[z] == kOffMask) continue;
        const std::int32_t id = labels.final_id(row[z]);
        row[z] = id;
        ++size[id];
        faces[id] |= row_faces;
      }
      if (nz > 0 && row[0] != kOffMask) faces[row[0]] |= face_bit(2, false);
      if (nz > 0 && row[nz - 1] != kOffMask) faces[row[nz - 1]] |= face_bit(2, true);
    }
  return clusters;
}

std::vector<std::uint8_t> spanning_mask(const Clusters& clusters, int axis) {
  CONDNET_ASSERT(axis >= 0 && axis < 3);
  std::vector<std::uint8_t> cluster_spans(static_cast<std::size_t>(clusters.count()));
  for (std::int32_t id = 0; id < clusters.count(); ++id)
    cluster_spans[id] = clusters.spans(id, axis);
  std::vector<std::uint8_t> mask(clusters.label.size());
  for (std::size_t i = 0; i < mask.size(); ++i)
    mask[i] = clusters.label[i] != kOffMask && cluster_spans[clusters.label[i]];
  return mask;
}

}  // namespace condnet::voxel
