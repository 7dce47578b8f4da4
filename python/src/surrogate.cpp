// condnet.Surrogate: a trained model (a run, a checkpoint, an ensemble, a shipped model)
// answering for volumes as `condnet predict` does.
#include <memory>

#include "bindings.hpp"
#include "core/error.hpp"
#include "data/dataset_file.hpp"
#include "runtime/device.hpp"
#include "runtime/dtype.hpp"
#include "surrogate/surrogate_model.hpp"
#include "surrogate/volume_answer.hpp"

namespace condnet::python {

namespace {

class Surrogate {
 public:
  Surrogate(const std::string& path, const std::string& device, const std::string& precision,
            std::int64_t batch)
      : model_(surrogate::load_surrogate(path)) {
    runtime::check_device_name(device, "device");
    if (precision != "fp32" && precision != "bf16")
      fail("precision: unknown '{}'; allowed: fp32, bf16", precision);
    if (batch < 1) fail("batch: {} must be >= 1", batch);
    predictor_ = std::make_unique<surrogate::EnsemblePredictor>(
        model_,
        surrogate::PredictorOptions{device, batch, runtime::parse_dtype(precision, "precision")});
  }

  // One volume's answer: `condnet predict --json`'s result for it.
  py::object predict_one(const py::object& source, const std::optional<double>& phase,
                         surrogate::Fallback fallback) {
    py::object keep;
    const auto volume = volume_argument(source, "volume", keep);
    const auto& shape = volume.shape();
    const auto edge = model_.edge();
    if (shape.nx < edge || shape.ny < edge || shape.nz < edge)
      fail(
          "volume: {} voxels, smaller than the model's {}^3 input; the surrogate needs at least "
          "{} voxels along every axis (condnet.solve takes any size)",
          shape.str(), edge, edge);
    const auto label =
        volume.label_of(phase.value_or(static_cast<double>(data::kConductingLabel)), "phase");
    const auto json = without_gil([&] {
      const auto answer =
          surrogate::answer_volume(*predictor_, model_, volume, label, fallback, "volume");
      return surrogate::to_json(answer, shape, predictor_->members());
    });
    auto out = to_python(json).cast<py::dict>();
    if (!py::isinstance<py::array>(source)) out["file"] = path_argument(source);
    return std::move(out);
  }

  const surrogate::SurrogateModel& model() const { return model_; }
  std::int64_t members() const { return predictor_->members(); }

 private:
  surrogate::SurrogateModel model_;
  std::unique_ptr<surrogate::EnsemblePredictor> predictor_;
};

}  // namespace

void bind_surrogate(py::module_& m) {
  m.attr("RECOMMENDED_MODEL") = surrogate::kRecommendedModel;
  py::class_<Surrogate>(m, "_Surrogate")
      .def(py::init<const std::string&, const std::string&, const std::string&, std::int64_t>(),
           py::arg("model"), py::arg("device") = "cpu", py::arg("precision") = "fp32",
           py::arg("batch") = 16)
      .def(
          "predict",
          [](Surrogate& s, const py::object& volumes, std::optional<double> phase,
             const std::string& fallback) -> py::object {
            const auto how = surrogate::parse_fallback(fallback, "fallback");
            // A batch: a 4-D array (N, nx, ny, nz) or a list of volumes; else one volume.
            const bool stack = py::isinstance<py::array>(volumes) &&
                               py::reinterpret_borrow<py::array>(volumes).ndim() == 4;
            if (stack || py::isinstance<py::list>(volumes) || py::isinstance<py::tuple>(volumes)) {
              py::list out;
              for (const auto& v : volumes)
                out.append(s.predict_one(py::reinterpret_borrow<py::object>(v), phase, how));
              return std::move(out);
            }
            return s.predict_one(volumes, phase, how);
          },
          py::arg("volume"), py::arg("phase") = py::none(), py::arg("fallback") = "none",
          R"(D_eff and tau along x, y, z, as `condnet predict --json` answers them.

volume: a 3-D integer or bool array (at least the model's input edge along every axis; larger
    volumes are tiled) or a path; a 4-D array (N, nx, ny, nz) or a list gives a list of answers.
phase: the conducting phase's value (default 1).
fallback: "none" flags inputs unlike the training data (answer["handover"] says why);
    "solve" answers those axes with the exact solver (answer["source"] says which answered).
Each answer: d_eff, tau (None: infinite), source, surrogate {d_eff, d_eff_std, d_eff_interval
(90%, ensembles only), d_eff_lower, relative_spread}, handover, eps, spanning_fraction, tiles,
tile_grid, tiles_outside_domain, shape, phase, seconds (and file for a path).)")
      .def_property_readonly("path", [](const Surrogate& s) { return s.model().path.string(); })
      .def_property_readonly("members", &Surrogate::members)
      .def_property_readonly("input_edge", [](const Surrogate& s) { return s.model().edge(); })
      .def_property_readonly("input_encoding",
                             [](const Surrogate& s) { return s.model().encoding().name(); })
      .def_property_readonly("interval_coverage",
                             [](const Surrogate& s) -> py::object {
                               if (!s.model().calibration) return py::none();
                               return py::float_(s.model().calibration->coverage);
                             })
      .def_property_readonly(
          "interval_calibration",
          [](const Surrogate& s) -> py::object {
            if (!s.model().calibration) return py::none();
            return to_python(s.model().calibration->to_json());
          },
          "ensemble.json's calibration: scale (in use), val_scale and held_out {scale, axes, "
          "families} (the scale for structure families no member saw); None for one network");
}

}  // namespace condnet::python
