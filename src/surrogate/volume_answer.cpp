#include "surrogate/volume_answer.hpp"

#include "core/error.hpp"
#include "core/json_number.hpp"
#include "solve/solve.hpp"

namespace condnet::surrogate {

Fallback parse_fallback(std::string_view text, std::string_view what) {
  if (text == "none") return Fallback::none;
  if (text == "solve") return Fallback::solve;
  fail("{}: unknown fallback '{}'; allowed: none, solve", what, text);
}

VolumeAnswer answer_volume(EnsemblePredictor& predictor, const SurrogateModel& model,
                           const voxel::Volume& volume, std::uint8_t conducting, Fallback fallback,
                           const std::string& where) {
  if (!voxel::isotropic(volume.spacing()))
    fail(
        "{}: voxel spacing {} is not cubic, and the surrogate learned cubic voxels; condnet "
        "solve answers exactly with any spacing",
        where, voxel::format_spacing(volume.spacing()));
  VolumeAnswer out;
  out.label = conducting;
  out.phase = volume.value_of(conducting);
  out.prediction = predict_volume(predictor, model, volume, conducting);
  const auto& p = out.prediction;
  for (int a = 0; a < 3; ++a) {
    out.axes[a].d_eff = p.d_eff[a].mean;
    out.axes[a].tau = p.tau[a];
    if (p.handover[a].empty() || fallback != Fallback::solve) continue;
    solve::SolveOptions options;
    options.axis = a;
    const auto solved = solve::solve_axis(volume, solve::binary_conductivity(conducting), options);
    out.axes[a] = {"solver", solved.d_eff, solved.tau_total, solved.wall_seconds};
  }
  return out;
}

nlohmann::json to_json(const VolumeAnswer& answer, const voxel::Shape& shape,
                       std::int64_t members) {
  const auto& p = answer.prediction;
  nlohmann::json d_eff = nlohmann::json::array(), tau = nlohmann::json::array(),
                 source = nlohmann::json::array(), surrogate_d_eff = nlohmann::json::array(),
                 std = nlohmann::json::array(), interval = nlohmann::json::array(),
                 handover = nlohmann::json::array();
  for (int a = 0; a < 3; ++a) {
    const auto& e = p.d_eff[a];
    d_eff.push_back(answer.axes[a].d_eff);
    tau.push_back(finite_or_null(answer.axes[a].tau));
    source.push_back(answer.axes[a].source);
    surrogate_d_eff.push_back(e.mean);
    std.push_back(members > 1 ? nlohmann::json(e.std) : nullptr);
    interval.push_back(e.lo ? nlohmann::json{*e.lo, *e.hi} : nlohmann::json(nullptr));
    handover.push_back(p.handover[a].empty() ? nlohmann::json(nullptr)
                                             : nlohmann::json(p.handover[a]));
  }
  const auto tiles = p.tiles[0] * p.tiles[1] * p.tiles[2];
  return {{"shape", {shape.nx, shape.ny, shape.nz}},
          {"phase", answer.phase},
          {"eps", p.eps},
          {"spanning_fraction", p.spanning_fraction},
          {"tiles", tiles},
          {"tile_grid", p.tiles},
          {"d_eff", d_eff},
          {"tau", tau},
          {"source", source},
          {"surrogate",
           {{"d_eff", surrogate_d_eff},
            {"d_eff_lower", p.d_eff_lower},
            {"d_eff_std", std},
            {"d_eff_interval", interval},
            {"relative_spread", p.spread}}},
          {"handover", handover},
          {"tiles_outside_domain", p.tiles_outside},
          {"seconds", p.seconds}};
}

}  // namespace condnet::surrogate
