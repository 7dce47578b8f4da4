#include "report/demo_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>

#include "core/json_number.hpp"
#include "report/html_page.hpp"
#include "report/svg_chart.hpp"

namespace condnet::report {

namespace {

using nlohmann::json;

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
constexpr const char* kAxisNames[] = {"x", "y", "z"};

// Counts and epochs: an integer when the value is whole.
json whole(double value) {
  return std::isfinite(value) && value == std::round(value) && std::abs(value) < 1e15
             ? json(static_cast<std::int64_t>(value))
             : finite_or_null(value);
}

json metrics_json(const Metrics& m) {
  return {{"r2", finite_or_null(m.r2)},
          {"mape", finite_or_null(m.mape)},
          {"rmse", finite_or_null(m.rmse)},
          {"max_error", finite_or_null(m.max_error)},
          {"count", whole(m.count)}};
}

json coverage_json(const Coverage& c) {
  if (std::isnan(c.fraction) && std::isnan(c.axes)) return nullptr;
  return {{"fraction", finite_or_null(c.fraction)}, {"axes", whole(c.axes)}};
}

json quantity_json(const QuantityMetrics& q) {
  return {{"d_eff", metrics_json(q.d_eff)},
          {"tau", metrics_json(q.tau)},
          {"coverage", coverage_json(q.coverage)}};
}

json named_json(const NamedMetrics& named) {
  json object = json::object();
  for (const auto& [name, metrics] : named) object[name] = quantity_json(metrics);
  return object;
}

json model_name(const ReportInputs& inputs) {
  const json& config = inputs.run.config;
  const auto model = config.find("model");
  if (model != config.end()) {
    if (model->is_string()) return *model;
    if (model->is_object() && model->contains("name") && (*model)["name"].is_string())
      return (*model)["name"];
  }
  if (inputs.prediction && !inputs.prediction->model.empty()) return inputs.prediction->model;
  return nullptr;
}

json epoch_json(const EpochMetrics& e) {
  return {{"epoch", whole(e.epoch)},
          {"train_loss", finite_or_null(e.train_loss)},
          {"val_loss", finite_or_null(e.val_loss)},
          {"val_r2_d_eff", finite_or_null(e.val_r2_d_eff)},
          {"val_mape_d_eff", finite_or_null(e.val_mape_d_eff)}};
}

double median_of_finite(std::vector<double> values) {
  std::erase_if(values, [](double v) { return !std::isfinite(v); });
  if (values.empty()) return kMissing;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

json training_json(const TrainingRun& run) {
  // run.json (surrogate/run_files.hpp): the options, the sample counts, the replica count.
  json config = json::object();
  const json options = run.config.value("options", json::object());
  for (const char* key : {"precision", "batch", "accum", "epochs", "optimizer", "lr", "lr_schedule",
                          "augment", "stages", "pipeline_schedule"})
    if (options.contains(key)) config[key] = options[key];
  const json samples = run.config.value("samples", json::object());
  for (const char* key : {"train", "val"})
    if (samples.contains(key)) config[std::string("samples_") + key] = samples[key];
  if (run.config.contains("replicas")) config["replicas"] = run.config["replicas"];
  json training{{"config", config}, {"epochs_run", run.epochs.size()}};
  training["final"] = run.epochs.empty() ? json(nullptr) : epoch_json(run.epochs.back());
  const EpochMetrics* best = nullptr;
  for (const EpochMetrics& e : run.epochs)
    if (std::isfinite(e.val_loss) && (!best || e.val_loss < best->val_loss)) best = &e;
  training["best"] = best ? epoch_json(*best) : json(nullptr);
  json history{{"epoch", json::array()},
               {"train_loss", json::array()},
               {"val_loss", json::array()},
               {"val_r2_d_eff", json::array()},
               {"samples_per_second", json::array()}};
  for (const EpochMetrics& e : run.epochs) {
    history["epoch"].push_back(whole(e.epoch));
    history["train_loss"].push_back(finite_or_null(e.train_loss));
    history["val_loss"].push_back(finite_or_null(e.val_loss));
    history["val_r2_d_eff"].push_back(finite_or_null(e.val_r2_d_eff));
    history["samples_per_second"].push_back(finite_or_null(e.samples_per_second));
  }
  training["history"] = history;
  return training;
}

json test_json(const Evaluation& evaluation) {
  return {{"split", evaluation.split},
          {"samples", whole(evaluation.samples)},
          {"members", whole(evaluation.members)},
          {"handed_over", whole(evaluation.handed_over)},
          {"overall", evaluation.overall ? quantity_json(*evaluation.overall) : json(nullptr)},
          {"per_family", named_json(evaluation.per_family)},
          {"per_axis", named_json(evaluation.per_axis)},
          {"parity_points", evaluation.parity.size()}};
}

// The same file named by both tools: equal paths, or equal file names.
bool same_volume(const std::string& a, const std::string& b) {
  if (a == b) return true;
  const auto name_a = std::filesystem::path(a).filename();
  return !name_a.empty() && name_a == std::filesystem::path(b).filename();
}

// The predicted volume the solver result belongs to: the one with the same file, or the only
// one there is.
const PredictedVolume* solved_prediction(const ReportInputs& inputs) {
  if (!inputs.prediction || !inputs.solution) return nullptr;
  const auto& results = inputs.prediction->results;
  for (const PredictedVolume& r : results)
    if (same_volume(r.file, inputs.solution->volume)) return &r;
  return results.size() == 1 ? &results.front() : nullptr;
}

double relative_difference(double predicted, double solved) {
  if (!std::isfinite(predicted) || !std::isfinite(solved) || solved == 0) return kMissing;
  return (predicted - solved) / std::abs(solved);
}

// One axis of one volume: predict's answer and, from an ensemble, its source and interval, against
// the solver's (NaN where a side is missing). `predicted` is null for a volume only solved.
json comparison_row(const std::string& file, int axis, const PredictedVolume* predicted,
                    double d_solved, double tau_solved) {
  const auto number = [&](std::array<double, 3> PredictedVolume::*values) {
    return predicted ? (predicted->*values)[axis] : kMissing;
  };
  const auto text = [&](std::array<std::string, 3> PredictedVolume::*texts) {
    return predicted && !(predicted->*texts)[axis].empty() ? json((predicted->*texts)[axis])
                                                           : json(nullptr);
  };
  const double d_pred = number(&PredictedVolume::d_eff), tau_pred = number(&PredictedVolume::tau);
  const double lo = number(&PredictedVolume::interval_lo),
               hi = number(&PredictedVolume::interval_hi);
  const bool interval = std::isfinite(lo) && std::isfinite(hi);
  return {{"file", file},
          {"axis", kAxisNames[axis]},
          {"source", text(&PredictedVolume::source)},
          {"handover", text(&PredictedVolume::handover)},
          {"d_eff_predict", finite_or_null(d_pred)},
          {"d_eff_surrogate", finite_or_null(number(&PredictedVolume::surrogate_d_eff))},
          // The members' spread only beside an interval: one network's 0 says nothing.
          {"d_eff_std", finite_or_null(interval ? number(&PredictedVolume::d_eff_std) : kMissing)},
          {"d_eff_interval", interval ? json{lo, hi} : json(nullptr)},
          {"d_eff_solver", finite_or_null(d_solved)},
          {"solver_inside_interval", interval && std::isfinite(d_solved)
                                         ? json(lo <= d_solved && d_solved <= hi)
                                         : json(nullptr)},
          {"d_eff_relative_difference", finite_or_null(relative_difference(d_pred, d_solved))},
          {"tau_predict", finite_or_null(tau_pred)},
          {"tau_solver", finite_or_null(tau_solved)},
          {"tau_relative_difference", finite_or_null(relative_difference(tau_pred, tau_solved))}};
}

const SolvedAxis* solved_axis(const Solution& solution, int axis) {
  for (const SolvedAxis& a : solution.axes)
    if (a.axis == axis) return &a;
  return nullptr;
}

json comparison_json(const ReportInputs& inputs) {
  json rows = json::array();
  const PredictedVolume* matched = solved_prediction(inputs);
  if (inputs.prediction)
    for (const PredictedVolume& r : inputs.prediction->results)
      for (int axis = 0; axis < 3; ++axis) {
        const SolvedAxis* solved = &r == matched ? solved_axis(*inputs.solution, axis) : nullptr;
        rows.push_back(comparison_row(r.file, axis, &r, solved ? solved->d_eff : kMissing,
                                      solved ? solved->tau : kMissing));
      }
  if (inputs.solution && !matched)
    for (const SolvedAxis& a : inputs.solution->axes)
      rows.push_back(comparison_row(inputs.solution->volume, a.axis, nullptr, a.d_eff, a.tau));
  return rows;
}

json timing_json(const ReportInputs& inputs) {
  const PredictedVolume* matched = solved_prediction(inputs);
  if (!matched) return nullptr;
  double solver_seconds = 0;
  for (const SolvedAxis& a : inputs.solution->axes) solver_seconds += a.wall_seconds;
  return {{"file", matched->file},
          {"predict_seconds", finite_or_null(matched->seconds)},
          {"solver_seconds", finite_or_null(solver_seconds)}};
}

json throughput_json(const ReportInputs& inputs) {
  std::vector<double> rates;
  for (const EpochMetrics& e : inputs.run.epochs) rates.push_back(e.samples_per_second);
  return {{"train_samples_per_second", finite_or_null(median_of_finite(rates))},
          {"evaluate_samples_per_second",
           finite_or_null(inputs.evaluation ? inputs.evaluation->samples_per_second : kMissing)},
          {"predict_volumes_per_second",
           finite_or_null(inputs.prediction ? inputs.prediction->volumes_per_second : kMissing)},
          {"predict_tiles_per_second",
           finite_or_null(inputs.prediction ? inputs.prediction->tiles_per_second : kMissing)}};
}

// ---- HTML ----

constexpr const char* kStyle = R"(
body { font-family: sans-serif; margin: 2em auto; max-width: 1120px; color: #222; }
h1 { margin-bottom: 0.2em; }
.sub { color: #666; margin-top: 0; }
h2 { border-bottom: 1px solid #ccc; padding-bottom: 0.2em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.8em 0; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; }
th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 1em; }
.note { color: #666; font-size: 0.9em; }
)";

std::string esc(const std::string& text) { return xml_escape(text); }

std::string num(double value) { return format_number(value); }

std::string num(const json& value) {
  return value.is_number() ? format_number(value.get<double>()) : "n/a";
}

// A value that is a percentage already: MAPE (surrogate/metrics.hpp).
std::string percent(double value) {
  return std::isfinite(value) ? format_number(value, 3) + " %" : "n/a";
}

std::string percent(const json& value) {
  return percent(value.is_number() ? value.get<double>() : kMissing);
}

// A fraction shown as a percentage: relative differences (-0.0722 -> "-7.22 %").
std::string fraction_as_percent(const json& fraction) {
  return percent(fraction.is_number() ? 100 * fraction.get<double>() : kMissing);
}

std::string key_numbers(const json& summary) {
  std::vector<std::pair<std::string, std::string>> rows;
  const auto add = [&](const std::string& label, const std::string& value) {
    if (value != "n/a") rows.emplace_back(label, value);
  };
  if (summary["model"].is_string()) add("Model", summary["model"].get<std::string>());
  add("Ensemble members", num(summary["members"]));
  add("Interval coverage, nominal", fraction_as_percent(summary["interval_coverage"]));
  const json& training = summary["training"];
  add("Epochs run", std::to_string(training["epochs_run"].get<std::size_t>()));
  if (training["final"].is_object()) {
    add("Final train loss", num(training["final"]["train_loss"]));
    add("Final validation loss", num(training["final"]["val_loss"]));
    add("Final validation R\u00b2 (D_eff)", num(training["final"]["val_r2_d_eff"]));
    add("Final validation MAPE (D_eff)", percent(training["final"]["val_mape_d_eff"]));
  }
  if (training["best"].is_object())
    add(fmt::format("Best validation loss (epoch {})", num(training["best"]["epoch"])),
        num(training["best"]["val_loss"]));
  if (summary.contains("test") && summary["test"]["overall"].is_object()) {
    const json& overall = summary["test"]["overall"];
    add("Test R\u00b2 (D_eff)", num(overall["d_eff"]["r2"]));
    add("Test MAPE (D_eff)", percent(overall["d_eff"]["mape"]));
    add("Test R\u00b2 (tau)", num(overall["tau"]["r2"]));
    add("Test MAPE (tau)", percent(overall["tau"]["mape"]));
    if (overall["coverage"].is_object()) {
      add("Interval coverage on the test split (D_eff)",
          fraction_as_percent(overall["coverage"]["fraction"]));
      add("Test axes with an interval", num(overall["coverage"]["axes"]));
    }
  }
  if (summary.contains("test"))
    add("Test axes flagged for the solver", num(summary["test"]["handed_over"]));
  const json& throughput = summary["throughput"];
  add("Training throughput (samples/s, median over epochs)",
      num(throughput["train_samples_per_second"]));
  add("Evaluation throughput (samples/s)", num(throughput["evaluate_samples_per_second"]));
  add("Prediction throughput (volumes/s)", num(throughput["predict_volumes_per_second"]));
  add("Prediction throughput (tiles/s)", num(throughput["predict_tiles_per_second"]));
  std::string html = "<table class=\"key\">\n";
  for (const auto& [label, value] : rows)
    html += fmt::format("<tr><th>{}</th><td class=\"num\">{}</td></tr>\n", esc(label), esc(value));
  return html + "</table>\n";
}

std::string config_table(const json& config) {
  if (config.empty()) return {};
  std::string html = "<table class=\"config\">\n";
  for (const auto& [key, value] : config.items())
    html += fmt::format("<tr><th>{}</th><td>{}</td></tr>\n", esc(key),
                        esc(value.is_string() ? value.get<std::string>() : value.dump()));
  return html + "</table>\n";
}

std::string training_charts(const TrainingRun& run) {
  if (run.epochs.empty()) return "<p class=\"note\">metrics.jsonl holds no epochs yet.</p>\n";
  Series train{"train loss", {}}, val{"validation loss", {}}, r2{"validation R\u00b2", {}};
  for (const EpochMetrics& e : run.epochs) {
    train.points.push_back({e.epoch, e.train_loss});
    if (std::isfinite(e.val_loss)) val.points.push_back({e.epoch, e.val_loss});
    if (std::isfinite(e.val_r2_d_eff)) r2.points.push_back({e.epoch, e.val_r2_d_eff});
  }
  std::vector<Series> losses{train};
  if (!val.points.empty()) losses.push_back(val);
  std::string html = "<div class=\"charts\">\n";
  html += line_chart(losses, {"Loss per epoch", {"epoch", Scale::linear}, {"loss", Scale::log}});
  if (!r2.points.empty())
    html += line_chart({r2}, {"Validation R\u00b2 of D_eff per epoch",
                              {"epoch", Scale::linear},
                              {"R\u00b2", Scale::linear}});
  return html + "</div>\n";
}

// Parity points grouped into one series per family, in order of first appearance.
std::vector<Series> parity_series(const std::vector<ParityPoint>& parity, bool tau,
                                  std::size_t& not_percolating) {
  std::vector<Series> series;
  not_percolating = 0;
  for (const ParityPoint& p : parity) {
    const Point point = tau ? Point{p.tau_true, p.tau_pred}
                            : Point{p.d_eff_true, p.d_eff_pred, p.d_eff_lo, p.d_eff_hi};
    if (tau && (std::isnan(p.tau_true) || std::isnan(p.tau_pred))) {
      ++not_percolating;
      continue;
    }
    const std::string family = p.family.empty() ? "(no family)" : p.family;
    auto it = std::find_if(series.begin(), series.end(),
                           [&](const Series& s) { return s.name == family; });
    if (it == series.end()) it = series.insert(series.end(), Series{family, {}});
    it->points.push_back(point);
  }
  return series;
}

std::string count_text(double count) {
  return std::isfinite(count) ? fmt::format("{:.0f}", count) : "n/a";
}

// One row per name: D_eff's and tau's metrics and, where any row has one (an ensemble), the
// share of the axes inside their calibrated interval.
std::string metrics_table(const std::string& first_column, const NamedMetrics& rows) {
  const bool coverage = std::any_of(rows.begin(), rows.end(), [](const auto& row) {
    return !std::isnan(row.second.coverage.fraction);
  });
  std::string html = fmt::format(
      "<table class=\"metrics\">\n<tr><th rowspan=\"2\">{}</th><th colspan=\"5\">D_eff</th>"
      "<th colspan=\"5\">tau</th>{}</tr>\n<tr>",
      esc(first_column), coverage ? "<th colspan=\"2\">interval (D_eff)</th>" : "");
  for (int i = 0; i < 2; ++i)
    html += "<th>R\u00b2</th><th>MAPE</th><th>RMSE</th><th>max error</th><th>count</th>";
  if (coverage) html += "<th>coverage</th><th>axes</th>";
  html += "</tr>\n";
  for (const auto& [name, q] : rows) {
    html += fmt::format("<tr><td>{}</td>", esc(name));
    for (const Metrics* m : {&q.d_eff, &q.tau})
      html += fmt::format(
          "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
          "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
          num(m->r2), percent(m->mape), num(m->rmse), num(m->max_error), count_text(m->count));
    if (coverage)
      html += fmt::format("<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                          percent(100 * q.coverage.fraction), count_text(q.coverage.axes));
    html += "</tr>\n";
  }
  return html + "</table>\n";
}

std::string test_section(const Evaluation& evaluation) {
  std::string html =
      fmt::format("<h2>Test set: {}, {} samples</h2>\n",
                  esc(evaluation.split.empty() ? "(unnamed split)" : evaluation.split),
                  num(evaluation.samples));
  std::size_t skipped_d = 0, not_percolating = 0;
  const auto d_series = parity_series(evaluation.parity, false, skipped_d);
  const auto tau_series = parity_series(evaluation.parity, true, not_percolating);
  html += "<div class=\"charts\">\n";
  html += scatter_chart(d_series, {"D_eff: surrogate vs solver",
                                   {"D_eff (solver)", Scale::linear},
                                   {"D_eff (surrogate)", Scale::linear},
                                   520,
                                   440,
                                   true});
  html += scatter_chart(tau_series, {"tau: surrogate vs solver",
                                     {"tau (solver)", Scale::log},
                                     {"tau (surrogate)", Scale::log},
                                     520,
                                     440,
                                     true});
  html += "</div>\n";
  const auto with_interval = std::count_if(
      evaluation.parity.begin(), evaluation.parity.end(),
      [](const ParityPoint& p) { return std::isfinite(p.d_eff_lo) && std::isfinite(p.d_eff_hi); });
  if (with_interval > 0)
    html += fmt::format(
        "<p class=\"note\">The vertical bars in the D_eff plot are the ensemble's calibrated "
        "intervals ({} sample-axes).</p>\n",
        with_interval);
  if (not_percolating > 0)
    html += fmt::format(
        "<p class=\"note\">{} sample-axes do not percolate (tau infinite) and are not in the tau "
        "plot.</p>\n",
        not_percolating);
  if (evaluation.overall) html += metrics_table("", {{"all", *evaluation.overall}});
  if (!evaluation.per_family.empty()) html += metrics_table("family", evaluation.per_family);
  if (!evaluation.per_axis.empty()) html += metrics_table("axis", evaluation.per_axis);
  return html;
}

std::string throughput_section(const json& throughput) {
  const std::pair<const char*, const char*> entries[] = {
      {"train_samples_per_second", "train (median)|samples/s"},
      {"evaluate_samples_per_second", "evaluate|samples/s"},
      {"predict_tiles_per_second", "predict (tiles)|tiles/s"},
      {"predict_volumes_per_second", "predict (volumes)|volumes/s"}};
  std::vector<Bar> bars;
  for (const auto& [key, label] : entries) {
    if (!throughput[key].is_number()) continue;
    const std::string text = label;
    const auto bar = text.find('|');
    bars.push_back({text.substr(0, bar), throughput[key].get<double>(), text.substr(bar + 1)});
  }
  if (bars.empty()) return {};
  return "<h2>Throughput</h2>\n" + bar_chart(bars, {"Throughput"});
}

std::string text_or_na(const json& value) {
  return value.is_string() ? value.get<std::string>() : "n/a";
}

std::string interval_text(const json& interval) {
  return interval.is_array() ? fmt::format("[{}, {}]", num(interval[0]), num(interval[1])) : "n/a";
}

std::string yes_no(const json& value) {
  return value.is_boolean() ? (value.get<bool>() ? "yes" : "no") : "n/a";
}

bool any_row_has(const json& rows, const char* key) {
  return std::any_of(rows.begin(), rows.end(),
                     [&](const json& row) { return !row[key].is_null(); });
}

// The columns of the comparison table: header and cell text of a row. The source column is
// there when predict says which tool answered, the interval columns when it gave intervals.
std::vector<std::pair<std::string, std::function<std::string(const json&)>>> comparison_columns(
    const json& rows, const json& interval_coverage) {
  std::vector<std::pair<std::string, std::function<std::string(const json&)>>> columns = {
      {"file", [](const json& row) { return row["file"].get<std::string>(); }},
      {"axis", [](const json& row) { return row["axis"].get<std::string>(); }},
      {"D_eff predict", [](const json& row) { return num(row["d_eff_predict"]); }}};
  if (any_row_has(rows, "source"))
    columns.push_back({"source", [](const json& row) { return text_or_na(row["source"]); }});
  const bool intervals = any_row_has(rows, "d_eff_interval");
  if (intervals) {
    const std::string level =
        interval_coverage.is_number() ? fraction_as_percent(interval_coverage) + " " : "";
    columns.push_back({fmt::format("surrogate's {}interval", level),
                       [](const json& row) { return interval_text(row["d_eff_interval"]); }});
    columns.push_back(
        {"members' spread (std)", [](const json& row) { return num(row["d_eff_std"]); }});
  }
  columns.push_back({"D_eff solver", [](const json& row) { return num(row["d_eff_solver"]); }});
  if (intervals)
    columns.push_back({"solver inside the interval",
                       [](const json& row) { return yes_no(row["solver_inside_interval"]); }});
  columns.push_back({"relative difference", [](const json& row) {
                       return fraction_as_percent(row["d_eff_relative_difference"]);
                     }});
  columns.push_back({"tau predict", [](const json& row) { return num(row["tau_predict"]); }});
  columns.push_back({"tau solver", [](const json& row) { return num(row["tau_solver"]); }});
  columns.push_back({"relative difference", [](const json& row) {
                       return fraction_as_percent(row["tau_relative_difference"]);
                     }});
  return columns;
}

std::string comparison_section(const json& rows, const json& timing,
                               const json& interval_coverage) {
  if (rows.empty()) return {};
  const auto columns = comparison_columns(rows, interval_coverage);
  std::string html = "<h2>Surrogate vs solver</h2>\n<table class=\"compare\">\n<tr>";
  for (const auto& [header, cell] : columns) html += fmt::format("<th>{}</th>", esc(header));
  html += "</tr>\n";
  for (const json& row : rows) {
    html += "<tr>";
    for (std::size_t c = 0; c < columns.size(); ++c)
      html +=
          fmt::format("<td{}>{}</td>", c < 2 ? "" : " class=\"num\"", esc(columns[c].second(row)));
    html += "</tr>\n";
  }
  html += "</table>\n";
  // Why an axis was flagged: answered by the solver (predict --fallback solve), or only flagged.
  for (const json& row : rows)
    if (row["handover"].is_string())
      html += fmt::format(
          "<p class=\"note\">{}, {}: {} ({}).</p>\n", esc(row["file"].get<std::string>()),
          esc(row["axis"].get<std::string>()),
          row["source"] == "solver"
              ? "answered by the solver, the surrogate having flagged it"
              : "flagged by the surrogate, answered by it all the same (predict --fallback solve "
                "hands such axes to the solver)",
          esc(row["handover"].get<std::string>()));
  if (timing.is_object())
    html += fmt::format(
        "<p class=\"note\">{}: surrogate {} s for all three axes; solver {} s in total.</p>\n",
        esc(timing["file"].get<std::string>()), num(timing["predict_seconds"]),
        num(timing["solver_seconds"]));
  return html;
}

}  // namespace

json summarise(const ReportInputs& inputs, const ReportPaths& paths) {
  const auto path_or_null = [](const std::filesystem::path& p) {
    return p.empty() ? json(nullptr) : json(p.string());
  };
  json summary{{"inputs",
                {{"run", paths.run_dir.string()},
                 {"evaluate", path_or_null(paths.evaluation)},
                 {"predict", path_or_null(paths.prediction)},
                 {"solve", path_or_null(paths.solution)}}},
               {"model", model_name(inputs)},
               {"training", training_json(inputs.run)}};
  // An ensemble's size and nominal interval coverage: predict's word, else evaluate's size.
  double members = inputs.prediction ? inputs.prediction->members : kMissing;
  if (std::isnan(members) && inputs.evaluation) members = inputs.evaluation->members;
  summary["members"] = whole(members);
  summary["interval_coverage"] =
      finite_or_null(inputs.prediction ? inputs.prediction->interval_coverage : kMissing);
  if (inputs.evaluation) summary["test"] = test_json(*inputs.evaluation);
  if (inputs.prediction || inputs.solution) {
    summary["predict_vs_solver"] = comparison_json(inputs);
    summary["timing"] = timing_json(inputs);
  }
  summary["throughput"] = throughput_json(inputs);
  return summary;
}

std::string render_html(const ReportInputs& inputs, const json& summary) {
  const std::string model =
      summary["model"].is_string() ? summary["model"].get<std::string>() : "surrogate";
  std::string html =
      fmt::format("<h1>condnet surrogate report: {}</h1>\n<p class=\"sub\">run {}</p>\n",
                  esc(model), esc(summary["inputs"]["run"].get<std::string>()));
  html += "<h2>Key numbers</h2>\n" + key_numbers(summary);
  html += "<h2>Training</h2>\n" + config_table(summary["training"]["config"]) +
          training_charts(inputs.run);
  if (inputs.evaluation) html += test_section(*inputs.evaluation);
  html += throughput_section(summary["throughput"]);
  if (summary.contains("predict_vs_solver"))
    html += comparison_section(summary["predict_vs_solver"], summary["timing"],
                               summary["interval_coverage"]);
  return html_page("condnet report: " + model, kStyle, html);
}

}  // namespace condnet::report
