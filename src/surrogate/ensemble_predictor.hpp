#pragma once
// A surrogate's networks (one, or an ensemble's members) answering the same cubes on one
// device: each batch of cubes is encoded once (input_encoding.hpp), uploaded once, and every
// member answers it from the same device buffer.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "data/input_encoding.hpp"
#include "data/sample_set.hpp"
#include "surrogate/input_domain.hpp"
#include "surrogate/predictor.hpp"
#include "surrogate/surrogate_model.hpp"

namespace condnet::surrogate {

class EnsemblePredictor {
 public:
  // Every member of `model`. `model` must outlive the predictor.
  EnsemblePredictor(const SurrogateModel& model, const PredictorOptions& options);
  // Networks of the same input (C, n, n, n) (asserted) and encoding; their graphs must outlive
  // the predictor.
  EnsemblePredictor(const std::vector<NetworkWeights>& networks,
                    const data::InputEncoding& encoding, const PredictorOptions& options);

  std::int64_t members() const { return static_cast<std::int64_t>(members_.size()); }
  std::int64_t batch() const { return batch_; }
  std::int64_t edge() const { return edge_; }
  const data::InputEncoding& encoding() const { return encoding_; }
  // Floats of one encoded cube: C n^3.
  std::int64_t input_floats() const { return encoding_.channels() * edge_ * edge_ * edge_; }

  // x: (count, C, n, n, n), count <= batch(); bounds: (count). Returns every member's D_eff,
  // bound times its ratio: (count, 3, K), element [(i * 3 + axis) * K + k].
  std::vector<double> d_eff(std::span<const float> x, std::span<const std::array<double, 3>> bounds,
                            std::int64_t count);

 private:
  std::int64_t batch_, edge_ = 0;
  data::InputEncoding encoding_;
  std::unique_ptr<runtime::Device> device_;
  std::unique_ptr<runtime::Stream> stream_;
  std::vector<std::unique_ptr<Predictor>> members_;
  std::unique_ptr<runtime::Buffer> x_;  // (B, C, n, n, n)
};

// Every sample of `set` (symmetry 0) as the members answer it.
struct SamplePredictions {
  std::int64_t members = 0;                   // K
  std::vector<std::array<double, 3>> bounds;  // (S)
  std::vector<double> d_eff;                  // (S, 3, K)
  std::vector<CubeStatistics> statistics;     // (S) when asked for, else empty

  std::span<const double> of(std::int64_t sample, int axis) const {
    return std::span(d_eff).subspan((sample * 3 + axis) * members, members);
  }
};
// with_statistics: also each cube's input statistics (input_domain.hpp), from the same cluster
// labelling as its encoding.
SamplePredictions predict_samples(EnsemblePredictor& predictor, const data::SampleSet& set,
                                  bool with_statistics = false);

// One cube made ready for the networks. mask: n^3 bytes of 0 or 1 (1 conducts); out: the
// encoding's (C, n, n, n). Labels the clusters once for the encoding and, when
// `with_statistics`, the input statistics.
struct PreparedCube {
  std::array<double, 3> bound{};
  std::optional<CubeStatistics> statistics;
};
PreparedCube prepare_cube(const data::InputEncoding& encoding, std::span<const std::uint8_t> mask,
                          std::int64_t n, bool with_statistics, std::span<float> out);

}  // namespace condnet::surrogate
