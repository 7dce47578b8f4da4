// condnet.generate: one sample of a generator family as numpy.
#include <algorithm>

#include "bindings.hpp"
#include "core/error.hpp"
#include "voxel/generate/generator.hpp"

namespace condnet::python {

namespace {

voxel::Shape shape_of(const py::object& size) {
  if (py::isinstance<py::int_>(size)) {
    const auto n = size.cast<std::int64_t>();
    return {n, n, n};
  }
  if ((py::isinstance<py::tuple>(size) || py::isinstance<py::list>(size)) && py::len(size) == 3) {
    const auto t = size.cast<std::vector<std::int64_t>>();
    return {t[0], t[1], t[2]};
  }
  fail("size: an edge (int) or (nx, ny, nz) is allowed, not {}", py::str(size).cast<std::string>());
}

}  // namespace

void bind_generate(py::module_& m) {
  m.def(
      "generate",
      [](const std::string& family, const py::object& size, std::uint64_t seed,
         const py::kwargs& params) {
        const auto shape = shape_of(size);
        if (shape.nx < 1 || shape.ny < 1 || shape.nz < 1)
          fail("size: {} holds no voxel", shape.str());
        nlohmann::json config = {{"family", family}};
        for (const auto& [key, value] : params) {
          auto name = py::str(key).cast<std::string>();
          std::replace(name.begin(), name.end(), '_', '-');  // correlation_length: the option
          config[name] = from_python(value, name);
        }
        auto volume = without_gil([&] {
          const auto generator = voxel::generate::make_generator(config);
          return generator->generate(shape, seed).volume;
        });
        return owned_array(std::vector<std::uint8_t>(volume.data(), volume.data() + volume.count()),
                           dims_of(shape));
      },
      py::arg("family"), py::arg("size") = static_cast<int>(voxel::generate::kDesignSize),
      py::arg("seed") = 0,
      R"(One random microstructure of a generator family, as condnet generate makes it.

family: overlapping-spheres, packed-spheres, gaussian-field, fibres, ellipsoids, electrode,
    grain-pack, calendered, foam, mix (condnet generate --help lists them and their options).
size: the edge (int) or (nx, ny, nz). seed: the same seed gives the same volume.
params: the family's options with _ for - (porosity=0.4 or porosity=(0.3, 0.5) to draw,
    correlation_length=4, ...); defaults in voxels scale with the size.
Returns uint8 labels (nx, ny, nz): 0 solid, 1 the conducting phase (pores), 2 carbon binder.)");

  py::list names;
  for (const auto& f : voxel::generate::families()) names.append(py::str(std::string(f.name)));
  m.attr("families") = names;
}

}  // namespace condnet::python
