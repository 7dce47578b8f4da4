#pragma once
// Inference of a trained surrogate: a model's weights on a device of its own, compiled once
// for a batch size and precision, turning cubes (the network's input, see batch_loader.hpp)
// into ratios r = D_eff / eps per axis (conductivity_head.hpp).
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "nn/graph.hpp"
#include "runtime/device.hpp"
#include "runtime/slabs.hpp"
#include "surrogate/sample_set.hpp"

namespace condnet::surrogate {

struct PredictorOptions {
  std::string device = "cpu";
  std::int64_t batch = 16;
  runtime::DType dtype = runtime::DType::f32;
};

class Predictor {
 public:
  // params/buffers: the graph's slabs (copied). The graph must outlive the predictor.
  Predictor(const nn::Graph& graph, std::span<const float> params, std::span<const float> buffers,
            const PredictorOptions& options);

  std::int64_t batch() const { return batch_; }
  // n of the model's n^3 input.
  std::int64_t edge() const { return edge_; }
  // x: (count, 1, n, n, n) with count <= batch(); returns (count, 3) ratios in (0, 1).
  std::vector<float> ratios(std::span<const float> x, std::int64_t count);

 private:
  std::int64_t batch_, edge_;
  std::unique_ptr<runtime::Device> device_;
  runtime::Slabs slabs_;
  std::unique_ptr<runtime::Stream> stream_;
  std::unique_ptr<runtime::Plan> plan_;
  std::unique_ptr<runtime::Buffer> x_, y_;  // (B, 1, n, n, n), (B, 3)
  std::vector<float> y_host_;
};

// Ratios (S, 3) of every sample of `set`, untransformed (symmetry 0).
std::vector<std::array<float, 3>> predict_ratios(Predictor& predictor, const SampleSet& set);

}  // namespace condnet::surrogate
