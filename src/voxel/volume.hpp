#pragma once
// Volume: a 3D image of phase labels (uint8), indexed im[x, y, z] in C order, with the
// voxel spacing and, where the file's values were not 0..255 integers, the table that maps each
// label back to the value the file held (so users always name phases by their own values).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "voxel/array.hpp"
#include "voxel/shape.hpp"
#include "voxel/spacing.hpp"

namespace condnet::voxel {

class Volume {
 public:
  Volume() = default;
  explicit Volume(Shape shape, std::uint8_t fill = 0);
  // A read-only volume over shape.count() labels in C order that someone else owns (a numpy
  // array handed to the Python module): nothing is copied. The owner keeps them alive and
  // unchanged while this volume (or a copy of it) is in use; the mutable accessors must not
  // be called on it.
  static Volume borrow(Shape shape, const std::uint8_t* labels);

  // Whether the labels are someone else's (borrow) rather than this volume's own.
  bool borrowed() const { return borrowed_ != nullptr; }

  const Shape& shape() const { return shape_; }
  std::int64_t count() const { return shape_.count(); }
  std::uint8_t* data() { return owned_labels(); }
  const std::uint8_t* data() const { return borrowed_ ? borrowed_ : labels_.data(); }
  std::uint8_t& operator()(std::int64_t x, std::int64_t y, std::int64_t z) {
    return owned_labels()[shape_.index(x, y, z)];
  }
  std::uint8_t operator()(std::int64_t x, std::int64_t y, std::int64_t z) const {
    return data()[shape_.index(x, y, z)];
  }

  // Edge lengths of one voxel along x, y, z in the user's unit (1 when unknown; spacing.hpp).
  const Spacing& spacing() const { return spacing_; }
  void set_spacing(const Spacing& spacing) { spacing_ = spacing; }

  // label -> value in the source file; empty when every label is its own value.
  const std::vector<double>& phase_values() const { return phase_values_; }
  void set_phase_values(std::vector<double> values) { phase_values_ = std::move(values); }
  double value_of(std::uint8_t label) const;
  // The label of the phase the user calls `value`; throws Error naming `what` (file or
  // option) and the values present when no voxel has it.
  std::uint8_t label_of(double value, std::string_view what) const;

  // Voxel count per label.
  std::array<std::int64_t, 256> histogram() const;
  // Labels that occur, ascending.
  std::vector<std::uint8_t> labels_present() const;

 private:
  std::uint8_t* owned_labels();

  Shape shape_;
  std::vector<std::uint8_t> labels_;        // empty when borrowed
  const std::uint8_t* borrowed_ = nullptr;  // the owner's labels, or nullptr
  Spacing spacing_ = kUnitSpacing;
  std::vector<double> phase_values_;
};

// A float field on the same grid (potential, flux), C order.
struct Field {
  Shape shape;
  std::vector<float> values;
};

// Converts what a file held into phase labels. Integers 0..255 are labels as they are; other
// values (16-bit labels, floats) are mapped to labels 0..k-1 in ascending order when there are
// at most 256 distinct values. Throws Error naming `source` for images that are not segmented
// (more than 256 distinct values, NaN).
Volume volume_from_array(RawArray array, std::string_view source);
// The inverse: the phase values in the smallest dtype that holds them exactly (uint8, uint16,
// int32 or float64).
RawArray array_from_volume(const Volume& volume);

// "0, 85, 170" — for messages.
std::string describe_phase_values(const Volume& volume);

}  // namespace condnet::voxel
