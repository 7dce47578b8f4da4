#include "voxel/generate/canvas.hpp"

#include "core/error.hpp"

namespace condnet::voxel::generate {

namespace {

std::int64_t wrap(std::int64_t i, std::int64_t n) {
  const std::int64_t r = i % n;
  return r < 0 ? r + n : r;
}

}  // namespace

Canvas::Canvas(Volume& volume, std::uint8_t paint)
    : shape_(volume.shape()), labels_(volume.data()), paint_(paint) {
  CONDNET_ASSERT(paint != kConducting);
  conducting_ = volume.histogram()[kConducting];
}

void Canvas::paint_run(std::int64_t x, std::int64_t y, double z0, double z1) {
  if (z0 > z1) return;
  const std::int64_t nz = shape_.nz;
  std::int64_t first = 0, length = nz;
  if (z1 - z0 + 1 < static_cast<double>(nz)) {
    first = wrap(static_cast<std::int64_t>(z0), nz);
    length = static_cast<std::int64_t>(z1 - z0) + 1;
  }
  std::uint8_t* row = labels_ + shape_.index(wrap(x, shape_.nx), wrap(y, shape_.ny), 0);
  const std::int64_t row_start = row - labels_;
  for (std::int64_t i = 0, z = first; i < length; ++i, z = z + 1 == nz ? 0 : z + 1) {
    if (row[z] != kConducting) continue;
    row[z] = paint_;
    last_changed_.push_back(row_start + z);
    --conducting_;
  }
}

void Canvas::undo_last() {
  for (const std::int64_t index : last_changed_) labels_[index] = kConducting;
  conducting_ += static_cast<std::int64_t>(last_changed_.size());
  last_changed_.clear();
}

}  // namespace condnet::voxel::generate
