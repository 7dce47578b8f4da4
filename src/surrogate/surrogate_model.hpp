#pragma once
// What `condnet predict` and `evaluate` take as MODEL: a training run or checkpoint (one
// network; answers without an interval), or an ensemble directory (`condnet ensemble -o ENS`):
//   ENS/ensemble.json   {"format": "condnet.ensemble", "format_version": 1,
//                        "members": ["member-0", ...], "calibration": interval.hpp's,
//                        "calibrated_on": {"data": [...], "split": "val", "samples": S},
//                        "domain": input_domain.hpp's ranges of the training inputs}
//   ENS/member-k/       each member a run (run.json, best.safetensors, metrics.jsonl) of the
//                       same input size and encoding
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "surrogate/input_domain.hpp"
#include "surrogate/interval.hpp"
#include "surrogate/run_files.hpp"

namespace condnet::surrogate {

inline constexpr const char* kEnsembleFormat = "condnet.ensemble";
// The shipped model that answers when the user names none (`condnet predict VOLUME`, Python's
// condnet.Surrogate()), relative to the repository or the installed Python package.
inline constexpr const char* kRecommendedModel = "models/pretrained/ensemble-48";
inline constexpr int kEnsembleVersion = 1;

struct SurrogateModel {
  std::filesystem::path path;
  std::vector<TrainedModel> members;       // >= 1
  std::optional<Calibration> calibration;  // ensembles only
  std::optional<InputDomain> domain;       // ensembles only

  std::int64_t edge() const { return members.front().graph.input_shape()[1]; }
  const data::InputEncoding& encoding() const { return members.front().encoding; }
  bool ensemble() const { return calibration.has_value(); }
};

std::filesystem::path ensemble_json(const std::filesystem::path& dir);

// A run directory, a checkpoint, or an ensemble directory. Error naming the file for a
// damaged ensemble.json, a missing member, or members of different input size or encoding.
SurrogateModel load_surrogate(const std::filesystem::path& path);

// Error naming the member when `members` differ in input size or encoding from the first.
void check_members_agree(const std::vector<TrainedModel>& members,
                         const std::vector<std::string>& names);

}  // namespace condnet::surrogate
