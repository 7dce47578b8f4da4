#include "voxel/volume_io.hpp"

#include <algorithm>
#include <filesystem>

#include "core/error.hpp"
#include "voxel/hdf5_format.hpp"
#include "voxel/npy_format.hpp"
#include "voxel/raw_format.hpp"
#include "voxel/tiff_format.hpp"

namespace condnet::voxel {

namespace {

constexpr const char* kAccepted =
    "accepted: .tif/.tiff or a directory of TIFF slices, .npy, .raw/.bin/.dat with --shape and "
    "--dtype, file.h5:/dataset";

std::string lower_extension(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return ext;
}

bool is_hdf5_extension(const std::string& ext) {
  return ext == ".h5" || ext == ".hdf5" || ext == ".he5";
}

}  // namespace

Format detect_format(const std::string& spec, bool has_raw_layout) {
  if (const auto h5 = split_hdf5_spec(spec)) return Format::hdf5;
  const std::filesystem::path path(spec);
  if (std::filesystem::is_directory(path)) return Format::tiff;
  const std::string ext = lower_extension(path);
  if (ext == ".tif" || ext == ".tiff") return Format::tiff;
  if (ext == ".npy") return Format::npy;
  if (ext == ".raw" || ext == ".bin" || ext == ".dat" || has_raw_layout) return Format::raw;
  if (is_hdf5_extension(ext))
    fail("{}: name the dataset inside the HDF5 file, like {}:/volume", spec, spec);
  if (ext == ".zip") fail("{}: unzip it first; {}", spec, kAccepted);
  fail("{}: unknown volume format '{}'; {}", spec, ext, kAccepted);
}

Volume read_volume(const std::string& spec, const ReadOptions& options) {
  const bool has_raw_layout = options.shape || options.dtype;
  const Format format = detect_format(spec, has_raw_layout);
  if (format != Format::raw && has_raw_layout)
    fail("{}: --shape/--dtype describe headerless .raw files only; this file carries its own",
         spec);
  RawArray array;
  switch (format) {
    case Format::hdf5: {
      const auto h5 = *split_hdf5_spec(spec);
      if (!std::filesystem::exists(h5.file)) fail_missing("{}: no such file", h5.file.string());
      array = read_hdf5(h5.file, h5.dataset);
      break;
    }
    case Format::tiff:
      if (!std::filesystem::exists(spec)) fail_missing("{}: no such file or directory", spec);
      array = read_tiff(spec);
      break;
    case Format::npy:
      if (!std::filesystem::exists(spec)) fail_missing("{}: no such file", spec);
      array = read_npy(spec);
      break;
    case Format::raw:
      if (!std::filesystem::exists(spec)) fail_missing("{}: no such file", spec);
      if (!options.shape || !options.dtype)
        fail("{}: a headerless raw file needs --shape X,Y,Z and --dtype ({})", spec, dtype_names());
      array = read_raw(spec, RawLayout{*options.shape, *options.dtype, options.fortran_order,
                                       options.big_endian, options.header_bytes});
      break;
  }
  const auto file_spacing = array.spacing;
  Volume volume = volume_from_array(std::move(array), spec);
  if (options.spacing)
    volume.set_spacing(*options.spacing);
  else if (file_spacing)
    volume.set_spacing(*file_spacing);
  return volume;
}

void write_volume(const Volume& volume, const std::string& spec) {
  const RawArray array = array_from_volume(volume);
  switch (detect_format(spec, false)) {
    case Format::hdf5: {
      const auto h5 = *split_hdf5_spec(spec);
      write_hdf5(array, h5.file, h5.dataset);
      return;
    }
    case Format::tiff:
      if (std::filesystem::is_directory(spec))
        fail("{}: is a directory; write a single multi-page .tif file instead", spec);
      write_tiff(array, spec);
      return;
    case Format::npy:
      write_npy(array, spec);
      return;
    case Format::raw:
      write_raw(array, spec);
      return;
  }
}

}  // namespace condnet::voxel
