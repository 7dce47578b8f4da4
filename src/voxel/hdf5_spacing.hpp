#pragma once
// The voxel spacing an HDF5 volume states: the attribute "element_size_um" on its dataset (the
// convention of Fiji's HDF5 plugin, ilastik and BigDataViewer exports), one number per array
// axis in the dataset's axis order. condnet writes it for a spacing other than 1,1,1 (in the
// user's unit, whatever it is).
#include <hdf5.h>

#include <optional>
#include <string>

#include "voxel/spacing.hpp"

namespace condnet::voxel {

inline constexpr const char* kSpacingAttribute = "element_size_um";

// `dataset`'s spacing, none without the attribute; `rank` is the dataset's (a 2D image is read
// as 1 x H x W: its spacing gets 1 for the added axis). Error naming `where` for an attribute
// that is not `rank` numbers > 0.
std::optional<Spacing> read_hdf5_spacing(hid_t dataset, int rank, const std::string& where);

void write_hdf5_spacing(hid_t dataset, const Spacing& spacing, const std::string& where);

}  // namespace condnet::voxel
