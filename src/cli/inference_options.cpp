#include "cli/inference_options.hpp"

#include "cli/validators.hpp"
#include "runtime/device.hpp"
#include "runtime/dtype.hpp"

namespace condnet::cli {

surrogate::PredictorOptions InferenceArgs::predictor_options() const {
  return {device, batch, runtime::parse_dtype(precision, "--precision")};
}

void add_inference_options(CLI::App& command, InferenceArgs& args, const std::string& batch_help) {
  command.add_option("--device", args.device, "cpu, cpu:<CPUs> (e.g. cpu:0-3) or reference")
      ->capture_default_str()
      ->check(device_name());
  command.add_option("--precision", args.precision, "fp32 or bf16")
      ->capture_default_str()
      ->check(CLI::IsMember({"fp32", "bf16"}));
  command.add_option("--batch", args.batch, batch_help)->capture_default_str()->check(positive());
}

}  // namespace condnet::cli
