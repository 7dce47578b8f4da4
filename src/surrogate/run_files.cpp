#include "surrogate/run_files.hpp"

#include <unistd.h>

#include <fstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "train/checkpoint.hpp"

namespace condnet::surrogate {

nlohmann::json read_run_json(const RunPaths& paths) {
  const auto file = paths.run_json();
  std::ifstream in(file);
  if (!in)
    fail("{}: not a training run (no run.json); give the directory condnet train -o wrote",
         paths.dir.string());
  nlohmann::json run;
  try {
    run = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception&) {  // parse_error; out_of_range: 1e999
    fail("{}: not valid JSON; the run directory is damaged", file.string());
  }
  // Each field checked for presence and type here, once: its readers index it directly.
  const auto field = [&run](const char* key) {
    const auto found = run.find(key);
    return found == run.end() ? nlohmann::json() : *found;
  };
  if (!run.is_object() || field("format") != kRunFormat)
    fail("{}: not a condnet run file (format is not {})", file.string(), kRunFormat);
  if (field("format_version") != kRunVersion)
    fail("{}: run format version {}, this condnet reads {}; use the condnet that wrote it",
         file.string(), field("format_version").dump(), kRunVersion);
  for (const char* key : {"model", "options"})
    if (!field(key).is_object())
      fail("{}: \"{}\" is {}, not a JSON object; the run directory is damaged", file.string(), key,
           run.contains(key) ? field(key).dump() : "missing");
  const auto replicas = field("replicas");
  if (!replicas.is_null() && !(replicas.is_number_integer() && replicas >= 1))
    fail("{}: \"replicas\" is {}, not a positive integer; the run directory is damaged",
         file.string(), replicas.dump());
  return run;
}

void write_run_json(const RunPaths& paths, const nlohmann::json& run) {
  write_text_atomically(paths.run_json(), run.dump(2) + "\n", "run file");
}

std::string why_not_an_output_run(const std::filesystem::path& model) {
  std::error_code ec;
  if (!std::filesystem::is_directory(model, ec)) return "a checkpoint file, not a run directory";
  if (std::filesystem::exists(model / "ensemble.json", ec))
    return "an ensemble, not a run (ensembles hold models only)";
  if (!std::filesystem::exists(RunPaths{model}.last(), ec))
    return "a shipped model, not a run of yours (no last.safetensors)";
  if (access(model.c_str(), W_OK) != 0) return "a run you cannot write to";
  return {};
}

void refuse_existing_run(const RunPaths& paths, std::string_view option, std::string_view resume) {
  if (std::filesystem::exists(paths.run_json()) || std::filesystem::exists(paths.last()))
    fail("{} {}: holds a training run already; continue it with {} {} or choose a new directory",
         option, paths.dir.string(), resume, paths.dir.string());
}

TrainedModel load_trained_model(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    fail_missing(
        "{}: no such run directory or checkpoint; give a directory condnet train -o wrote, "
        "or a .safetensors checkpoint",
        path.string());
  nlohmann::json run = nlohmann::json::object();
  std::filesystem::path checkpoint = path;
  if (std::filesystem::is_directory(path)) {
    const RunPaths paths{path};
    run = read_run_json(paths);
    checkpoint = std::filesystem::exists(paths.best()) ? paths.best() : paths.last();
    if (!std::filesystem::exists(checkpoint))
      fail("{}: the run has no checkpoint yet (best.safetensors or last.safetensors)",
           path.string());
  }
  std::string encoding_name = data::kLegacyEncoding;
  if (run.contains("options") && run["options"].is_object() && run["options"].contains("input")) {
    const auto& input = run["options"]["input"];
    if (!input.is_string())
      fail("{}: options.input is {}, not an input encoding ({})",
           RunPaths{path}.run_json().string(), input.dump(), data::input_encoding_names());
    encoding_name = input.get<std::string>();
  }
  const auto encoding = data::InputEncoding::parse(
      encoding_name, RunPaths{path}.run_json().string() + " options.input");
  auto data = train::load_checkpoint(checkpoint);
  auto graph = nn::Graph::parse(data.model, checkpoint.string() + " (model metadata)");
  const auto& input = graph.input_shape();
  if (input.size() != 4 || input[1] != input[2] || input[2] != input[3] ||
      nn::element_count(graph.output_shape()) != 3)
    fail("{}: the model does not map one n^3 cube to 3 values (D_eff along x, y, z)",
         checkpoint.string());
  if (input[0] != encoding.channels())
    fail("{}: the model takes {} channels, but its input encoding '{}' makes {}{}",
         checkpoint.string(), input[0], encoding.name(), encoding.channels(),
         run.empty() ? "; give the run directory, whose run.json names the encoding" : "");
  return {std::move(run),          encoding,  std::move(graph), std::move(data.params),
          std::move(data.buffers), checkpoint};
}

std::vector<std::string> excluded_families(const TrainedModel& model) {
  std::vector<std::string> out;
  if (model.run.contains("options") && model.run["options"].contains("exclude_families"))
    model.run["options"]["exclude_families"].get_to(out);
  return out;
}

}  // namespace condnet::surrogate
