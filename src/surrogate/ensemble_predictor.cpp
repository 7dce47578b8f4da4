#include "surrogate/ensemble_predictor.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "data/batch_loader.hpp"

namespace condnet::surrogate {

EnsemblePredictor::EnsemblePredictor(const SurrogateModel& model, const PredictorOptions& options) {
  for (const auto& member : model.members)
    members_.push_back(std::make_unique<Predictor>(member.graph, member.params, member.buffers,
                                                   member.encoding, options));
}

EnsemblePredictor::EnsemblePredictor(std::vector<std::unique_ptr<Predictor>> members)
    : members_(std::move(members)) {
  CONDNET_ASSERT(!members_.empty());
  for (const auto& m : members_)
    CONDNET_ASSERT(m->edge() == edge() && m->encoding().name() == encoding().name() &&
                   m->batch() == batch());
}

std::vector<double> EnsemblePredictor::d_eff(std::span<const float> x,
                                             std::span<const std::array<double, 3>> bounds,
                                             std::int64_t count) {
  CONDNET_ASSERT(static_cast<std::int64_t>(bounds.size()) == count);
  const auto k_count = members();
  std::vector<double> out(count * 3 * k_count);
  for (std::int64_t k = 0; k < k_count; ++k) {
    const auto ratios = members_[k]->ratios(x, count);  // (count, 3)
    for (std::int64_t i = 0; i < count; ++i)
      for (int a = 0; a < 3; ++a)
        out[(i * 3 + a) * k_count + k] = bounds[i][a] * static_cast<double>(ratios[i * 3 + a]);
  }
  return out;
}

SamplePredictions predict_samples(EnsemblePredictor& predictor, const data::SampleSet& set) {
  CONDNET_ASSERT(set.edge == predictor.edge());
  const auto floats = predictor.input_floats();
  SamplePredictions out;
  out.members = predictor.members();
  out.bounds.resize(set.size());
  out.d_eff.resize(set.size() * 3 * out.members);
  std::vector<float> x(predictor.batch() * floats);
  for (std::int64_t first = 0; first < set.size(); first += predictor.batch()) {
    const auto count = std::min(predictor.batch(), set.size() - first);
    for (std::int64_t b = 0; b < count; ++b)
      out.bounds[first + b] = data::make_input(set, predictor.encoding(), first + b, 0,
                                               std::span(x).subspan(b * floats, floats))
                                  .bound;
    const auto d = predictor.d_eff(std::span(x).first(count * floats),
                                   std::span(out.bounds).subspan(first, count), count);
    std::copy(d.begin(), d.end(), out.d_eff.begin() + first * 3 * out.members);
  }
  return out;
}

}  // namespace condnet::surrogate
