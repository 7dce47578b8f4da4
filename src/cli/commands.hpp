#pragma once
// Each subcommand adds itself to the app and sets its callback; main() runs the app.
#include <CLI/CLI.hpp>

namespace condnet::cli {

void add_info_command(CLI::App& app);
void add_stats_command(CLI::App& app);
void add_convert_command(CLI::App& app);
void add_solve_command(CLI::App& app);
void add_rev_command(CLI::App& app);
void add_generate_command(CLI::App& app);
void add_dataset_command(CLI::App& app);
void add_crop_command(CLI::App& app);
void add_bench_train_command(CLI::App& app);
void add_bench_command(CLI::App& app);
void add_bench_pipeline_command(CLI::App& app);
void add_label_command(CLI::App& app);
void add_train_command(CLI::App& app);
void add_evaluate_command(CLI::App& app);
void add_predict_command(CLI::App& app);
void add_ensemble_command(CLI::App& app);
void add_report_command(CLI::App& app);

}  // namespace condnet::cli
