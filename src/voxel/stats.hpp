#pragma once
// Microstructure statistics of a Volume: phase volume fractions, and for one phase its
// 6-connected clusters, percolation along each axis and specific surface area.
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string_view>
#include <vector>

#include "voxel/volume.hpp"

namespace condnet::voxel {

struct PhaseFraction {
  std::uint8_t label;
  double value;  // the user's phase value, Volume::value_of(label)
  std::int64_t voxels;
  double fraction;  // voxels / all voxels
};

// Percolation of one phase along one axis (no-flux side faces, no periodic wrap).
struct AxisPercolation {
  bool percolates = false;                 // some cluster touches both faces normal to the axis
  std::int64_t spanning_voxels = 0;        // voxels of the clusters that do
  double spanning_phase_fraction = 0;      // spanning_voxels / phase voxels
  double percolating_volume_fraction = 0;  // spanning_voxels / all voxels
};

struct PhaseStats {
  std::uint8_t label = 0;
  double value = 0;  // the user's phase value
  std::int64_t voxels = 0;
  double volume_fraction = 0;           // voxels / all voxels
  std::int64_t clusters = 0;            // 6-connected
  std::int64_t largest_cluster = 0;     // voxels
  std::array<AxisPercolation, 3> axes;  // x, y, z
  // Specific surface area by face counting: interface_faces is the number of voxel faces
  // between this phase and any other, inside the domain (the domain boundary is not counted).
  // Counting voxel faces overestimates the area of a smooth surface, by 1.5x on average over
  // random orientations (a plane's faces project onto it with |n_x| + |n_y| + |n_z|, whose mean
  // over the sphere is 3/2).
  std::int64_t interface_faces = 0;
  std::array<std::int64_t, 3> faces_normal_to{};  // interface_faces by the axis they face
  double specific_surface_per_voxel = 0;          // interface_faces / all voxels, in 1/voxel
  // The same per unit length: face area over volume with the voxel spacing (sum over axes d of
  // faces_normal_to[d] / h_d, over all voxels); per_voxel / h for an isotropic spacing h.
  double specific_surface = 0;
};

// Every phase present, ascending label.
std::vector<PhaseFraction> phase_fractions(const Volume& volume);

// Statistics of the phase `label` (zeros when absent).
PhaseStats phase_stats(const Volume& volume, std::uint8_t label);

struct Clusters;
// The same of a mask whose clusters are already labelled: mask is clusters.shape.count() bytes
// of 0 or 1 (C order), clusters = label_clusters(mask, shape). label and value stay 0, and
// specific_surface is per voxel (a mask has no voxel size).
PhaseStats mask_stats(std::span<const std::uint8_t> mask, const Clusters& clusters);

// What `condnet stats` reports (and Python's condnet.stats returns): every phase's fraction and,
// for `phase` (a value in the user's terms; Error naming `what` when absent) or else for every
// phase when there are at most kMaxPhasesInDetail, the detailed statistics.
inline constexpr std::size_t kMaxPhasesInDetail = 16;
struct VolumeStats {
  std::vector<PhaseFraction> fractions;
  std::vector<PhaseStats> details;
};
VolumeStats volume_stats(const Volume& volume, const double* phase, std::string_view what);
// {"shape", "spacing", "voxel_size" (null unless isotropic), "phases", "phase_stats"}.
nlohmann::json to_json(const Volume& volume, const VolumeStats& stats);

nlohmann::json to_json(std::span<const PhaseFraction> fractions);
nlohmann::json to_json(const PhaseStats& stats);

}  // namespace condnet::voxel
