#include "voxel/tiff_spacing.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

#include "voxel/tiff_handle.hpp"

namespace condnet::voxel {

namespace {

// The value of ImageJ's "key=value" line `key` in `description`, if any.
std::optional<double> imagej_value(const std::string& description, const std::string& key) {
  std::istringstream lines(description);
  std::string line;
  while (std::getline(lines, line))
    if (line.rfind(key + "=", 0) == 0) {
      try {
        return std::stod(line.substr(key.size() + 1));
      } catch (const std::exception&) {
        return std::nullopt;
      }
    }
  return std::nullopt;
}

}  // namespace

std::optional<Spacing> read_tiff_spacing(const std::filesystem::path& file) {
  const TiffHandle tif(file, "r", file.string());
  char* text = nullptr;
  if (TIFFGetField(tif.get(), TIFFTAG_IMAGEDESCRIPTION, &text) != 1 || text == nullptr)
    return std::nullopt;
  const std::string description(text);
  const std::string where = file.string() + " (TIFF voxel spacing)";
  if (!description.empty() && description.front() == '{') {
    const auto json = nlohmann::json::parse(description, nullptr, false);
    if (json.is_discarded() || !json.is_object() || !json.contains("spacing")) return std::nullopt;
    const auto& values = json["spacing"];
    if (!values.is_array() || values.size() != 3 || !values[0].is_number() ||
        !values[1].is_number() || !values[2].is_number())
      fail("{}: \"spacing\" must be three numbers > 0", where);
    const Spacing spacing = {values[0].get<double>(), values[1].get<double>(),
                             values[2].get<double>()};
    check_spacing(spacing, where);
    return spacing;
  }
  if (description.rfind("ImageJ=", 0) != 0) return std::nullopt;
  const auto slices = imagej_value(description, "spacing");
  float x_resolution = 0, y_resolution = 0;
  if (!slices || TIFFGetField(tif.get(), TIFFTAG_XRESOLUTION, &x_resolution) != 1 ||
      TIFFGetField(tif.get(), TIFFTAG_YRESOLUTION, &y_resolution) != 1)
    return std::nullopt;
  const Spacing spacing = {*slices, 1.0 / static_cast<double>(y_resolution),
                           1.0 / static_cast<double>(x_resolution)};
  check_spacing(spacing, where);
  return spacing;
}

std::string tiff_description(const Shape& shape, const std::optional<Spacing>& spacing) {
  nlohmann::json json = {{"shape", {shape.nx, shape.ny, shape.nz}}};
  if (spacing && *spacing != kUnitSpacing) json["spacing"] = *spacing;
  return json.dump();
}

}  // namespace condnet::voxel
