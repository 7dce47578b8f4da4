#include "surrogate/ensemble_builder.hpp"

#include <unistd.h>

#include <chrono>
#include <random>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/stopwatch.hpp"
#include "data/batch_loader.hpp"
#include "surrogate/ensemble_predictor.hpp"
#include "surrogate/held_out_calibration.hpp"
#include "surrogate/input_domain.hpp"
#include "surrogate/interval.hpp"
#include "surrogate/surrogate_model.hpp"

namespace condnet::surrogate {

namespace {

std::vector<std::filesystem::path> data_of(const EnsembleRequest& request,
                                           const TrainedModel& first) {
  if (!request.data.empty()) return request.data;
  std::vector<std::filesystem::path> out;
  if (first.run.contains("options") && first.run["options"].contains("data"))
    for (const auto& file : first.run["options"]["data"]) out.emplace_back(file.get<std::string>());
  if (out.empty())
    fail("{}: its run.json names no data; give the labelled datasets with --data",
         request.members.front().string());
  return out;
}

// The statistics of every sample of `set`, as the network sees it.
std::vector<CubeStatistics> statistics_of(const data::SampleSet& set) {
  std::vector<CubeStatistics> out;
  std::vector<std::uint8_t> conducting(set.voxels());
  for (std::int64_t i = 0; i < set.size(); ++i) {
    data::conducting_mask(set, i, conducting);
    out.push_back(cube_statistics(conducting, set.edge));
  }
  return out;
}

// Copies what answering needs of a run (run.json, the checkpoint it answers with as
// best.safetensors, metrics.jsonl) into `dir`.
void copy_member(const TrainedModel& member, const std::filesystem::path& source,
                 const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(source / "run.json", dir / "run.json");
  std::filesystem::copy_file(member.checkpoint, dir / "best.safetensors");
  if (std::filesystem::exists(source / "metrics.jsonl"))
    std::filesystem::copy_file(source / "metrics.jsonl", dir / "metrics.jsonl");
}

}  // namespace

EnsembleSummary build_ensemble(const EnsembleRequest& request) {
  const auto start = std::chrono::steady_clock::now();
  if (request.members.size() < 2)
    fail("RUN: an ensemble needs at least 2 member runs (5 recommended), got {}",
         request.members.size());
  if (!(request.coverage > 0 && request.coverage < 1))
    fail("--coverage {}: give a fraction between 0 and 1 (0.9 for 90% intervals)",
         request.coverage);
  if (std::filesystem::exists(request.output))
    fail("-o {}: exists already; choose a new directory", request.output.string());
  SurrogateModel model;
  model.path = request.output;
  std::vector<std::string> names;
  for (const auto& path : request.members) {
    if (!std::filesystem::is_directory(path))
      fail("{}: not a run directory (condnet train -o); members are runs", path.string());
    model.members.push_back(load_trained_model(path));
    names.push_back(path.string());
  }
  check_members_agree(model.members, names);
  const auto files = data_of(request, model.members.front());

  // The members' own selection: families their training left out stay out of calibration and
  // of the domain (a leave-one-family-out ensemble has never seen that family).
  const auto excluded = excluded_families(model.members.front());
  for (std::size_t k = 1; k < model.members.size(); ++k)
    if (excluded_families(model.members[k]) != excluded)
      fail(
          "{}: trained on other families than {} (--exclude-family); an ensemble's members "
          "share their training data",
          names[k], names.front());
  data::SampleSelection val_selection{{data::Split::val}}, train_selection{{data::Split::train}};
  val_selection.exclude_families = train_selection.exclude_families = excluded;
  const auto val = data::load_samples(files, val_selection);
  if (val.size() == 0)
    fail("{}: no labelled samples in the val split to calibrate on", files.front().string());
  if (val.edge != model.edge())
    fail("{}: samples of {}^3 voxels, but the members take {}^3", files.front().string(), val.edge,
         model.edge());
  EnsemblePredictor predictor(model, PredictorOptions{});
  const auto predictions = predict_samples(predictor, val);
  std::vector<double> scores, spreads;
  for (std::int64_t i = 0; i < val.size(); ++i)
    for (int a = 0; a < 3; ++a) {
      if (predictions.bounds[i][a] == 0) continue;
      scores.push_back(conformal_score(predictions.of(i, a), val.d_eff[i][a]));
      spreads.push_back(relative_spread(predictions.of(i, a)));
    }
  if (scores.empty())
    fail("{}: nothing percolates in the val split; calibrate on data that conducts",
         files.front().string());
  auto calibration = fit_calibration(scores, request.coverage);
  if (!request.held_out.empty()) {
    auto held_out = held_out_scores(request.held_out, files);
    calibration =
        with_held_out(calibration, std::move(held_out.scores), std::move(held_out.families));
  }
  const auto train = data::load_samples(files, train_selection);
  if (train.size() == 0)
    fail("{}: no labelled samples in the train split to fit the input domain on",
         files.front().string());
  const auto domain = fit_domain(statistics_of(train), spreads);

  // Built under a temporary name beside the output, then renamed: all or nothing.
  const auto parent = request.output.parent_path().empty() ? std::filesystem::path(".")
                                                           : request.output.parent_path();
  const auto temp =
      parent / ("." + request.output.filename().string() + ".tmp." + std::to_string(getpid()));
  std::filesystem::remove_all(temp);
  nlohmann::json members = nlohmann::json::array();
  nlohmann::json data = nlohmann::json::array();
  for (const auto& file : files) data.push_back(std::filesystem::absolute(file).string());
  nlohmann::json calibrated_on{{"data", data}, {"split", "val"}, {"samples", val.size()}};
  if (!request.held_out.empty()) {
    calibrated_on["held_out"] = nlohmann::json::array();
    for (const auto& path : request.held_out)
      calibrated_on["held_out"].push_back(std::filesystem::absolute(path).string());
    calibrated_on["held_out_splits"] = {"train", "val"};
  }
  try {
    for (std::size_t k = 0; k < model.members.size(); ++k) {
      const auto name = "member-" + std::to_string(k);
      copy_member(model.members[k], request.members[k], temp / name);
      members.push_back(name);
    }
    const nlohmann::json ensemble{
        {"format", kEnsembleFormat},
        {"format_version", kEnsembleVersion},
        {"members", members},
        {"sources", names},
        {"calibration", calibration.to_json()},
        {"calibrated_on", calibrated_on},
        {"domain", domain.to_json()},
        {"domain_fitted_on", {{"data", data}, {"split", "train"}, {"samples", train.size()}}}};
    write_text_atomically(ensemble_json(temp), ensemble.dump(2) + "\n", "ensemble");
    std::filesystem::rename(temp, request.output);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(temp, ignored);
    throw;
  }
  EnsembleSummary out;
  out.members = static_cast<std::int64_t>(model.members.size());
  out.calibration_samples = val.size();
  out.calibration_axes = calibration.axes;
  out.training_samples = train.size();
  out.scale = calibration.scale();
  out.val_scale = calibration.val_scale;
  if (calibration.held_out) {
    out.held_out_axes = calibration.held_out->axes;
    out.held_out_scale = calibration.held_out->scale;
  }
  out.spread_limit = domain.spread_limit;
  out.seconds = seconds_since(start);
  return out;
}

}  // namespace condnet::surrogate
