#include <fmt/format.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/commands.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "report/demo_report.hpp"

namespace condnet::cli {

namespace {

struct ReportArgs {
  std::string run_dir, evaluation, prediction, solution;
  std::string html_out, json_out;
};

void run_report(const ReportArgs& args) {
  const report::ReportPaths paths{args.run_dir, args.evaluation, args.prediction, args.solution};
  const report::ReportInputs inputs = report::load_report_inputs(paths);
  const nlohmann::json summary = report::summarise(inputs, paths);
  const std::string html = report::render_html(inputs, summary);
  write_text_atomically(args.html_out, html, "HTML report");
  if (!args.json_out.empty())
    write_text_atomically(args.json_out, summary.dump(2) + "\n", "JSON summary");
  fmt::print("report: {}{}\n", args.html_out,
             args.json_out.empty() ? "" : fmt::format(", summary: {}", args.json_out));
}

}  // namespace

void add_report_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "report", "One self-contained HTML page (SVG charts) and a JSON summary of a training run");
  auto args = std::make_shared<ReportArgs>();
  command
      ->add_option("--run", args->run_dir,
                   "Run directory of condnet train (run.json, metrics.jsonl)")
      ->required();
  command->add_option("--evaluate", args->evaluation,
                      "JSON written by condnet evaluate --json-out");
  command->add_option("--predict", args->prediction, "JSON printed by condnet predict --json");
  command->add_option("--solve", args->solution, "JSON written by condnet solve --json-out");
  command->add_option("-o,--output", args->html_out, "The HTML report to write")->required();
  command->add_option("--json-out", args->json_out, "Also write the numbers as JSON to this file");
  command->callback([args] { run_report(*args); });
}

}  // namespace condnet::cli
