#pragma once
// The options every command that runs a trained surrogate takes: --device, --precision and
// --batch (samples or tiles per inference call).
#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "surrogate/predictor.hpp"

namespace condnet::cli {

struct InferenceArgs {
  std::string device = "cpu";
  std::string precision = "fp32";
  std::int64_t batch = 16;

  surrogate::PredictorOptions predictor_options() const;
};

// `batch_help` says what one batch holds ("Samples per inference call").
void add_inference_options(CLI::App& command, InferenceArgs& args, const std::string& batch_help);

}  // namespace condnet::cli
