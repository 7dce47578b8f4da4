#pragma once
// TIFF stacks (libtiff): multi-page files, BigTIFF, and directories of slices.
// Array axes: page index = x (axis 0), image row = y (axis 1), image column = z (axis 2), so a
// stack reads as tifffile.imread(path) gives it in Python: (pages, rows, columns), C order.
#include <filesystem>

#include "voxel/array.hpp"

namespace condnet::voxel {

// Reads a multi-page TIFF file (classic or BigTIFF, stripped or tiled, any compression libtiff
// was built with) or a directory of TIFF slices: its files named *.tif / *.tiff (any case, not
// hidden), in natural order ("slice2" before "slice10"), each holding one or more pages.
// Pages must hold one sample per pixel of 1 bit (bool, 0/1 as stored), or 8, 16, 32 or
// 64 bits (unsigned, signed or IEEE float per SampleFormat); palette images give their
// indices. All pages must share width, height and type. Throws Error naming the file (and the
// page) on anything else, including truncated and corrupt files.
RawArray read_tiff(const std::filesystem::path& path);

// How write_tiff stores pages: uncompressed, or deflate (lossless; labels shrink a lot).
enum class TiffCompression { none, deflate };

// Writes the array atomically as one page per x (rows y, columns z). BigTIFF is used when
// the data exceed 3.9 GB (classic TIFF offsets are 32-bit) or when `force_bigtiff`. bool
// arrays become 1-bit pages. Page 0 carries {"shape": [nx, ny, nz]} as ImageDescription,
// which tifffile uses to give the same 3D shape even for a single page.
void write_tiff(const RawArray& array, const std::filesystem::path& path,
                bool force_bigtiff = false, TiffCompression compression = TiffCompression::none);

}  // namespace condnet::voxel
