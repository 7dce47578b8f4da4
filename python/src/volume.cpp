// Volumes: read_volume, write_volume, stats.
#include <fmt/format.h>

#include "bindings.hpp"
#include "core/error.hpp"
#include "voxel/region.hpp"
#include "voxel/stats.hpp"
#include "voxel/volume_io.hpp"

namespace condnet::python {

namespace {

// crop: "0:200,:,50:" as the command's --crop, or a tuple of three slices (step 1).
std::string crop_text(const py::object& crop) {
  if (py::isinstance<py::str>(crop)) return crop.cast<std::string>();
  if (!py::isinstance<py::tuple>(crop) || py::len(crop) != 3)
    fail("crop: a text like \"0:200,0:200,0:200\" or a tuple of three slices is allowed");
  std::string text;
  for (const auto& item : crop) {
    if (!py::isinstance<py::slice>(item))
      fail("crop: each of the three items must be a slice (a:b), not {}",
           py::str(item).cast<std::string>());
    const auto bound = [&](const char* name) {
      const auto value = item.attr(name);
      return value.is_none() ? std::string() : py::str(value).cast<std::string>();
    };
    if (!item.attr("step").is_none() && item.attr("step").cast<py::ssize_t>() != 1)
      fail("crop: slices with a step are not allowed");
    text += fmt::format("{}{}:{}", text.empty() ? "" : ",", bound("start"), bound("stop"));
  }
  return text;
}

// The phase values of `volume` as numpy, in the smallest dtype that holds them exactly.
py::array values_array(const voxel::Volume& volume) {
  auto raw = voxel::array_from_volume(volume);
  return owned_array(std::move(raw.bytes), py::dtype(std::string(voxel::dtype_name(raw.dtype))),
                     dims_of(raw.shape));
}

}  // namespace

void bind_volume(py::module_& m) {
  m.def(
      "read_volume",
      [](const py::object& path, const py::object& crop) {
        const auto spec = path_argument(path);
        const auto region = crop.is_none() ? std::string() : crop_text(crop);
        const auto volume = without_gil([&] {
          auto whole = voxel::read_volume(spec);
          if (region.empty()) return whole;
          return voxel::extract_region(whole, voxel::parse_region(region, whole.shape(), "crop"));
        });
        return values_array(volume);
      },
      py::arg("path"), py::arg("crop") = py::none(),
      R"(Reads a volume: .tif/.tiff (or a folder of TIFF slices), .npy, FILE.h5:/dataset.

crop: "x0:x1,y0:y1,z0:z1" (an empty bound is the edge) or a tuple of three slices.
Returns the phase values as the file holds them, shape (nx, ny, nz), C order, in the smallest
dtype that holds them exactly (uint8 for labels 0..255).)");

  m.def(
      "write_volume",
      [](const py::object& path, const py::object& array) {
        const auto spec = path_argument(path);
        py::object keep;
        const auto volume = volume_argument(array, "array", keep);
        without_gil([&] {
          voxel::write_volume(volume, spec);
          return 0;
        });
      },
      py::arg("path"), py::arg("array"),
      R"(Writes a 3-D integer or bool array as a volume file (.tif, .npy, FILE.h5:/dataset),
atomically: the file appears whole or not at all.)");

  m.def(
      "stats",
      [](const py::object& source, std::optional<double> phase) {
        py::object keep;
        const auto volume = volume_argument(source, "volume", keep);
        const auto json = without_gil([&] {
          const auto stats = voxel::volume_stats(volume, phase ? &*phase : nullptr, "phase");
          return voxel::to_json(volume, stats);
        });
        return to_python(json);
      },
      py::arg("volume"), py::arg("phase") = py::none(),
      R"(Volume fractions of every phase and, for `phase` (default: every phase, up to 16),
its 6-connected clusters, percolation along x, y, z and specific surface area: the dict
`condnet stats --json` prints (shape, voxel_size, phases, phase_stats).)");

  m.def(
      "_volume_info",
      [](const py::object& source) {
        py::object keep;
        const auto volume = volume_argument(source, "volume", keep);
        const auto& s = volume.shape();
        return py::dict(py::arg("borrowed") = volume.borrowed(),
                        py::arg("shape") = py::make_tuple(s.nx, s.ny, s.nz));
      },
      py::arg("volume"),
      "How a volume argument reaches the library: borrowed (no copy) or copied; for tests.");
}

}  // namespace condnet::python
