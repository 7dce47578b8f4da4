#include "report/report_inputs.hpp"

#include <algorithm>
#include <fstream>
#include <limits>
#include <sstream>

#include "core/error.hpp"

namespace condnet::report {

namespace {

using nlohmann::json;

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

std::string read_text(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) fail_missing("{}: file not found", path.string());
  if (!std::filesystem::is_regular_file(path)) fail("{}: not a regular file", path.string());
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) fail("{}: cannot read the file", path.string());
  return text.str();
}

std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

json parse_json(const std::string& text, const std::string& where) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {  // parse_error; out_of_range: 1e999
    fail("{}: not valid JSON ({})", where, one_line(e.what()));
  }
}

// The members of one JSON object, with errors that name the file and the key path.
class Fields {
 public:
  Fields(const json& object, std::string file, std::string where)
      : object_(object), file_(std::move(file)), where_(std::move(where)) {
    if (!object_.is_object())
      fail("{}: {} must be a JSON object, not {}", file_, where_.empty() ? "the value" : where_,
           object_.type_name());
  }

  // nullptr when the key is absent or null.
  const json* member(const char* key) const {
    const auto it = object_.find(key);
    return it == object_.end() || it->is_null() ? nullptr : &*it;
  }

  std::string path_of(const char* key) const { return where_.empty() ? key : where_ + "." + key; }
  const std::string& file() const { return file_; }

  // NaN when absent or null.
  double number(const char* key) const {
    const json* value = member(key);
    if (!value) return kMissing;
    if (!value->is_number())
      fail("{}: {} must be a number or null, not {}", file_, path_of(key), value->type_name());
    return value->get<double>();
  }

  // Empty when absent or null.
  std::string text(const char* key) const {
    const json* value = member(key);
    if (!value) return {};
    if (!value->is_string())
      fail("{}: {} must be a string, not {}", file_, path_of(key), value->type_name());
    return value->get<std::string>();
  }

  Fields object(const char* key) const { return {required(key), file_, path_of(key)}; }

  const json& array(const char* key) const {
    const json* value = &required(key);
    if (!value->is_array())
      fail("{}: {} must be an array, not {}", file_, path_of(key), value->type_name());
    return *value;
  }

  const json& raw() const { return object_; }

  const json& required(const char* key) const {
    const json* value = member(key);
    if (!value) fail("{}: {} is missing", file_, path_of(key));
    return *value;
  }

 private:
  const json& object_;
  std::string file_, where_;
};

Metrics metrics(const Fields& fields) {
  return {fields.number("r2"), fields.number("mape"), fields.number("rmse"),
          fields.number("max_error"), fields.number("count")};
}

Metrics metrics_member(const Fields& fields, const char* key) {
  if (!fields.member(key)) return {kMissing, kMissing, kMissing, kMissing, kMissing};
  return metrics(fields.object(key));
}

Coverage coverage_member(const Fields& fields) {
  if (!fields.member("coverage")) return {kMissing, kMissing};
  const Fields coverage = fields.object("coverage");
  return {coverage.number("fraction"), coverage.number("axes")};
}

QuantityMetrics quantity_metrics(const Fields& fields) {
  return {metrics_member(fields, "d_eff"), metrics_member(fields, "tau"), coverage_member(fields)};
}

NamedMetrics named_metrics(const Fields& fields, const char* key) {
  NamedMetrics named;
  if (!fields.member(key)) return named;
  const Fields group = fields.object(key);
  for (const auto& [name, value] : group.raw().items())
    named.emplace_back(name,
                       quantity_metrics(Fields(value, fields.file(), group.path_of(name.c_str()))));
  return named;
}

// x, y, z or 0, 1, 2 -> 0, 1, 2.
int axis_index(const json& value, const std::string& file, const std::string& where) {
  if (value.is_number_integer() && value.get<int>() >= 0 && value.get<int>() < 3)
    return value.get<int>();
  if (value.is_string()) {
    const std::string name = value.get<std::string>();
    if (name == "x" || name == "y" || name == "z") return name[0] - 'x';
  }
  fail("{}: {} must be x, y, z or 0, 1, 2, not {}", file, where, value.dump());
}

// fields[key], an array of 3 values (x, y, z); nullptr when it is absent or null.
const json* per_axis_array(const Fields& fields, const char* key) {
  if (!fields.member(key)) return nullptr;
  const json& array = fields.array(key);
  if (array.size() != 3)
    fail("{}: {} must hold 3 values (x, y, z), not {}", fields.file(), fields.path_of(key),
         array.size());
  return &array;
}

std::array<double, 3> per_axis_numbers(const Fields& fields, const char* key) {
  std::array<double, 3> values{kMissing, kMissing, kMissing};
  const json* axes = per_axis_array(fields, key);
  if (!axes) return values;
  const json& array = *axes;
  for (std::size_t i = 0; i < 3; ++i) {
    if (array[i].is_null()) continue;
    if (!array[i].is_number())
      fail("{}: {}[{}] must be a number or null, not {}", fields.file(), fields.path_of(key), i,
           array[i].type_name());
    values[i] = array[i].get<double>();
  }
  return values;
}

// Empty strings where the array or its entry is absent or null.
std::array<std::string, 3> per_axis_texts(const Fields& fields, const char* key) {
  std::array<std::string, 3> texts;
  const json* axes = per_axis_array(fields, key);
  if (!axes) return texts;
  for (std::size_t i = 0; i < 3; ++i) {
    if ((*axes)[i].is_null()) continue;
    if (!(*axes)[i].is_string())
      fail("{}: {}[{}] must be a string or null, not {}", fields.file(), fields.path_of(key), i,
           (*axes)[i].type_name());
    texts[i] = (*axes)[i].get<std::string>();
  }
  return texts;
}

// fields[key]: per axis [lo, hi] or null -> lo, hi (NaN where null).
void per_axis_intervals(const Fields& fields, const char* key, std::array<double, 3>& lo,
                        std::array<double, 3>& hi) {
  lo.fill(kMissing);
  hi.fill(kMissing);
  const json* axes = per_axis_array(fields, key);
  if (!axes) return;
  for (std::size_t i = 0; i < 3; ++i) {
    const json& pair = (*axes)[i];
    if (pair.is_null()) continue;
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_number() || !pair[1].is_number())
      fail("{}: {}[{}] must be [lo, hi] (two numbers) or null, not {}", fields.file(),
           fields.path_of(key), i, pair.dump());
    lo[i] = pair[0].get<double>();
    hi[i] = pair[1].get<double>();
  }
}

PredictedVolume predicted_volume(const Fields& result) {
  PredictedVolume volume{result.text("file"),
                         per_axis_numbers(result, "d_eff"),
                         per_axis_numbers(result, "tau"),
                         result.number("tiles"),
                         result.number("seconds"),
                         per_axis_texts(result, "source"),
                         per_axis_texts(result, "handover")};
  volume.surrogate_d_eff = volume.d_eff_std = {kMissing, kMissing, kMissing};
  volume.interval_lo = volume.interval_hi = volume.surrogate_d_eff;
  if (result.member("surrogate")) {
    const Fields surrogate = result.object("surrogate");
    volume.surrogate_d_eff = per_axis_numbers(surrogate, "d_eff");
    volume.d_eff_std = per_axis_numbers(surrogate, "d_eff_std");
    per_axis_intervals(surrogate, "d_eff_interval", volume.interval_lo, volume.interval_hi);
  }
  return volume;
}

}  // namespace

TrainingRun load_training_run(const std::filesystem::path& run_dir) {
  if (!std::filesystem::is_directory(run_dir))
    fail("{}: --run must name the run directory written by condnet train", run_dir.string());
  TrainingRun run;
  const auto config_path = run_dir / "run.json";
  run.config = parse_json(read_text(config_path), config_path.string());
  [[maybe_unused]] const Fields must_be_object(run.config, config_path.string(), "");

  const auto metrics_path = run_dir / "metrics.jsonl";
  const std::string text = read_text(metrics_path);
  std::istringstream lines(text);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = fmt::format("{}:{}", metrics_path.string(), number);
    // A last line without its newline may still be being written by a running `train`.
    const bool unfinished = lines.eof() && text.back() != '\n';
    if (unfinished && !json::accept(line)) break;
    const json object = parse_json(line, where);
    const Fields epoch(object, where, "");
    if (!epoch.member("epoch")) fail("{}: the line has no \"epoch\"", where);
    run.epochs.push_back({epoch.number("epoch"), epoch.number("step"), epoch.number("train_loss"),
                          epoch.number("val_loss"), epoch.number("val_r2_d_eff"),
                          epoch.number("val_mape_d_eff"), epoch.number("lr"),
                          epoch.number("samples_per_second"), epoch.number("seconds"),
                          epoch.number("loader_stall_seconds")});
  }
  return run;
}

Evaluation load_evaluation(const std::filesystem::path& path) {
  const json document = parse_json(read_text(path), path.string());
  const Fields root(document, path.string(), "");
  Evaluation evaluation;
  evaluation.split = root.text("split");
  evaluation.samples = root.number("samples");
  evaluation.members = root.number("members");
  evaluation.handed_over = root.number("handed_over");
  if (root.member("overall")) evaluation.overall = quantity_metrics(root.object("overall"));
  evaluation.per_family = named_metrics(root, "per_family");
  evaluation.per_axis = named_metrics(root, "per_axis");
  if (root.member("parity")) {
    const json& parity = root.array("parity");
    for (std::size_t i = 0; i < parity.size(); ++i) {
      const Fields point(parity[i], path.string(), fmt::format("parity[{}]", i));
      evaluation.parity.push_back({point.text("family"), point.text("axis"),
                                   point.number("d_eff_true"), point.number("d_eff_pred"),
                                   point.number("tau_true"), point.number("tau_pred"),
                                   point.number("d_eff_lo"), point.number("d_eff_hi")});
    }
  }
  evaluation.samples_per_second =
      root.member("throughput") ? root.object("throughput").number("samples_per_second") : kMissing;
  return evaluation;
}

Prediction load_prediction(const std::filesystem::path& path) {
  const json document = parse_json(read_text(path), path.string());
  const Fields root(document, path.string(), "");
  Prediction prediction;
  prediction.model = root.text("model");
  prediction.members = root.number("members");
  prediction.interval_coverage = root.number("interval_coverage");
  if (root.member("results")) {
    const json& results = root.array("results");
    for (std::size_t i = 0; i < results.size(); ++i) {
      const Fields result(results[i], path.string(), fmt::format("results[{}]", i));
      prediction.results.push_back(predicted_volume(result));
    }
  }
  prediction.volumes_per_second = prediction.tiles_per_second = kMissing;
  if (root.member("throughput")) {
    const Fields throughput = root.object("throughput");
    prediction.volumes_per_second = throughput.number("volumes_per_second");
    prediction.tiles_per_second = throughput.number("tiles_per_second");
  }
  return prediction;
}

Solution load_solution(const std::filesystem::path& path) {
  const json document = parse_json(read_text(path), path.string());
  const Fields root(document, path.string(), "");
  Solution solution;
  solution.volume = root.text("volume");
  if (!root.member("axes"))
    fail("{}: no \"axes\"; expected the output of condnet solve", path.string());
  const json& axes = root.array("axes");
  for (std::size_t i = 0; i < axes.size(); ++i) {
    const Fields axis(axes[i], path.string(), fmt::format("axes[{}]", i));
    const json* name = axis.member("axis_name") ? axis.member("axis_name") : axis.member("axis");
    if (!name) fail("{}: axes[{}] has neither \"axis_name\" nor \"axis\"", path.string(), i);
    solution.axes.push_back({axis_index(*name, path.string(), fmt::format("axes[{}].axis_name", i)),
                             axis.number("d_eff"), axis.number("tau"),
                             axis.number("wall_seconds")});
  }
  return solution;
}

ReportInputs load_report_inputs(const ReportPaths& paths) {
  ReportInputs inputs;
  inputs.run = load_training_run(paths.run_dir);
  if (!paths.evaluation.empty()) inputs.evaluation = load_evaluation(paths.evaluation);
  if (!paths.prediction.empty()) inputs.prediction = load_prediction(paths.prediction);
  if (!paths.solution.empty()) inputs.solution = load_solution(paths.solution);
  return inputs;
}

}  // namespace condnet::report
