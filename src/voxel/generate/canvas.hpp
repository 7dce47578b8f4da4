#pragma once
// Painting solid bodies into a periodic voxel grid that starts as all conducting phase.
#include <cmath>
#include <cstdint>
#include <vector>

#include "voxel/generate/bodies.hpp"
#include "voxel/generate/generator.hpp"
#include "voxel/volume.hpp"

namespace condnet::voxel::generate {

// Turns the conducting voxels (kConducting) under each body into `paint`, wrapping around
// every face, and keeps the count of conducting voxels left. Remembers the voxels the last
// body changed so that it can be undone.
class Canvas {
 public:
  Canvas(Volume& volume, std::uint8_t paint);

  std::int64_t conducting() const { return conducting_; }
  const Shape& shape() const { return shape_; }

  // Paints one body (a type with footprint() and z_interval(x, y), see bodies.hpp).
  template <typename Body>
  void paint(const Body& body);
  // Restores the voxels the last paint() changed.
  void undo_last();

 private:
  // Paints voxels z0..z1 (inclusive, any integers; wrapped) of row (x, y) (wrapped).
  void paint_run(std::int64_t x, std::int64_t y, double z0, double z1);

  Shape shape_;
  std::uint8_t* labels_;
  std::uint8_t paint_;
  std::int64_t conducting_;
  std::vector<std::int64_t> last_changed_;  // linear indices
};

// Paints bodies from `next_body()` until at most `target` conducting voxels remain; then keeps
// the last body or undoes it, whichever leaves the count closer to `target`. The count ends
// within half a body's voxels of `target` (when the grid holds that many conducting voxels).
template <typename NextBody>
void paint_until(Canvas& canvas, std::int64_t target, NextBody&& next_body) {
  std::int64_t before = canvas.conducting();
  while (canvas.conducting() > target) {
    before = canvas.conducting();
    canvas.paint(next_body());
  }
  if (before - target < target - canvas.conducting()) canvas.undo_last();
}

template <typename Body>
void Canvas::paint(const Body& body) {
  last_changed_.clear();
  const Footprint box = body.footprint();
  const auto x_first = static_cast<std::int64_t>(std::ceil(box.x0));
  const auto x_last = static_cast<std::int64_t>(std::floor(box.x1));
  const auto y_first = static_cast<std::int64_t>(std::ceil(box.y0));
  const auto y_last = static_cast<std::int64_t>(std::floor(box.y1));
  for (std::int64_t x = x_first; x <= x_last; ++x)
    for (std::int64_t y = y_first; y <= y_last; ++y) {
      const ZInterval run = body.z_interval(static_cast<double>(x), static_cast<double>(y));
      if (run.lo <= run.hi) paint_run(x, y, std::ceil(run.lo), std::floor(run.hi));
    }
}

}  // namespace condnet::voxel::generate
