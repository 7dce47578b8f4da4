#include "surrogate/surrogate_model.hpp"

#include <fstream>

#include "core/error.hpp"

namespace condnet::surrogate {

std::filesystem::path ensemble_json(const std::filesystem::path& dir) {
  return dir / "ensemble.json";
}

void check_members_agree(const std::vector<TrainedModel>& members,
                         const std::vector<std::string>& names) {
  CONDNET_ASSERT(!members.empty() && members.size() == names.size());
  const auto& first = members.front();
  for (std::size_t k = 1; k < members.size(); ++k) {
    const auto& m = members[k];
    if (m.graph.input_shape() != first.graph.input_shape() ||
        m.encoding.name() != first.encoding.name())
      fail(
          "{}: takes {}^3 cubes encoded '{}', but {} takes {}^3 encoded '{}'; an ensemble's "
          "members share input size and encoding",
          names[k], m.graph.input_shape()[1], m.encoding.name(), names.front(),
          first.graph.input_shape()[1], first.encoding.name());
  }
}

SurrogateModel load_surrogate(const std::filesystem::path& path) {
  SurrogateModel out;
  out.path = path;
  const auto file = ensemble_json(path);
  if (!std::filesystem::is_directory(path) || !std::filesystem::exists(file)) {
    out.members.push_back(load_trained_model(path));
    return out;
  }
  nlohmann::json ensemble;
  try {
    ensemble = nlohmann::json::parse(std::ifstream(file));
  } catch (const nlohmann::json::exception&) {
    fail("{}: not valid JSON; rebuild the ensemble with condnet ensemble", file.string());
  }
  if (!ensemble.is_object() || ensemble.value("format", "") != kEnsembleFormat ||
      !ensemble.contains("members") || !ensemble["members"].is_array() ||
      ensemble["members"].empty() || !ensemble.contains("calibration"))
    fail("{}: not a condnet ensemble (format {}, members, calibration)", file.string(),
         kEnsembleFormat);
  std::vector<std::string> names;
  for (const auto& member : ensemble["members"]) {
    if (!member.is_string()) fail("{}: members must be folder names", file.string());
    const auto name = member.get<std::string>();
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
      fail("{}: member '{}' is not a folder inside the ensemble", file.string(), name);
    names.push_back((path / name).string());
    out.members.push_back(load_trained_model(path / name));
  }
  check_members_agree(out.members, names);
  out.calibration = Calibration::from_json(ensemble["calibration"], file.string());
  if (ensemble.contains("domain"))
    out.domain = InputDomain::from_json(ensemble["domain"], file.string());
  return out;
}

}  // namespace condnet::surrogate
