// The _condnet extension module: condnet's library for Python (python/condnet/__init__.py is
// the public face; docs/python.md).
#include "bindings.hpp"

PYBIND11_MODULE(_condnet, m) {
  m.doc() = "condnet's C++ library: solver, volumes, generators, datasets, surrogate, training";
  m.attr("__version__") = CONDNET_VERSION;
  condnet::python::bind_errors(m);
  condnet::python::bind_volume(m);
  condnet::python::bind_solve(m);
  condnet::python::bind_generate(m);
  condnet::python::bind_dataset(m);
  condnet::python::bind_surrogate(m);
  condnet::python::bind_train(m);
}
