#include "surrogate/held_out_calibration.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/error.hpp"
#include "surrogate/ensemble_predictor.hpp"
#include "surrogate/interval.hpp"
#include "surrogate/surrogate_model.hpp"

namespace condnet::surrogate {

HeldOutScores held_out_scores(const std::vector<std::filesystem::path>& ensembles,
                              const std::vector<std::filesystem::path>& data) {
  CONDNET_ASSERT(!ensembles.empty() && !data.empty());
  HeldOutScores out;
  for (const auto& path : ensembles) {
    const auto where = fmt::format("--held-out {}", path.string());
    if (!std::filesystem::exists(ensemble_json(path)))
      fail(
          "{}: not an ensemble directory (condnet ensemble -o); held-out scores need members' "
          "spread",
          where);
    const auto model = load_surrogate(path);
    const auto families = excluded_families(model.members.front());
    if (families.empty())
      fail(
          "{}: its members left no family out; a held-out ensemble's members are trained with "
          "--exclude-family",
          where);
    data::SampleSelection selection{{data::Split::train, data::Split::val}};
    selection.families = families;
    const auto set = data::load_samples(data, selection);
    if (set.size() == 0)
      fail("{}: {} has no labelled train or val samples of its left-out {} {}", where,
           data.front().string(), families.size() == 1 ? "family" : "families",
           fmt::join(families, ", "));
    if (set.edge != model.edge())
      fail("{}: its members take {}^3 cubes, the data holds {}^3", where, model.edge(), set.edge);
    EnsemblePredictor predictor(model, PredictorOptions{});
    const auto predictions = predict_samples(predictor, set);
    for (std::int64_t i = 0; i < set.size(); ++i)
      for (int a = 0; a < 3; ++a)
        if (predictions.bounds[i][a] > 0)
          out.scores.push_back(conformal_score(predictions.of(i, a), set.d_eff[i][a]));
    out.families.push_back(fmt::format("{}", fmt::join(families, "+")));
    out.samples += set.size();
  }
  if (out.scores.empty())
    fail(
        "--held-out: nothing percolates in the left-out families' samples; nothing to calibrate "
        "on");
  return out;
}

}  // namespace condnet::surrogate
