#include "surrogate/ensemble_predictor.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "voxel/clusters.hpp"

namespace condnet::surrogate {

namespace {

std::vector<NetworkWeights> networks_of(const SurrogateModel& model) {
  std::vector<NetworkWeights> out;
  for (const auto& member : model.members)
    out.push_back({&member.graph, member.params, member.buffers});
  return out;
}

}  // namespace

EnsemblePredictor::EnsemblePredictor(const SurrogateModel& model, const PredictorOptions& options)
    : EnsemblePredictor(networks_of(model), model.encoding(), options) {}

EnsemblePredictor::EnsemblePredictor(const std::vector<NetworkWeights>& networks,
                                     const data::InputEncoding& encoding,
                                     const PredictorOptions& options)
    : batch_(options.batch),
      encoding_(encoding),
      device_(runtime::make_device_for_this_thread(options.device)),
      stream_(device_->create_stream()) {
  CONDNET_ASSERT(!networks.empty());
  const auto& input = networks.front().graph->input_shape();
  CONDNET_ASSERT(input.size() == 4 && input[0] == encoding.channels() && input[1] == input[2] &&
                 input[2] == input[3]);
  edge_ = input[1];
  for (const auto& network : networks) {
    CONDNET_ASSERT(network.graph->input_shape() == input);
    members_.push_back(
        std::make_unique<Predictor>(*device_, *stream_, network, batch_, options.dtype));
  }
  x_ = device_->allocate(static_cast<std::size_t>(batch_ * input_floats()) * sizeof(float));
  stream_->synchronize();
}

std::vector<double> EnsemblePredictor::d_eff(std::span<const float> x,
                                             std::span<const std::array<double, 3>> bounds,
                                             std::int64_t count) {
  const auto floats = input_floats();
  CONDNET_ASSERT(count > 0 && count <= batch_ &&
                 static_cast<std::int64_t>(x.size()) == count * floats &&
                 static_cast<std::int64_t>(bounds.size()) == count);
  stream_->copy_from_host(*x_, 0, x.data(), x.size_bytes());
  if (count < batch_) stream_->fill_zero(*x_, x.size_bytes(), x_->size() - x.size_bytes());
  for (auto& member : members_) member->enqueue(*stream_, *x_);
  stream_->synchronize();
  const auto k_count = members();
  std::vector<double> out(count * 3 * k_count);
  for (std::int64_t k = 0; k < k_count; ++k) {
    const auto ratios = members_[k]->ratios(count);  // (count, 3)
    for (std::int64_t i = 0; i < count; ++i)
      for (int a = 0; a < 3; ++a)
        out[(i * 3 + a) * k_count + k] = bounds[i][a] * static_cast<double>(ratios[i * 3 + a]);
  }
  return out;
}

PreparedCube prepare_cube(const data::InputEncoding& encoding, std::span<const std::uint8_t> mask,
                          std::int64_t n, bool with_statistics, std::span<float> out) {
  const auto clusters = voxel::label_clusters(mask, voxel::Shape{n, n, n});
  PreparedCube cube;
  cube.bound = encoding.encode(mask, clusters, out);
  if (with_statistics) cube.statistics = cube_statistics(mask, clusters);
  return cube;
}

SamplePredictions predict_samples(EnsemblePredictor& predictor, const data::SampleSet& set,
                                  bool with_statistics) {
  CONDNET_ASSERT(set.edge == predictor.edge());
  const auto floats = predictor.input_floats();
  SamplePredictions out;
  out.members = predictor.members();
  out.bounds.resize(set.size());
  out.d_eff.resize(set.size() * 3 * out.members);
  if (with_statistics) out.statistics.resize(set.size());
  std::vector<float> x(predictor.batch() * floats);
  std::vector<std::uint8_t> mask(set.voxels());
  for (std::int64_t first = 0; first < set.size(); first += predictor.batch()) {
    const auto count = std::min(predictor.batch(), set.size() - first);
    for (std::int64_t b = 0; b < count; ++b) {
      data::conducting_mask(set, first + b, mask);
      const auto cube = prepare_cube(predictor.encoding(), mask, set.edge, with_statistics,
                                     std::span(x).subspan(b * floats, floats));
      out.bounds[first + b] = cube.bound;
      if (with_statistics) out.statistics[first + b] = *cube.statistics;
    }
    const auto d = predictor.d_eff(std::span(x).first(count * floats),
                                   std::span(out.bounds).subspan(first, count), count);
    std::copy(d.begin(), d.end(), out.d_eff.begin() + first * 3 * out.members);
  }
  return out;
}

}  // namespace condnet::surrogate
