// condnet.train: the same training loop as `condnet train`, progress to stderr or a callback.
#include <filesystem>

#include "bindings.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "surrogate/train_loop.hpp"

namespace condnet::python {

void bind_train(py::module_& m) {
  m.def(
      "_train",
      [](const py::object& output, const py::object& resume, const py::dict& options,
         std::int64_t max_steps, bool quiet, const py::object& callback) {
        surrogate::TrainOptions train_options;
        surrogate::RunPaths paths;
        surrogate::TrainControl control;
        if (!resume.is_none()) {
          if (!output.is_none()) fail("output and resume exclude each other; give one");
          paths.dir = path_argument(resume);
          if (py::len(options) > 0)
            fail("resume: a resumed run keeps the options in {}/run.json; give none",
                 paths.dir.string());
          const auto run = surrogate::read_run_json(paths);
          train_options =
              surrogate::TrainOptions::from_json(run.at("options"), paths.run_json().string());
          control.resume = true;
        } else {
          if (output.is_none()) fail("output: give the run directory to write (or resume=RUN)");
          paths.dir = path_argument(output);
          auto json = from_python(options, "options");
          train_options = surrogate::TrainOptions::from_json(json, "train");
          train_options.check("train");
          if (train_options.data.empty()) fail("data: give at least one labelled dataset file");
          for (auto& file : train_options.data) {
            if (!std::filesystem::exists(file)) fail_missing("data: {}: no such file", file);
            file = std::filesystem::absolute(file).string();
          }
          if (!train_options.init_from.empty())
            train_options.init_from = std::filesystem::absolute(train_options.init_from).string();
          surrogate::refuse_existing_run(paths, "output", "resume=");
        }
        if (max_steps < 0) fail("max_steps: {} must be >= 0", max_steps);
        control.max_steps = max_steps;
        control.quiet = quiet;
        if (!callback.is_none())
          control.on_epoch = [&callback](const nlohmann::json& line) {
            py::gil_scoped_acquire gil;
            callback(to_python(line));
          };
        const auto summary =
            without_gil([&] { return surrogate::run_training(paths, train_options, control); });
        if (summary.end == surrogate::TrainEnd::interrupted)
          throw Interrupted("interrupted");  // last.safetensors saved: resume=RUN continues
        return to_python(surrogate::to_json(summary, paths));
      },
      py::arg("output"), py::arg("resume"), py::arg("options"), py::arg("max_steps"),
      py::arg("quiet"), py::arg("callback"));
}

}  // namespace condnet::python
