// condnet.solve: the finite-volume solver on a numpy array or a file.
#include "solve/solve.hpp"

#include <cmath>
#include <limits>

#include "bindings.hpp"
#include "core/error.hpp"
#include "solve/conductivity_table.hpp"
#include "solve/effective_tensor.hpp"
#include "solve/memory_check.hpp"
#include "solve/rev_study.hpp"
#include "voxel/spacing.hpp"

namespace condnet::python {

namespace {

// One axis's answer; the potential (when asked) as a float32 array that owns its values.
struct AxisResult {
  solve::SolveResult result;
  py::object field = py::none();
};

std::vector<int> axes_of(const py::object& axis) {
  if (py::isinstance<py::int_>(axis)) {
    const auto a = axis.cast<int>();
    if (a < 0 || a > 2) fail("axis: {}; allowed: 0, 1, 2, \"x\", \"y\", \"z\" or \"all\"", a);
    return {a};
  }
  if (!py::isinstance<py::str>(axis))
    fail("axis: \"x\", \"y\", \"z\", \"all\" or 0, 1, 2 is allowed, not {}",
         py::str(axis).cast<std::string>());
  const auto text = axis.cast<std::string>();
  if (text == "all") return {0, 1, 2};
  return {voxel::parse_axis(text, "axis")};
}

// spacing=: one number > 0, or three (dx, dy, dz).
voxel::Spacing spacing_argument(const py::object& value) {
  std::vector<double> values;
  try {
    if (py::isinstance<py::float_>(value) || py::isinstance<py::int_>(value))
      values.assign(3, value.cast<double>());
    else
      values = value.cast<std::vector<double>>();
  } catch (const py::cast_error&) {
    fail("spacing: {} is not a number or three numbers; allowed: d or (dx, dy, dz), each > 0",
         py::str(value).cast<std::string>());
  }
  if (values.size() != 3)
    fail("spacing: {} values; allowed: d or (dx, dy, dz), each > 0", values.size());
  const voxel::Spacing spacing = {values[0], values[1], values[2]};
  voxel::check_spacing(spacing, "spacing");
  return spacing;
}

std::array<double, 256> conductivities_of(const voxel::Volume& volume,
                                          const std::optional<double>& phase,
                                          const py::object& conductivities) {
  if (conductivities.is_none())
    return solve::binary_conductivity(volume.label_of(phase.value_or(1.0), "phase"));
  if (phase) fail("phase and conductivities exclude each other; give one");
  if (!py::isinstance<py::dict>(conductivities))
    fail("conductivities: a dict {{phase value: conductivity}} is allowed, e.g. {{0: 0, 85: 1}}");
  std::vector<std::pair<double, double>> pairs;
  for (const auto& [key, value] : conductivities.cast<py::dict>())
    pairs.emplace_back(key.cast<double>(), value.cast<double>());
  return solve::conductivity_table(volume, pairs, "conductivities");
}

double infinite_when_zero(double d_eff, double value) {
  return d_eff > 0 ? value : std::numeric_limits<double>::infinity();
}

}  // namespace

void bind_solve(py::module_& m) {
  py::class_<AxisResult>(m, "SolveResult",
                         "The solver's answer along one axis (condnet solve's result).")
      .def_property_readonly(
          "axis",
          [](const AxisResult& r) { return std::string(1, voxel::kAxisNames[r.result.axis]); })
      .def_property_readonly(
          "D_eff", [](const AxisResult& r) { return r.result.d_eff; },
          "sigma_eff / sigma_ref (0 when nothing percolates)")
      .def_property_readonly(
          "tau",
          [](const AxisResult& r) {
            return infinite_when_zero(r.result.d_eff, r.result.tau_total);
          },
          "tortuosity factor eps / D_eff, eps the conducting fraction (inf: not percolating)")
      .def_property_readonly(
          "tau_percolating",
          [](const AxisResult& r) {
            return infinite_when_zero(r.result.d_eff, r.result.tau_percolating);
          },
          "eps_percolating / D_eff")
      .def_property_readonly(
          "macmullin",
          [](const AxisResult& r) {
            return infinite_when_zero(r.result.d_eff, r.result.macmullin);
          },
          "1 / D_eff")
      .def_property_readonly("eps", [](const AxisResult& r) { return r.result.eps_total; })
      .def_property_readonly("eps_percolating",
                             [](const AxisResult& r) { return r.result.eps_percolating; })
      .def_property_readonly("percolating",
                             [](const AxisResult& r) { return r.result.percolating; })
      .def_property_readonly("converged", [](const AxisResult& r) { return r.result.converged; })
      .def_property_readonly("iterations", [](const AxisResult& r) { return r.result.iterations; })
      .def_property_readonly(
          "residual", [](const AxisResult& r) { return r.result.relative_residual; },
          "||b - A phi|| / ||b|| at the end")
      .def_property_readonly("seconds", [](const AxisResult& r) { return r.result.wall_seconds; })
      .def_readonly("field", &AxisResult::field,
                    "the potential, float32 (nx, ny, nz), 1 at the inlet to 0, NaN off the "
                    "conducting paths; None unless solve(..., field=True)")
      .def(
          "to_dict", [](const AxisResult& r) { return to_python(solve::to_json(r.result)); },
          "Every number, as condnet solve --json prints it (no field).")
      .def("__repr__", [](const AxisResult& r) {
        return py::str("SolveResult(axis='{}', D_eff={:.6g}, tau={:.6g}, percolating={})")
            .format(std::string(1, voxel::kAxisNames[r.result.axis]), r.result.d_eff,
                    infinite_when_zero(r.result.d_eff, r.result.tau_total),
                    r.result.percolating ? "True" : "False");
      });

  m.def(
      "solve",
      [](const py::object& source, std::optional<double> phase, const py::object& axis,
         const py::object& conductivities, const std::string& sides, double tol, bool field,
         int max_iterations, const std::string& solver, const py::object& max_memory,
         const py::object& spacing) -> py::object {
        py::object keep;
        auto volume = volume_argument(source, "volume", keep);
        if (!spacing.is_none()) volume.set_spacing(spacing_argument(spacing));
        const auto table = conductivities_of(volume, phase, conductivities);
        solve::SolveOptions options;
        if (sides != "noflux" && sides != "periodic")
          fail("sides: unknown '{}'; allowed: noflux, periodic", sides);
        options.periodic_sides = sides == "periodic";
        if (!(tol > 0 && tol < 1)) fail("tol: {} must be in (0, 1)", tol);
        options.tolerance = tol;
        if (max_iterations < 1) fail("max_iterations: {} must be >= 1", max_iterations);
        options.max_iterations = max_iterations;
        options.method = solve::parse_method(solver, "solver");
        options.keep_field = field;
        const auto axes = axes_of(axis);
        const auto limit =
            max_memory.is_none() ? std::string() : py::str(max_memory).cast<std::string>();
        without_gil([&] {
          solve::check_solve_memory(volume, table, options, axes, limit, false,
                                    {"max_memory", "max_memory=\"16G\"", "crop the volume"});
          return 0;
        });
        py::dict out;
        for (const int a : axes) {
          options.axis = a;
          AxisResult r;
          r.result = without_gil([&] { return solve::solve_axis(volume, table, options); });
          if (field) r.field = owned_array(std::move(r.result.field), dims_of(volume.shape()));
          if (axes.size() == 1) return py::cast(std::move(r));
          out[py::str(std::string(1, voxel::kAxisNames[a]))] = py::cast(std::move(r));
        }
        return out;
      },
      py::arg("volume"), py::arg("phase") = py::none(), py::arg("axis") = "x",
      py::arg("conductivities") = py::none(), py::arg("sides") = "noflux",
      py::arg("tol") = solve::SolveOptions{}.tolerance, py::arg("field") = false,
      py::arg("max_iterations") = solve::SolveOptions{}.max_iterations,
      py::arg("solver") = "multigrid", py::arg("max_memory") = py::none(),
      py::arg("spacing") = py::none(),
      R"(Effective conductivity and tortuosity factor of a voxel volume (finite volumes).

volume: a 3-D numpy array of any integer or bool dtype (C or Fortran order; a C-contiguous
    uint8 or bool array is used in place, not copied: do not change it during the call), or a
    path (.tif, .npy, FILE.h5:/dataset).
phase: the conducting phase's value (default 1): it conducts with 1, every other phase 0.
conductivities: instead of phase, {phase value: conductivity} (unlisted phases 0).
axis: "x", "y", "z" (or 0, 1, 2) gives one SolveResult; "all" a dict {"x": ..., "y": ..., "z": ...}.
sides: "noflux" (sealed side faces, TauFactor's convention) or "periodic".
tol: stop when ||b - A phi|| <= tol ||b||.
field: also return the potential (SolveResult.field, float32, NaN off the conducting paths).
spacing: voxel edge lengths (dx, dy, dz) along the array axes, or one number; default: the
    file's (TIFF ImageJ spacing, HDF5 element_size_um), else 1. Only their ratios change D_eff.
solver: "multigrid" (default), "jacobi_cg" (the plain reference) or "hypre".
max_memory: refuse (ValueError, before allocating) a solve whose estimated peak exceeds this:
    bytes, or "16G", "512M"; default: the memory available to the process.

The GIL is released while it runs; Ctrl-C stops it (KeyboardInterrupt). Along an axis where
nothing percolates: D_eff 0 and tau inf, exactly.)");

  m.def(
      "rev",
      [](const py::object& source, std::optional<double> phase, const py::object& conductivities,
         const py::object& axis, std::vector<std::int64_t> sizes, int positions, double spread,
         std::uint64_t seed, double tol, const py::object& spacing) -> py::dict {
        py::object keep;
        auto volume = volume_argument(source, "volume", keep);
        if (!spacing.is_none()) volume.set_spacing(spacing_argument(spacing));
        const auto table = conductivities_of(volume, phase, conductivities);
        if (!(tol > 0 && tol < 1)) fail("tol: {} must be in (0, 1)", tol);
        solve::RevOptions options;
        options.axes = axes_of(axis);
        options.edges = std::move(sizes);
        options.positions = positions;
        options.spread = spread;
        options.seed = seed;
        options.solve.tolerance = tol;
        const auto study = without_gil([&] { return solve::rev_study(volume, table, options); });
        return py::module_::import("json").attr("loads")(solve::to_json(study).dump());
      },
      py::arg("volume"), py::arg("phase") = py::none(), py::arg("conductivities") = py::none(),
      py::arg("axis") = "all", py::arg("sizes") = std::vector<std::int64_t>{},
      py::arg("positions") = solve::RevOptions{}.positions,
      py::arg("spread") = solve::RevOptions{}.spread, py::arg("seed") = 0,
      py::arg("tol") = solve::SolveOptions{}.tolerance, py::arg("spacing") = py::none(),
      R"(Is the volume large enough? A REV study (`condnet rev`): sub-cubes of growing edge
(`sizes`, ascending; default 16, 24, 32, 48, ... up to half the shortest extent) at `positions`
seeded places each, solved along `axis` ("x", "y", "z" or "all").

Returns the dict of `condnet rev --json`: per edge the corners, their overlap and per axis the
D_eff of each sub-cube with mean, std, spread (std / mean), tau's mean and std; "rev": per axis
the smallest edge from which the spread stays <= `spread`, or None when it never does. Options
are named in errors as the command names them (--sizes, --positions, --spread). The GIL is
released while it runs.)");

  m.def(
      "tensor",
      [](const py::object& source, std::optional<double> phase, const py::object& conductivities,
         double tol, int max_iterations, const py::object& spacing) -> py::dict {
        py::object keep;
        auto volume = volume_argument(source, "volume", keep);
        if (!spacing.is_none()) volume.set_spacing(spacing_argument(spacing));
        const auto table = conductivities_of(volume, phase, conductivities);
        if (!(tol > 0 && tol < 1)) fail("tol: {} must be in (0, 1)", tol);
        if (max_iterations < 1) fail("max_iterations: {} must be >= 1", max_iterations);
        solve::SolveOptions options;
        options.tolerance = tol;
        options.max_iterations = max_iterations;
        const auto t = without_gil([&] { return solve::effective_tensor(volume, table, options); });
        return py::module_::import("json").attr("loads")(solve::to_json(t).dump());
      },
      py::arg("volume"), py::arg("phase") = py::none(), py::arg("conductivities") = py::none(),
      py::arg("tol") = solve::SolveOptions{}.tolerance,
      py::arg("max_iterations") = solve::SolveOptions{}.max_iterations,
      py::arg("spacing") = py::none(),
      R"(The full effective conductivity tensor by periodic homogenisation: the volume as one
periodic cell, three cell problems (`condnet solve --tensor`).

Returns a dict: d_eff (3x3, D = K / sigma_ref, symmetric to the solver tolerance), eigenvalues
(ascending), directions (directions[k] the unit vector of eigenvalues[k]), asymmetry, eps_total,
iterations, relative_residual, converged, seconds. volume, phase, conductivities, tol, spacing:
as for solve(). The GIL is released while it runs.)");
}

}  // namespace condnet::python
