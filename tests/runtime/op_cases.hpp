#pragma once
// Small graphs, one per op or fusion pattern, shared by the reference gradient checks and
// the backend-vs-reference tests.
#include <ostream>
#include <string>
#include <vector>

#include "nn/dims.hpp"

namespace condnet::test {

struct OpCase {
  std::string name;
  nn::Dims input;      // one sample
  std::string layers;  // the model's "layers" list, without brackets
  // Finite-difference tolerance (normalised error): single ops are smooth at the sampled
  // points; composites sum over ReLU kinks that a perturbation can cross, so they get more.
  double fd_tolerance = 2e-3;
  // Whether a ReLU or max decision sits between the parameters/input and the output: in
  // bf16, values within rounding of a kink (or of a tie) take the other branch, so
  // gradients get a looser bf16 tolerance.
  bool kinked = false;
  // Finite-difference step; smooth composites with batchnorm use a larger one, as float
  // rounding in the batch statistics swamps the difference of a small step.
  double fd_step = 1e-3;
};

// Keeps gtest's parameter printout to the case's name.
inline void PrintTo(const OpCase& op, std::ostream* out) { *out << op.name; }

inline const std::vector<OpCase>& op_cases() {
  static const std::vector<OpCase> cases{
      {"conv3d_k3_p1", {3, 5, 6, 7}, R"({"type": "conv3d", "out_channels": 4, "padding": 1})"},
      {"conv3d_strided_dilated",
       {2, 7, 6, 8},
       R"({"type": "conv3d", "out_channels": 3, "kernel": [3, 2, 1], "stride": [2, 1, 2],
           "padding": [1, 0, 0], "dilation": [1, 2, 1]})"},
      {"conv3d_1x1_no_bias",
       {5, 4, 4, 4},
       R"({"type": "conv3d", "out_channels": 6, "kernel": 1, "bias": false})"},
      {"conv3d_16_to_32",
       {16, 5, 6, 6},
       R"({"type": "conv3d", "out_channels": 32, "padding": 1, "bias": false})"},
      // A plain 8-channel input whose backward oneDNN runs only in its reference kernel in
      // the forward's layouts: the backward takes other layouts and reorders (conv.cpp).
      {"conv3d_8_to_16_strided",
       {8, 6, 6, 6},
       R"({"type": "conv3d", "out_channels": 16, "stride": 2, "padding": 1, "bias": false})"},
      {"batchnorm3d", {4, 3, 5, 6}, R"({"type": "batchnorm3d"})"},
      {"relu", {3, 4, 5, 6}, R"({"type": "relu"})"},
      {"leaky_relu", {3, 4, 5, 6}, R"({"type": "leaky_relu", "negative_slope": 0.2})"},
      {"gelu", {3, 4, 5, 6}, R"({"type": "gelu"})"},
      {"sigmoid", {3, 4, 5, 6}, R"({"type": "sigmoid"})"},
      {"maxpool3d_k2", {3, 6, 6, 6}, R"({"type": "maxpool3d", "kernel": 2})", 2e-3, true},
      {"maxpool3d_k3_s2_p1",
       {2, 7, 5, 6},
       R"({"type": "maxpool3d", "kernel": 3, "stride": 2, "padding": 1})",
       2e-3,
       true},
      {"avgpool3d_k2", {3, 6, 6, 6}, R"({"type": "avgpool3d", "kernel": 2})"},
      {"avgpool3d_k3_s2_p1",
       {2, 7, 5, 6},
       R"({"type": "avgpool3d", "kernel": 3, "stride": 2, "padding": 1})"},
      {"avgpool3d_k3_s2_p1_exclude_pad",
       {2, 7, 5, 6},
       R"({"type": "avgpool3d", "kernel": 3, "stride": 2, "padding": 1,
           "count_include_pad": false})"},
      {"global_avg_pool", {5, 3, 4, 5}, R"({"type": "global_avg_pool"})"},
      {"linear_on_volume", {2, 3, 3, 3}, R"({"type": "linear", "out_features": 5})"},
      {"flatten_linear",
       {2, 3, 3, 3},
       R"({"type": "flatten"}, {"type": "linear", "out_features": 4, "bias": false})"},
      {"add_residual",
       {3, 4, 4, 4},
       R"({"type": "gelu", "name": "g"}, {"type": "add", "inputs": ["input", "g"]})"},
      {"concat_channels",
       {3, 4, 4, 4},
       R"({"type": "gelu", "name": "a"}, {"type": "sigmoid", "name": "b", "inputs": ["input"]},
          {"type": "concat", "inputs": ["a", "b"]})"},
      {"dropout", {3, 4, 4, 4}, R"({"type": "dropout", "p": 0.25})"},
      {"stage_marker", {3, 4, 4, 4}, R"({"type": "gelu"}, {"type": "stage"}, {"type": "sigmoid"})"},
      {"conv_bn_relu_pool",
       {3, 8, 8, 8},
       R"({"type": "conv3d", "out_channels": 16, "padding": 1, "bias": false},
          {"type": "batchnorm3d"}, {"type": "relu"}, {"type": "maxpool3d", "kernel": 2})",
       2e-2,
       true},
      {"conv_relu",
       {3, 6, 6, 6},
       R"({"type": "conv3d", "out_channels": 8, "padding": 1}, {"type": "relu"})",
       2e-2,
       true},
      {"linear_relu_linear",
       {2, 3, 3, 3},
       R"({"type": "linear", "out_features": 6}, {"type": "relu"},
          {"type": "linear", "out_features": 2})",
       2e-2,
       true},
      {"residual_block",
       {16, 4, 4, 4},
       R"({"type": "conv3d", "name": "a", "out_channels": 16, "padding": 1, "bias": false},
          {"type": "batchnorm3d"}, {"type": "relu", "name": "r"},
          {"type": "add", "inputs": ["input", "r"]}, {"type": "leaky_relu"})",
       2e-2,
       true},
      {"conv_bn_gelu_gap_linear",
       {2, 6, 6, 6},
       R"({"type": "conv3d", "out_channels": 16, "padding": 1, "bias": false},
          {"type": "batchnorm3d"}, {"type": "gelu"}, {"type": "global_avg_pool"},
          {"type": "linear", "out_features": 3})",
       2e-2,
       false,
       1e-2},
  };
  return cases;
}

}  // namespace condnet::test
