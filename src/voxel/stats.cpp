#include "voxel/stats.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "voxel/clusters.hpp"

namespace condnet::voxel {
namespace {

double ratio(std::int64_t part, std::int64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

// Number of positions where the n-byte rows a and b differ.
std::int64_t count_differences(const std::uint8_t* a, const std::uint8_t* b, std::int64_t n) {
  std::int64_t differences = 0;
  for (std::int64_t i = 0; i < n; ++i) differences += a[i] != b[i];
  return differences;
}

// The interior voxel faces whose two voxels differ in `mask` (shape.count() bytes of 0 or 1, C
// order), counted per the axis they are normal to (each voxel against its x-1, y-1 and z-1
// neighbour).
std::array<std::int64_t, 3> count_interface_faces(std::span<const std::uint8_t> mask,
                                                  const Shape& shape) {
  const auto [nx, ny, nz] = shape;
  std::array<std::int64_t, 3> faces{};
  for (std::int64_t x = 0; x < nx; ++x)
    for (std::int64_t y = 0; y < ny; ++y) {
      const std::uint8_t* row = mask.data() + shape.index(x, y, 0);
      if (x > 0) faces[0] += count_differences(row, row - ny * nz, nz);
      if (y > 0) faces[1] += count_differences(row, row - nz, nz);
      if (nz > 1) faces[2] += count_differences(row + 1, row, nz - 1);
    }
  return faces;
}

}  // namespace

std::vector<PhaseFraction> phase_fractions(const Volume& volume) {
  const auto counts = volume.histogram();
  std::vector<PhaseFraction> fractions;
  for (int label = 0; label < 256; ++label)
    if (counts[label] > 0)
      fractions.push_back({static_cast<std::uint8_t>(label),
                           volume.value_of(static_cast<std::uint8_t>(label)), counts[label],
                           ratio(counts[label], volume.count())});
  return fractions;
}

PhaseStats phase_stats(const Volume& volume, std::uint8_t label) {
  std::vector<std::uint8_t> mask(static_cast<std::size_t>(volume.count()));
  std::transform(volume.data(), volume.data() + volume.count(), mask.begin(),
                 [label](std::uint8_t v) { return static_cast<std::uint8_t>(v == label); });
  PhaseStats stats = mask_stats(mask, label_clusters(mask, volume.shape()));
  stats.label = label;
  stats.value = volume.value_of(label);
  // Faces normal to axis d have area V / h_d for a voxel of volume V: per unit volume, 1 / h_d.
  double per_length = 0;
  for (int d = 0; d < 3; ++d)
    per_length += static_cast<double>(stats.faces_normal_to[d]) / volume.spacing()[d];
  stats.specific_surface =
      volume.count() > 0 ? per_length / static_cast<double>(volume.count()) : 0.0;
  return stats;
}

PhaseStats mask_stats(std::span<const std::uint8_t> mask, const Clusters& clusters) {
  CONDNET_ASSERT(static_cast<std::int64_t>(mask.size()) == clusters.shape.count());
  const std::int64_t voxels = clusters.shape.count();
  PhaseStats stats;
  stats.faces_normal_to = count_interface_faces(mask, clusters.shape);
  for (const auto faces : stats.faces_normal_to) stats.interface_faces += faces;
  stats.specific_surface_per_voxel = ratio(stats.interface_faces, voxels);
  stats.specific_surface = stats.specific_surface_per_voxel;
  stats.clusters = clusters.count();
  for (std::int32_t id = 0; id < clusters.count(); ++id) {
    stats.voxels += clusters.size[id];
    stats.largest_cluster = std::max(stats.largest_cluster, clusters.size[id]);
    for (int axis = 0; axis < 3; ++axis)
      if (clusters.spans(id, axis)) stats.axes[axis].spanning_voxels += clusters.size[id];
  }
  stats.volume_fraction = ratio(stats.voxels, voxels);
  for (AxisPercolation& axis : stats.axes) {
    axis.percolates = axis.spanning_voxels > 0;
    axis.spanning_phase_fraction = ratio(axis.spanning_voxels, stats.voxels);
    axis.percolating_volume_fraction = ratio(axis.spanning_voxels, voxels);
  }
  return stats;
}

nlohmann::json to_json(std::span<const PhaseFraction> fractions) {
  nlohmann::json phases = nlohmann::json::array();
  for (const PhaseFraction& phase : fractions)
    phases.push_back({{"label", phase.label},
                      {"value", phase.value},
                      {"voxels", phase.voxels},
                      {"fraction", phase.fraction}});
  return phases;
}

nlohmann::json to_json(const PhaseStats& stats) {
  nlohmann::json percolation = nlohmann::json::object();
  for (int axis = 0; axis < 3; ++axis) {
    const AxisPercolation& a = stats.axes[axis];
    percolation[std::string(1, kAxisNames[axis])] = {
        {"percolates", a.percolates},
        {"spanning_voxels", a.spanning_voxels},
        {"spanning_phase_fraction", a.spanning_phase_fraction},
        {"percolating_volume_fraction", a.percolating_volume_fraction}};
  }
  return {{"label", stats.label},
          {"value", stats.value},
          {"voxels", stats.voxels},
          {"volume_fraction", stats.volume_fraction},
          {"clusters", stats.clusters},
          {"largest_cluster_voxels", stats.largest_cluster},
          {"percolation", percolation},
          {"specific_surface_area",
           {{"method", "face-counting"},
            {"interface_faces", stats.interface_faces},
            {"per_voxel", stats.specific_surface_per_voxel},
            {"per_unit_length", stats.specific_surface}}}};
}

VolumeStats volume_stats(const Volume& volume, const double* phase, std::string_view what) {
  VolumeStats out;
  out.fractions = phase_fractions(volume);
  if (phase) {
    out.details.push_back(phase_stats(volume, volume.label_of(*phase, what)));
  } else if (out.fractions.size() <= kMaxPhasesInDetail) {
    for (const auto& f : out.fractions) out.details.push_back(phase_stats(volume, f.label));
  }
  return out;
}

nlohmann::json to_json(const Volume& volume, const VolumeStats& stats) {
  nlohmann::json out = {
      {"shape", {volume.shape().nx, volume.shape().ny, volume.shape().nz}},
      {"spacing", volume.spacing()},
      {"voxel_size",
       isotropic(volume.spacing()) ? nlohmann::json(volume.spacing()[0]) : nlohmann::json(nullptr)},
      {"phases", to_json(stats.fractions)},
      {"phase_stats", nlohmann::json::array()}};
  for (const auto& s : stats.details) out["phase_stats"].push_back(to_json(s));
  return out;
}

}  // namespace condnet::voxel
