#pragma once
// Names inside a dataset file (layout in dataset_file.hpp) and its enum types, shared by the
// writer and the reader.
#include <array>
#include <string>

#include "voxel/hdf5_handle.hpp"

namespace condnet::data {

inline constexpr const char* kVersionAttribute = "condnet_dataset_version";
inline constexpr const char* kSolverSettingsAttribute = "solver_settings";
inline constexpr const char* kVolumes = "/volumes";
inline constexpr const char* kSplit = "/split";
inline constexpr const char* kSeed = "/seed";
inline constexpr const char* kFamily = "/family";
inline constexpr const char* kProvenance = "/provenance";
inline constexpr const char* kPhaseFractions = "/phase_fractions";

// float64 (N, 3) label columns, in AxisLabel's order.
inline constexpr std::array<const char*, 6> kFloatLabelColumns = {"/labels/d_eff",
                                                                  "/labels/tau",
                                                                  "/labels/tau_percolating",
                                                                  "/labels/percolating_fraction",
                                                                  "/labels/relative_residual",
                                                                  "/labels/flux_mismatch"};
inline constexpr const char* kPercolatesColumn = "/labels/percolates";
inline constexpr const char* kStatusColumn = "/labels/status";
inline constexpr const char* kIterationsColumn = "/labels/iterations";
inline constexpr const char* kLabelledColumn = "/labels/labelled";

// enum uint8 {train, val, test} and {unlabelled, converged, not_converged, failed}.
voxel::Hdf5Datatype split_type(const std::string& where);
voxel::Hdf5Datatype status_type(const std::string& where);

}  // namespace condnet::data
