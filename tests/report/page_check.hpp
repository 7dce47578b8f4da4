#pragma once
// A `condnet report` page read back by page_probe.py (Python's own HTML parser; the page as
// written, or the DOM a browser dumped) and compared with the JSON it is made from: the summary
// (report --json-out) and the evaluation file (its parity points). Every table cell that holds a
// number is checked, format-aware: a number shown equals its JSON value to within half a unit of
// its last shown digit, "n/a" stands for null, "x %" for a percentage (MAPE) or for a fraction
// times 100 (relative differences). Every chart has one point element per drawable data point.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "test_paths.hpp"

namespace condnet::test {

// {"tables": [{"class", "rows": [{"header", "cells"}]}], "charts": [{"title", "series": [{"name",
// "circles", "polylines"}], "bars": [{"label", "rects"}]}]}; empty when python3 cannot read it.
inline nlohmann::json probe_page(const std::filesystem::path& html) {
  const auto script = repository_root() / "tests/report/page_probe.py";
  const auto result =
      run_shell(fmt::format("/usr/bin/python3 '{}' '{}'", script.string(), html.string()));
  EXPECT_EQ(result.exit_code, 0) << html << ": the page probe failed\n" << result.output;
  if (result.exit_code != 0)
    return {{"tables", nlohmann::json::array()}, {"charts", nlohmann::json::array()}};
  return nlohmann::json::parse(result.output);
}

// interval: "[lo, hi]" for [lo, hi], "n/a" for null; yes_no: "yes"/"no" for true/false, "n/a"
// for null.
enum class Shown { text, number, percent, fraction_as_percent, interval, yes_no };

inline std::string shown_mismatch(const std::string& text, const nlohmann::json& value, Shown how);

inline std::string interval_mismatch(const std::string& text, const nlohmann::json& value) {
  if (value.is_null()) return text == "n/a" ? "" : fmt::format("shows \"{}\" for null", text);
  static const std::regex pair(R"(\[(\S+), (\S+)\])");
  std::smatch parts;
  if (!value.is_array() || value.size() != 2 || !std::regex_match(text, parts, pair))
    return fmt::format("shows \"{}\" for the interval {}", text, value.dump());
  for (int i = 0; i < 2; ++i)
    if (auto wrong = shown_mismatch(parts[i + 1].str(), value[i], Shown::number); !wrong.empty())
      return fmt::format("interval {}: {}", value.dump(), wrong);
  return "";
}

// Empty when `text` shows `value` the way `how` says; otherwise what is wrong.
inline std::string shown_mismatch(const std::string& text, const nlohmann::json& value, Shown how) {
  if (how == Shown::interval) return interval_mismatch(text, value);
  if (how == Shown::yes_no) {
    const std::string expected = value.is_boolean() ? (value.get<bool>() ? "yes" : "no")
                                 : value.is_null()  ? "n/a"
                                                    : "?";
    return text == expected ? "" : fmt::format("shows \"{}\" for {}", text, value.dump());
  }
  if (how == Shown::text) {
    const std::string expected = value.is_string() ? value.get<std::string>() : value.dump();
    return text == expected ? "" : fmt::format("shows \"{}\" for {}", text, value.dump());
  }
  if (value.is_null()) return text == "n/a" ? "" : fmt::format("shows \"{}\" for null", text);
  if (!value.is_number())
    return fmt::format("shows \"{}\" for the non-number {}", text, value.dump());
  std::string digits = text;
  double expected = value.get<double>();
  if (how != Shown::number) {
    if (!digits.ends_with(" %")) return fmt::format("shows \"{}\", not a percentage", text);
    digits.resize(digits.size() - 2);
    if (how == Shown::fraction_as_percent) expected *= 100;
  }
  static const std::regex number(R"(-?\d+(?:\.(\d+))?(?:e([-+]?\d+))?)");
  std::smatch parts;
  if (!std::regex_match(digits, parts, number))
    return fmt::format("shows \"{}\", not a number", text);
  const auto decimals = parts[1].matched ? static_cast<int>(parts[1].length()) : 0;
  const int exponent = parts[2].matched ? std::stoi(parts[2].str()) : 0;
  const double half_unit = 0.5 * std::pow(10.0, exponent - decimals);
  const double shown = std::stod(digits);
  if (std::abs(shown - expected) <= half_unit + 1e-12 * std::abs(expected)) return "";
  return fmt::format("shows \"{}\" for {} (within {} of {} expected)", text, value.dump(),
                     half_unit, expected);
}

// summary[pointer], or null where the summary has no such member.
inline nlohmann::json member_or_null(const nlohmann::json& summary, const std::string& pointer) {
  const nlohmann::json::json_pointer at(pointer);
  return summary.contains(at) ? summary[at] : nlohmann::json();
}

inline void expect_shows(const nlohmann::json& cells, std::size_t column,
                         const nlohmann::json& value, Shown how, const std::string& where) {
  ASSERT_LT(column, cells.size()) << where << ": the row has " << cells.size() << " cells";
  EXPECT_EQ(shown_mismatch(cells[column].get<std::string>(), value, how), "")
      << where << ", column " << column + 1;
}

inline std::vector<nlohmann::json> data_rows(const nlohmann::json& table) {
  std::vector<nlohmann::json> rows;
  for (const auto& row : table["rows"])
    if (!row["header"].get<bool>()) rows.push_back(row["cells"]);
  return rows;
}

// "Key numbers": label -> where the number is in the summary. A row whose value is null is left
// out of the page, so every non-null one must be there, and every row must be one of these.
inline void expect_key_numbers(const nlohmann::json& table, const nlohmann::json& summary) {
  struct KeyNumber {
    std::string label, pointer;
    Shown how;
  };
  std::vector<KeyNumber> keys = {
      {"Model", "/model", Shown::text},
      {"Ensemble members", "/members", Shown::number},
      {"Interval coverage, nominal", "/interval_coverage", Shown::fraction_as_percent},
      {"Interval coverage on the test split (D_eff)", "/test/overall/coverage/fraction",
       Shown::fraction_as_percent},
      {"Test axes with an interval", "/test/overall/coverage/axes", Shown::number},
      {"Test axes flagged for the solver", "/test/handed_over", Shown::number},
      {"Epochs run", "/training/epochs_run", Shown::number},
      {"Final train loss", "/training/final/train_loss", Shown::number},
      {"Final validation loss", "/training/final/val_loss", Shown::number},
      {"Final validation R\u00b2 (D_eff)", "/training/final/val_r2_d_eff", Shown::number},
      {"Final validation MAPE (D_eff)", "/training/final/val_mape_d_eff", Shown::percent},
      {"Test R\u00b2 (D_eff)", "/test/overall/d_eff/r2", Shown::number},
      {"Test MAPE (D_eff)", "/test/overall/d_eff/mape", Shown::percent},
      {"Test R\u00b2 (tau)", "/test/overall/tau/r2", Shown::number},
      {"Test MAPE (tau)", "/test/overall/tau/mape", Shown::percent},
      {"Training throughput (samples/s, median over epochs)",
       "/throughput/train_samples_per_second", Shown::number},
      {"Evaluation throughput (samples/s)", "/throughput/evaluate_samples_per_second",
       Shown::number},
      {"Prediction throughput (volumes/s)", "/throughput/predict_volumes_per_second",
       Shown::number},
      {"Prediction throughput (tiles/s)", "/throughput/predict_tiles_per_second", Shown::number}};
  const auto best_epoch = member_or_null(summary, "/training/best/epoch");
  if (!best_epoch.is_null())
    keys.push_back({fmt::format("Best validation loss (epoch {})", best_epoch.dump()),
                    "/training/best/val_loss", Shown::number});
  const auto rows = data_rows(table);
  for (const auto& key : keys) {
    const auto value = member_or_null(summary, key.pointer);
    const auto row = std::find_if(rows.begin(), rows.end(),
                                  [&](const auto& cells) { return cells[0] == key.label; });
    if (row == rows.end()) {
      EXPECT_TRUE(value.is_null()) << "key numbers: no row \"" << key.label << "\" for "
                                   << key.pointer << " = " << value.dump();
      continue;
    }
    expect_shows(*row, 1, value, key.how, "key numbers, " + key.label);
  }
  for (const auto& cells : rows)
    EXPECT_TRUE(std::any_of(keys.begin(), keys.end(),
                            [&](const KeyNumber& key) { return cells[0] == key.label; }))
        << "key numbers: the row " << cells.dump() << " is none the summary holds";
}

inline void expect_config(const nlohmann::json& table, const nlohmann::json& config) {
  const auto rows = data_rows(table);
  EXPECT_EQ(rows.size(), config.size()) << "training configuration";
  for (const auto& cells : rows) {
    const auto key = cells[0].get<std::string>();
    ASSERT_TRUE(config.contains(key)) << "training configuration: " << key << " is not in it";
    expect_shows(cells, 1, config[key], Shown::text, "training configuration, " + key);
  }
}

// One metrics table: {name: {"d_eff": metrics, "tau": metrics, "coverage": {"fraction", "axes"}
// or null}}, one row per name; the coverage columns are there when any name has a coverage.
inline void expect_metrics(const nlohmann::json& table, const nlohmann::json& named,
                           const std::string& what) {
  const auto rows = data_rows(table);
  EXPECT_EQ(rows.size(), named.size()) << what;
  bool coverage = false;
  for (const auto& [name, value] : named.items())
    coverage = coverage || (value.contains("coverage") && !value["coverage"].is_null());
  for (const auto& cells : rows) {
    EXPECT_EQ(cells.size(), coverage ? 13u : 11u) << what << ": " << cells.dump();
    const auto name = cells[0].get<std::string>();
    ASSERT_TRUE(named.contains(name)) << what << ": the row " << name << " is not in the JSON";
    std::size_t column = 1;
    for (const char* quantity : {"d_eff", "tau"}) {
      const auto& m = named[name][quantity];
      const auto where = fmt::format("{}, {}, {}", what, name, quantity);
      expect_shows(cells, column++, m["r2"], Shown::number, where + " R2");
      expect_shows(cells, column++, m["mape"], Shown::percent, where + " MAPE");
      expect_shows(cells, column++, m["rmse"], Shown::number, where + " RMSE");
      expect_shows(cells, column++, m["max_error"], Shown::number, where + " max error");
      expect_shows(cells, column++, m["count"], Shown::number, where + " count");
    }
    if (!coverage) continue;
    const auto c = named[name].value("coverage", nlohmann::json());
    const auto where = fmt::format("{}, {}, interval coverage", what, name);
    expect_shows(cells, column++, c.is_null() ? c : c["fraction"], Shown::fraction_as_percent,
                 where);
    expect_shows(cells, column++, c.is_null() ? c : c["axes"], Shown::number, where + " axes");
  }
}

// "Surrogate vs solver": the columns the rows call for (source where any row has one, the interval
// columns where any row has an interval), every cell against its row.
inline void expect_comparison(const nlohmann::json& table, const nlohmann::json& rows_json,
                              const nlohmann::json& interval_coverage) {
  const auto any_has = [&](const char* key) {
    return std::any_of(rows_json.begin(), rows_json.end(),
                       [&](const auto& row) { return !row[key].is_null(); });
  };
  struct Column {
    std::string header, key;
    Shown how;
  };
  std::vector<Column> columns = {{"file", "file", Shown::text},
                                 {"axis", "axis", Shown::text},
                                 {"D_eff predict", "d_eff_predict", Shown::number}};
  if (any_has("source")) columns.push_back({"source", "source", Shown::text});
  const bool intervals = any_has("d_eff_interval");
  if (intervals) {
    const auto level = interval_coverage.is_number()
                           ? fmt::format("{:g} % ", 100 * interval_coverage.get<double>())
                           : "";
    columns.push_back({"surrogate's " + level + "interval", "d_eff_interval", Shown::interval});
    columns.push_back({"members' spread (std)", "d_eff_std", Shown::number});
  }
  columns.push_back({"D_eff solver", "d_eff_solver", Shown::number});
  if (intervals)
    columns.push_back({"solver inside the interval", "solver_inside_interval", Shown::yes_no});
  columns.push_back(
      {"relative difference", "d_eff_relative_difference", Shown::fraction_as_percent});
  columns.push_back({"tau predict", "tau_predict", Shown::number});
  columns.push_back({"tau solver", "tau_solver", Shown::number});
  columns.push_back({"relative difference", "tau_relative_difference", Shown::fraction_as_percent});

  std::vector<std::string> headers;
  for (const auto& row : table["rows"])
    if (row["header"].get<bool>())
      for (const auto& cell : row["cells"]) headers.push_back(cell.get<std::string>());
  std::vector<std::string> expected_headers;
  for (const auto& column : columns) expected_headers.push_back(column.header);
  EXPECT_EQ(headers, expected_headers) << "surrogate vs solver: the columns";

  const auto rows = data_rows(table);
  ASSERT_EQ(rows.size(), rows_json.size()) << "surrogate vs solver";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), columns.size()) << "surrogate vs solver, row " << i + 1;
    for (std::size_t c = 0; c < columns.size(); ++c)
      expect_shows(rows[i], c, rows_json[i][columns[c].key], columns[c].how,
                   fmt::format("surrogate vs solver, row {}, {}", i + 1, columns[c].header));
  }
}

// Every table of the page against the summary; each table the summary calls for is there.
inline void expect_tables_match(const nlohmann::json& probe, const nlohmann::json& summary) {
  std::vector<std::string> seen;
  for (const auto& table : probe["tables"]) {
    const auto kind = table["class"].get<std::string>();
    if (kind == "metrics") {
      // The first header cell names the grouping: none (all samples), family or axis.
      const auto group = table["rows"][0]["cells"][0].get<std::string>();
      seen.push_back("metrics " + group);
      if (group.empty())
        expect_metrics(table, {{"all", summary["test"]["overall"]}}, "test metrics, all");
      else
        expect_metrics(table, summary["test"]["per_" + group], "test metrics per " + group);
      continue;
    }
    seen.push_back(kind);
    if (kind == "key")
      expect_key_numbers(table, summary);
    else if (kind == "config")
      expect_config(table, summary["training"]["config"]);
    else if (kind == "compare")
      expect_comparison(table, summary["predict_vs_solver"], summary["interval_coverage"]);
    else
      ADD_FAILURE() << "a table of class \"" << kind << "\" the test does not know";
  }
  std::vector<std::string> expected = {"key"};
  if (!summary["training"]["config"].empty()) expected.push_back("config");
  if (summary.contains("test")) {
    if (summary["test"]["overall"].is_object()) expected.push_back("metrics ");
    if (!summary["test"]["per_family"].empty()) expected.push_back("metrics family");
    if (!summary["test"]["per_axis"].empty()) expected.push_back("metrics axis");
  }
  if (!member_or_null(summary, "/predict_vs_solver").empty()) expected.push_back("compare");
  EXPECT_EQ(seen, expected) << "the tables on the page";
}

struct ExpectedSeries {
  std::string name;
  std::size_t points = 0, intervals = 0;
};

// Series by name in order of first appearance, counting the values that `drawable` accepts.
// With `lo` and `hi` (D_eff), also the points whose interval [p[lo], p[hi]] can be drawn.
template <typename Drawable>
std::vector<ExpectedSeries> parity_series(const nlohmann::json& parity, const char* truth,
                                          const char* predicted, Drawable drawable,
                                          const char* lo = nullptr, const char* hi = nullptr) {
  std::vector<ExpectedSeries> series;
  for (const auto& p : parity) {
    if (!drawable(p[truth]) || !drawable(p[predicted])) continue;
    const bool interval =
        lo && hi && p.contains(lo) && p.contains(hi) && drawable(p[lo]) && drawable(p[hi]);
    const auto family = p["family"].get<std::string>();
    const auto name = family.empty() ? "(no family)" : family;
    auto it = std::find_if(series.begin(), series.end(),
                           [&](const ExpectedSeries& s) { return s.name == name; });
    if (it == series.end()) it = series.insert(series.end(), {name, 0, 0});
    ++it->points;
    it->intervals += interval;
  }
  return series;
}

inline std::size_t count_of(const nlohmann::json& values, bool log_axis) {
  std::size_t n = 0;
  for (const auto& v : values) n += v.is_number() && (!log_axis || v.get<double>() > 0);
  return n;
}

// Every chart of the page, its series and point elements against the JSON: the history of the
// summary, the parity points of the evaluation file (null when there is none), the throughput.
inline void expect_charts_match(const nlohmann::json& probe, const nlohmann::json& summary,
                                const nlohmann::json& evaluation) {
  const auto& history = summary["training"]["history"];
  std::vector<std::pair<std::string, std::vector<ExpectedSeries>>> expected;
  std::vector<ExpectedSeries> losses = {{"train loss", count_of(history["train_loss"], true)}};
  if (count_of(history["val_loss"], false) > 0)
    losses.push_back({"validation loss", count_of(history["val_loss"], true)});
  expected.emplace_back("Loss per epoch", losses);
  if (const auto n = count_of(history["val_r2_d_eff"], false); n > 0)
    expected.emplace_back("Validation R\u00b2 of D_eff per epoch",
                          std::vector<ExpectedSeries>{{"validation R\u00b2", n}});
  if (summary.contains("test")) {
    const auto finite = [](const nlohmann::json& v) { return v.is_number(); };
    const auto positive = [](const nlohmann::json& v) {
      return v.is_number() && v.get<double>() > 0;
    };
    expected.emplace_back("D_eff: surrogate vs solver",
                          parity_series(evaluation["parity"], "d_eff_true", "d_eff_pred", finite,
                                        "d_eff_lo", "d_eff_hi"));
    expected.emplace_back("tau: surrogate vs solver",
                          parity_series(evaluation["parity"], "tau_true", "tau_pred", positive));
  }
  std::size_t bars = 0;
  for (const auto& [key, value] : summary["throughput"].items()) bars += value.is_number();
  if (bars > 0) expected.emplace_back("Throughput", std::vector<ExpectedSeries>{});

  const auto& charts = probe["charts"];
  ASSERT_EQ(charts.size(), expected.size()) << charts.dump();
  for (std::size_t c = 0; c < charts.size(); ++c) {
    const auto& chart = charts[c];
    const auto& [title, series] = expected[c];
    EXPECT_EQ(chart["title"], title);
    if (title == "Throughput") {
      EXPECT_EQ(chart["bars"].size(), bars);
      for (const auto& bar : chart["bars"]) EXPECT_EQ(bar["rects"], 1) << bar.dump();
      continue;
    }
    ASSERT_EQ(chart["series"].size(), series.size()) << title << ": " << chart.dump();
    for (std::size_t s = 0; s < series.size(); ++s) {
      EXPECT_EQ(chart["series"][s]["name"], series[s].name) << title;
      EXPECT_EQ(chart["series"][s]["circles"], series[s].points)
          << title << ", " << series[s].name << ": one point element per data point";
      EXPECT_EQ(chart["series"][s]["intervals"], series[s].intervals)
          << title << ", " << series[s].name << ": one interval line per interval";
    }
  }
}

}  // namespace condnet::test
