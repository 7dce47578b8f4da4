#pragma once
// Inference of a trained surrogate: a model's weights on a device of its own, compiled once
// for a batch size and precision, turning cubes encoded by the model's input encoding
// (input_encoding.hpp) into ratios r = D_eff / bound per axis (conductivity_head.hpp).
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "data/input_encoding.hpp"
#include "nn/graph.hpp"
#include "runtime/device.hpp"
#include "runtime/slabs.hpp"

namespace condnet::surrogate {

struct PredictorOptions {
  std::string device = "cpu";
  std::int64_t batch = 16;
  runtime::DType dtype = runtime::DType::f32;
};

class Predictor {
 public:
  // params/buffers: the graph's slabs (copied). The graph must outlive the predictor; its input
  // is (encoding.channels(), n, n, n).
  Predictor(const nn::Graph& graph, std::span<const float> params, std::span<const float> buffers,
            const data::InputEncoding& encoding, const PredictorOptions& options);

  std::int64_t batch() const { return batch_; }
  // n of the model's n^3 input.
  std::int64_t edge() const { return edge_; }
  const data::InputEncoding& encoding() const { return encoding_; }
  // Floats of one encoded cube: C n^3.
  std::int64_t input_floats() const { return encoding_.channels() * edge_ * edge_ * edge_; }
  // x: (count, C, n, n, n) with count <= batch(); returns (count, 3) ratios in (0, 1).
  std::vector<float> ratios(std::span<const float> x, std::int64_t count);

 private:
  std::int64_t batch_, edge_;
  data::InputEncoding encoding_;
  std::unique_ptr<runtime::Device> device_;
  runtime::Slabs slabs_;
  std::unique_ptr<runtime::Stream> stream_;
  std::unique_ptr<runtime::Plan> plan_;
  std::unique_ptr<runtime::Buffer> x_, y_;  // (B, C, n, n, n), (B, 3)
  std::vector<float> y_host_;
};

}  // namespace condnet::surrogate
