#pragma once
// The parts of the _condnet extension module, one file each (python/src/*.cpp), and what they
// share: turning numpy arrays into volumes and condnet's errors into Python's exceptions.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "voxel/volume.hpp"

namespace condnet::python {

namespace py = pybind11;

void bind_errors(py::module_& m);
void bind_volume(py::module_& m);
void bind_solve(py::module_& m);
void bind_generate(py::module_& m);
void bind_dataset(py::module_& m);
void bind_surrogate(py::module_& m);
void bind_train(py::module_& m);

// A volume of phase labels from a numpy array of any integer or bool dtype (3 dimensions) or
// a path (str or os.PathLike; any format condnet reads). A C-contiguous uint8 or bool array is
// borrowed, not copied: `keep` then holds the array, and the caller keeps `keep` alive while
// the volume is used (and must not modify the array meanwhile). Any other array is copied
// into C order once, converted as `condnet` converts a file's values (volume.hpp).
// `what` names the argument in errors ("volume").
voxel::Volume volume_argument(const py::object& source, const char* what, py::object& keep);

// A numpy array of `dims` that owns `values` (moved, not copied).
template <typename T>
py::array_t<T> owned_array(std::vector<T>&& values, const std::vector<py::ssize_t>& dims) {
  auto* owner = new std::vector<T>(std::move(values));
  py::capsule free_when_done(owner, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>(dims, owner->data(), free_when_done);
}
// The same for raw bytes holding elements of `dtype`.
py::array owned_array(std::vector<std::uint8_t>&& bytes, const py::dtype& dtype,
                      const std::vector<py::ssize_t>& dims);
// (nx, ny, nz) of a shape.
inline std::vector<py::ssize_t> dims_of(const voxel::Shape& shape) {
  return {shape.nx, shape.ny, shape.nz};
}

// JSON (the command's --json output) as Python dicts, lists, numbers, strings and None.
py::object to_python(const nlohmann::json& json);
// The inverse, for options given as keyword arguments: None, bool, int, float, str, and lists,
// tuples and dicts of them (numpy scalars as numbers); Error naming `what` otherwise.
nlohmann::json from_python(const py::handle& value, const std::string& what);

// str or os.PathLike -> the path as text.
std::string path_argument(const py::object& path);

// Runs a long C++ call with the GIL released; Ctrl-C is polled meanwhile (errors.cpp installs
// the poll), an interrupt comes back as KeyboardInterrupt, condnet's errors as ValueError or
// FileNotFoundError (errors.cpp).
template <typename F>
auto without_gil(F&& f) {
  py::gil_scoped_release release;
  return f();
}

}  // namespace condnet::python
