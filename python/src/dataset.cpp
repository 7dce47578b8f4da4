// condnet.Dataset: a dataset file (condnet generate / crop, labelled by condnet label) as numpy.
#include <fmt/format.h>

#include "bindings.hpp"
#include "core/error.hpp"
#include "data/dataset_file.hpp"

namespace condnet::python {

namespace {

std::int64_t sample_index(const data::DatasetFile& file, std::int64_t index) {
  const auto n = file.count();
  if (index < -n || index >= n)
    fail("{}: sample {} is out of range; the dataset holds {} samples", file.path().string(), index,
         n);
  return index < 0 ? index + n : index;
}

// The indices of `split` ("train", "val", "test"), or every sample for None.
std::vector<std::int64_t> split_indices(const data::DatasetFile& file, const py::object& split) {
  std::vector<std::int64_t> out;
  if (split.is_none()) {
    for (std::int64_t i = 0; i < file.count(); ++i) out.push_back(i);
    return out;
  }
  const auto name = split.cast<std::string>();
  if (name != "train" && name != "val" && name != "test")
    fail("split: unknown '{}'; allowed: train, val, test, or None for every sample", name);
  const auto splits = file.splits();
  for (std::int64_t i = 0; i < file.count(); ++i)
    if (data::split_name(splits[i]) == name) out.push_back(i);
  return out;
}

}  // namespace

void bind_dataset(py::module_& m) {
  py::class_<data::DatasetFile>(m, "Dataset", R"(A condnet dataset file (.h5), read only.

len(ds) samples of ds.shape voxels; ds[i] one sample's labels (uint8: 0 solid, 1 conducting,
2 binder) as numpy; ds.volumes(split) a stack (N, nx, ny, nz); ds.labels() the solver's labels
per sample and axis as numpy; ds.family, ds.seed, ds.split, ds.params the provenance.)")
      .def(py::init(
               [](const py::object& path) { return data::DatasetFile::open(path_argument(path)); }),
           py::arg("path"))
      .def_property_readonly("path", [](const data::DatasetFile& f) { return f.path().string(); })
      .def_property_readonly("shape",
                             [](const data::DatasetFile& f) {
                               const auto& s = f.sample_shape();
                               return py::make_tuple(s.nx, s.ny, s.nz);
                             })
      .def_property_readonly("phases", &data::DatasetFile::phases)
      .def_property_readonly("description",
                             [](const data::DatasetFile& f) { return to_python(f.description()); })
      .def("__len__", &data::DatasetFile::count)
      .def(
          "__getitem__",
          [](const data::DatasetFile& f, std::int64_t index) {
            const auto volume = f.read_volume(sample_index(f, index));
            const auto& s = volume.shape();
            return owned_array(std::vector<std::uint8_t>(volume.data(), volume.data() + s.count()),
                               dims_of(s));
          },
          py::arg("index"))
      .def(
          "volumes",
          [](const data::DatasetFile& f, const py::object& split) {
            const auto indices = split_indices(f, split);
            const auto& s = f.sample_shape();
            std::vector<std::uint8_t> out(indices.size() * s.count());
            for (std::size_t k = 0; k < indices.size(); ++k) {
              const auto volume = f.read_volume(indices[k]);
              std::copy(volume.data(), volume.data() + s.count(), out.begin() + k * s.count());
            }
            return owned_array(std::move(out),
                               {static_cast<py::ssize_t>(indices.size()), s.nx, s.ny, s.nz});
          },
          py::arg("split") = py::none(),
          "The samples of `split` (\"train\", \"val\", \"test\"; None: all) stacked: uint8 (N, nx, "
          "ny, nz), in file order (indices(split) gives their indices).")
      .def(
          "indices",
          [](const data::DatasetFile& f, const py::object& split) {
            return owned_array(split_indices(f, split),
                               {static_cast<py::ssize_t>(split_indices(f, split).size())});
          },
          py::arg("split") = py::none(), "The sample indices of `split`, ascending.")
      .def(
          "labels",
          [](const data::DatasetFile& f) {
            const auto labels = f.labels();
            const auto n = static_cast<py::ssize_t>(labels.size());
            std::vector<double> d_eff, tau, tau_percolating, residual;
            std::vector<std::uint8_t> percolates, labelled;
            for (const auto& sample : labels)
              for (const auto& a : sample.axes) {
                d_eff.push_back(a.d_eff);
                tau.push_back(a.tau);
                tau_percolating.push_back(a.tau_percolating);
                residual.push_back(a.relative_residual);
                percolates.push_back(a.percolates);
                labelled.push_back(a.status != data::LabelStatus::unlabelled);
              }
            py::dict out;
            out["d_eff"] = owned_array(std::move(d_eff), {n, 3});
            out["tau"] = owned_array(std::move(tau), {n, 3});
            out["tau_percolating"] = owned_array(std::move(tau_percolating), {n, 3});
            out["residual"] = owned_array(std::move(residual), {n, 3});
            out["percolates"] = owned_array(std::move(percolates), {n, 3}).attr("astype")("bool");
            out["labelled"] = owned_array(std::move(labelled), {n, 3}).attr("astype")("bool");
            return out;
          },
          R"(The solver's labels, each (N, 3) along x, y, z: d_eff, tau (inf where nothing
percolates), tau_percolating, residual, percolates (bool), labelled (bool; NaN values where not).)")
      .def_property_readonly("family",
                             [](const data::DatasetFile& f) {
                               py::list out;
                               for (const auto& p : f.provenance()) out.append(p.family);
                               return out;
                             })
      .def_property_readonly("seed",
                             [](const data::DatasetFile& f) {
                               std::vector<std::uint64_t> seeds;
                               for (const auto& p : f.provenance()) seeds.push_back(p.seed);
                               const auto n = static_cast<py::ssize_t>(seeds.size());
                               return owned_array(std::move(seeds), {n});
                             })
      .def_property_readonly("params",
                             [](const data::DatasetFile& f) {
                               py::list out;
                               for (const auto& p : f.provenance()) out.append(to_python(p.params));
                               return out;
                             })
      .def_property_readonly("split",
                             [](const data::DatasetFile& f) {
                               py::list out;
                               for (const auto s : f.splits())
                                 out.append(std::string(data::split_name(s)));
                               return out;
                             })
      .def("__repr__", [](const data::DatasetFile& f) {
        const auto& s = f.sample_shape();
        return fmt::format("Dataset('{}', {} samples of {}x{}x{})", f.path().string(), f.count(),
                           s.nx, s.ny, s.nz);
      });
}

}  // namespace condnet::python
