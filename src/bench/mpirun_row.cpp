#include "bench/mpirun_row.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <string_view>

#include "core/cpu_set.hpp"
#include "core/run_program.hpp"

namespace condnet::bench {

std::vector<std::string> mpirun_command(const std::string& program, const SweepOptions& options,
                                        const SweepConfig& config) {
  std::vector<std::string> argv{"mpirun",
                                "--oversubscribe",
                                "--allow-run-as-root",
                                "-np",
                                std::to_string(config.replicas),
                                "--mca",
                                "btl",
                                "self,vader,tcp",
                                program,
                                "bench",
                                "--replica-child",
                                "--model",
                                options.model};
  if (options.size > 0) argv.insert(argv.end(), {"--size", std::to_string(options.size)});
  argv.insert(
      argv.end(),
      {"--micro-batch", std::to_string(config.micro_batch), "--accum", std::to_string(config.accum),
       "--stages", std::to_string(config.stages), "--schedule",
       pipeline::to_string(config.schedule), "--precision", runtime::to_string(config.dtype),
       "--replicas", std::to_string(config.replicas), "--warmup", std::to_string(options.warmup),
       "--steps", std::to_string(options.steps), "--device", options.device});
  return argv;
}

namespace {

// The last line of `output` that starts a JSON object; empty when none does.
std::string_view last_json_line(std::string_view output) {
  for (std::size_t end = output.size(); end > 0;) {
    const auto newline = output.rfind('\n', end - 1);
    const auto start = newline == std::string_view::npos ? 0 : newline + 1;
    const auto line = output.substr(start, end - start);
    if (line.starts_with("{\"")) return line;
    if (newline == std::string_view::npos) break;
    end = newline;
  }
  return {};
}

}  // namespace

SweepRow row_from_output(const SweepConfig& config, const ProgramResult& result) {
  const auto& output = result.output;
  SweepRow row;
  row.config = config;
  const auto line = last_json_line(output);
  if (line.empty()) {
    const auto first_line = output.substr(0, output.find('\n'));
    const auto ending = result.signal != 0 ? fmt::format("signal {}", result.signal)
                                           : fmt::format("exit status {}", result.exit_code);
    row.error = "mpirun: " + (first_line.empty() ? "no output, " + ending : first_line);
    return row;
  }
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(line);
  } catch (const nlohmann::json::exception& e) {
    row.error = fmt::format("mpirun: rank 0's result is not JSON ({})", e.what());
    return row;
  }
  return row_from_json(json);
}

SweepRow run_replicated(const SweepOptions& options, const SweepConfig& config) {
  const auto self = std::filesystem::read_symlink("/proc/self/exe").string();
  const int threads = std::max(1, allowed_cpu_count() / config.replicas);
  ProgramRun run;
  run.argv = mpirun_command(self, options, config);
  run.environment = {{"OMP_NUM_THREADS", std::to_string(threads)}};
  return row_from_output(config, run_program(run));
}

}  // namespace condnet::bench
