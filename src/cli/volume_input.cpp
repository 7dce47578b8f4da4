#include "cli/volume_input.hpp"

#include "cli/validators.hpp"
#include "core/error.hpp"
#include "voxel/region.hpp"
#include "voxel/volume_io.hpp"

namespace condnet::cli {

void add_volume_input(CLI::App& command, VolumeInput& input) {
  command
      .add_option(
          "VOLUME", input.path,
          "Volume file: .tif/.tiff (or a directory of slices), .npy, .raw, file.h5:/dataset")
      ->required();
  command.add_option("--shape", input.shape, "Raw files: extents X,Y,Z (X = first array axis)");
  command.add_option("--dtype", input.dtype,
                     "Raw files: element type (" + voxel::dtype_names() + ")");
  command.add_option("--order", input.order, "Raw files: C (z fastest) or F (x fastest)")
      ->check(CLI::IsMember({"C", "F"}));
  command.add_option("--endian", input.endian, "Raw files: little or big")
      ->check(CLI::IsMember({"little", "big"}));
  command.add_option("--header-bytes", input.header_bytes, "Raw files: bytes to skip at the start")
      ->check(non_negative());
  auto* voxel_size =
      command
          .add_option("--voxel-size", input.voxel_size,
                      "Edge length of a cubic voxel (any unit); default: the file's, else 1")
          ->check(positive());
  command
      .add_option("--spacing", input.spacing,
                  "Voxel edge lengths DX,DY,DZ along x,y,z (array axes; e.g. FIB-SEM slices "
                  "thicker than their pixels); default: the file's (TIFF resolution and ImageJ "
                  "spacing, HDF5 element_size_um), else 1,1,1")
      ->excludes(voxel_size);
  command.add_option("--crop", input.crop,
                     "Use only this box, numpy-style: 0:200,0:200,0:200 (x,y,z)");
}

voxel::Volume load_volume(const VolumeInput& input) {
  voxel::ReadOptions options;
  if (!input.shape.empty()) options.shape = voxel::parse_shape(input.shape, "--shape");
  if (!input.dtype.empty()) options.dtype = voxel::parse_dtype(input.dtype, "--dtype");
  options.fortran_order = input.order == "F";
  options.big_endian = input.endian == "big";
  options.header_bytes = input.header_bytes;
  if (input.voxel_size > 0)
    options.spacing = voxel::Spacing{input.voxel_size, input.voxel_size, input.voxel_size};
  if (!input.spacing.empty()) options.spacing = voxel::parse_spacing(input.spacing, "--spacing");
  voxel::Volume volume = voxel::read_volume(input.path, options);
  if (input.crop.empty()) return volume;
  return voxel::extract_region(volume, voxel::parse_region(input.crop, volume.shape(), "--crop"));
}

}  // namespace condnet::cli
