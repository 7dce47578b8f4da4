#pragma once
// The voxel spacing a TIFF stack states, and how condnet writes it. A stack read as an array
// has pages along axis 0, rows along axis 1 and columns along axis 2 (tiff_format.hpp), so
//   spacing = (slice spacing, 1 / YResolution, 1 / XResolution).
// Read from page 0, first match wins:
//   1. condnet's own ImageDescription, JSON with "spacing": [h0, h1, h2];
//   2. ImageJ's ImageDescription ("ImageJ=...", a line "spacing=H0") with XResolution and
//      YResolution (ImageJ writes both in the unit its "unit=" line names);
//   3. none: resolution tags alone are often a scanner's or editor's 72 dpi default and say
//      nothing about the slices, so they are ignored.
// A stated spacing that is not finite and > 0 is an Error naming the file.
#include <filesystem>
#include <optional>
#include <string>

#include "voxel/shape.hpp"
#include "voxel/spacing.hpp"

namespace condnet::voxel {

std::optional<Spacing> read_tiff_spacing(const std::filesystem::path& file);

// ImageDescription JSON condnet writes on page 0: {"shape": [...]} and, for a spacing other
// than 1,1,1, "spacing"; the resolution tags (1 / h2, 1 / h1, no unit) for other readers.
std::string tiff_description(const Shape& shape, const std::optional<Spacing>& spacing);

}  // namespace condnet::voxel
