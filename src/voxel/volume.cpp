#include "voxel/volume.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>

#include "core/error.hpp"

namespace condnet::voxel {

Volume::Volume(Shape shape, std::uint8_t fill)
    : shape_(shape), labels_(static_cast<std::size_t>(shape.count()), fill) {
  CONDNET_ASSERT(shape.nx >= 0 && shape.ny >= 0 && shape.nz >= 0);
}

Volume Volume::borrow(Shape shape, const std::uint8_t* labels) {
  CONDNET_ASSERT(shape.nx >= 0 && shape.ny >= 0 && shape.nz >= 0 && labels != nullptr);
  Volume out;
  out.shape_ = shape;
  out.borrowed_ = labels;
  return out;
}

std::uint8_t* Volume::owned_labels() {
  CONDNET_ASSERT(borrowed_ == nullptr);
  return labels_.data();
}

double Volume::value_of(std::uint8_t label) const {
  if (phase_values_.empty()) return label;
  CONDNET_ASSERT(label < phase_values_.size());
  return phase_values_[label];
}

std::uint8_t Volume::label_of(double value, std::string_view what) const {
  const auto counts = histogram();
  for (int label = 0; label < 256; ++label)
    if (counts[label] > 0 && value_of(static_cast<std::uint8_t>(label)) == value)
      return static_cast<std::uint8_t>(label);
  fail("{}: phase {} is not present; the volume holds {}", what, value,
       describe_phase_values(*this));
}

std::array<std::int64_t, 256> Volume::histogram() const {
  std::array<std::int64_t, 256> counts{};
  const std::uint8_t* labels = data();
  for (std::int64_t i = 0; i < count(); ++i) ++counts[labels[i]];
  return counts;
}

std::vector<std::uint8_t> Volume::labels_present() const {
  const auto counts = histogram();
  std::vector<std::uint8_t> present;
  for (int label = 0; label < 256; ++label)
    if (counts[label] > 0) present.push_back(static_cast<std::uint8_t>(label));
  return present;
}

std::string describe_phase_values(const Volume& volume) {
  std::string text;
  for (const std::uint8_t label : volume.labels_present()) {
    if (!text.empty()) text += ", ";
    text += fmt::format("{}", volume.value_of(label));
  }
  return text.empty() ? "no voxels" : text;
}

namespace {

template <typename T>
Volume labels_from_values(const RawArray& array, std::string_view source) {
  const std::int64_t n = array.shape.count();
  const T* values = reinterpret_cast<const T*>(array.bytes.data());
  Volume volume(array.shape);
  std::uint8_t* labels = volume.data();

  bool direct = true;
  for (std::int64_t i = 0; i < n && direct; ++i) {
    const T v = values[i];
    direct = v >= T(0) && v <= T(255) && static_cast<T>(static_cast<int>(v)) == v;
  }
  if (direct) {
    for (std::int64_t i = 0; i < n; ++i) labels[i] = static_cast<std::uint8_t>(values[i]);
    return volume;
  }

  std::map<T, std::uint8_t> table;
  for (std::int64_t i = 0; i < n; ++i) {
    const T v = values[i];
    if constexpr (std::is_floating_point_v<T>)
      if (std::isnan(v))
        fail("{}: holds NaN; condnet needs a segmented image of phase labels", source);
    if (table.size() < 257) table.emplace(v, 0);
    if (table.size() > 256)
      fail(
          "{}: holds more than 256 distinct values; condnet needs a segmented image of phase "
          "labels (threshold or segment it first)",
          source);
  }
  std::vector<double> phase_values;
  for (auto& [value, label] : table) {
    label = static_cast<std::uint8_t>(phase_values.size());
    phase_values.push_back(static_cast<double>(value));
  }
  for (std::int64_t i = 0; i < n; ++i) labels[i] = table.at(values[i]);
  volume.set_phase_values(std::move(phase_values));
  return volume;
}

template <typename T>
RawArray values_from_labels(const Volume& volume, ElementType dtype) {
  RawArray array{volume.shape(), dtype, {}, std::nullopt};
  array.bytes.resize(static_cast<std::size_t>(volume.count()) * sizeof(T));
  T* out = reinterpret_cast<T*>(array.bytes.data());
  std::array<T, 256> lookup{};
  for (int label = 0; label < 256; ++label)
    lookup[label] = volume.phase_values().empty() || label >= int(volume.phase_values().size())
                        ? static_cast<T>(label)
                        : static_cast<T>(volume.phase_values()[label]);
  const std::uint8_t* labels = volume.data();
  for (std::int64_t i = 0; i < volume.count(); ++i) out[i] = lookup[labels[i]];
  return array;
}

ElementType smallest_exact_dtype(const std::vector<double>& values) {
  bool integral = true;
  double lo = 0, hi = 0;
  for (const double v : values) {
    integral = integral && std::trunc(v) == v;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  if (!integral) return ElementType::float64;
  if (lo >= 0 && hi <= 255) return ElementType::uint8;
  if (lo >= 0 && hi <= 65535) return ElementType::uint16;
  if (lo >= -2147483648.0 && hi <= 2147483647.0) return ElementType::int32;
  return ElementType::float64;
}

}  // namespace

Volume volume_from_array(RawArray array, std::string_view source) {
  CONDNET_ASSERT(array.bytes.size() ==
                 static_cast<std::size_t>(array.shape.count()) * dtype_size(array.dtype));
  if (array.dtype == ElementType::uint8 || array.dtype == ElementType::boolean) {
    Volume volume(array.shape);
    std::memcpy(volume.data(), array.bytes.data(), array.bytes.size());
    return volume;
  }
  return visit_dtype(array.dtype,
                     [&](auto tag) { return labels_from_values<decltype(tag)>(array, source); });
}

RawArray array_from_volume(const Volume& volume) {
  const ElementType dtype = smallest_exact_dtype(volume.phase_values());
  RawArray array = visit_dtype(
      dtype, [&](auto tag) { return values_from_labels<decltype(tag)>(volume, dtype); });
  if (volume.spacing() != kUnitSpacing) array.spacing = volume.spacing();
  return array;
}

}  // namespace condnet::voxel
