#pragma once
// A surrogate's networks (one, or an ensemble's members) answering the same cubes: each cube is
// encoded once (input_encoding.hpp) and every member answers it.
#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "data/sample_set.hpp"
#include "surrogate/predictor.hpp"
#include "surrogate/surrogate_model.hpp"

namespace condnet::surrogate {

class EnsemblePredictor {
 public:
  // Every member of `model` on its own device. `model` must outlive the predictor.
  EnsemblePredictor(const SurrogateModel& model, const PredictorOptions& options);
  // Members of the same edge and encoding (asserted).
  explicit EnsemblePredictor(std::vector<std::unique_ptr<Predictor>> members);

  std::int64_t members() const { return static_cast<std::int64_t>(members_.size()); }
  std::int64_t batch() const { return members_.front()->batch(); }
  std::int64_t edge() const { return members_.front()->edge(); }
  const data::InputEncoding& encoding() const { return members_.front()->encoding(); }
  std::int64_t input_floats() const { return members_.front()->input_floats(); }

  // x: (count, C, n, n, n), count <= batch(); bounds: (count). Returns every member's D_eff,
  // bound times its ratio: (count, 3, K), element [(i * 3 + axis) * K + k].
  std::vector<double> d_eff(std::span<const float> x, std::span<const std::array<double, 3>> bounds,
                            std::int64_t count);

 private:
  std::vector<std::unique_ptr<Predictor>> members_;
};

// Every sample of `set` (symmetry 0) as the members answer it.
struct SamplePredictions {
  std::int64_t members = 0;                   // K
  std::vector<std::array<double, 3>> bounds;  // (S)
  std::vector<double> d_eff;                  // (S, 3, K)

  std::span<const double> of(std::int64_t sample, int axis) const {
    return std::span(d_eff).subspan((sample * 3 + axis) * members, members);
  }
};
SamplePredictions predict_samples(EnsemblePredictor& predictor, const data::SampleSet& set);

}  // namespace condnet::surrogate
