#include "surrogate/train_options.hpp"

#include "core/error.hpp"
#include "data/input_encoding.hpp"

namespace condnet::surrogate {

nlohmann::json TrainOptions::to_json() const {
  return {{"data", data},
          {"exclude_families", exclude_families},
          {"model", model},
          {"input", input},
          {"device", device},
          {"batch", batch},
          {"accum", accum},
          {"epochs", epochs},
          {"optimizer", optimizer},
          {"lr", lr},
          {"weight_decay", weight_decay},
          {"lr_schedule", lr_schedule},
          {"stages", stages},
          {"devices", devices},
          {"pipeline_schedule", pipeline_schedule},
          {"split", split},
          {"device_iterations", device_iterations},
          {"overlap_reduce", overlap_reduce},
          {"warmup", warmup},
          {"min_lr", min_lr},
          {"loss", loss},
          {"patience", patience},
          {"precision", precision},
          {"seed", seed},
          {"augment", augment},
          {"checkpoint_every", checkpoint_every},
          {"init_from", init_from}};
}

TrainOptions TrainOptions::from_json(const nlohmann::json& json, const std::string& where) {
  TrainOptions options;
  const auto reference = options.to_json();
  for (const auto& [key, value] : json.items()) {
    if (!reference.contains(key)) fail("{}: unknown training option '{}'", where, key);
    // A float read into an integer field is undefined behaviour in json's get_to.
    if (reference[key].is_number_integer() && !value.is_number_integer())
      fail("{}: training option '{}' is {}, not an integer", where, key, value.dump());
  }
  try {
    if (json.contains("data")) json.at("data").get_to(options.data);
    if (json.contains("exclude_families"))
      json.at("exclude_families").get_to(options.exclude_families);
    if (json.contains("model")) json.at("model").get_to(options.model);
    options.input =
        json.contains("input") ? json.at("input").get<std::string>() : data::kLegacyEncoding;
    if (json.contains("device")) json.at("device").get_to(options.device);
    if (json.contains("batch")) json.at("batch").get_to(options.batch);
    if (json.contains("accum")) json.at("accum").get_to(options.accum);
    if (json.contains("epochs")) json.at("epochs").get_to(options.epochs);
    if (json.contains("optimizer")) json.at("optimizer").get_to(options.optimizer);
    if (json.contains("lr")) json.at("lr").get_to(options.lr);
    if (json.contains("weight_decay")) json.at("weight_decay").get_to(options.weight_decay);
    if (json.contains("lr_schedule")) json.at("lr_schedule").get_to(options.lr_schedule);
    if (json.contains("stages")) json.at("stages").get_to(options.stages);
    if (json.contains("devices")) json.at("devices").get_to(options.devices);
    if (json.contains("pipeline_schedule"))
      json.at("pipeline_schedule").get_to(options.pipeline_schedule);
    if (json.contains("split")) json.at("split").get_to(options.split);
    if (json.contains("device_iterations"))
      json.at("device_iterations").get_to(options.device_iterations);
    if (json.contains("overlap_reduce")) json.at("overlap_reduce").get_to(options.overlap_reduce);
    if (json.contains("warmup")) json.at("warmup").get_to(options.warmup);
    if (json.contains("min_lr")) json.at("min_lr").get_to(options.min_lr);
    if (json.contains("loss")) json.at("loss").get_to(options.loss);
    if (json.contains("patience")) json.at("patience").get_to(options.patience);
    if (json.contains("precision")) json.at("precision").get_to(options.precision);
    if (json.contains("seed")) json.at("seed").get_to(options.seed);
    if (json.contains("augment")) json.at("augment").get_to(options.augment);
    if (json.contains("checkpoint_every"))
      json.at("checkpoint_every").get_to(options.checkpoint_every);
    if (json.contains("init_from")) json.at("init_from").get_to(options.init_from);
  } catch (const nlohmann::json::exception& e) {
    fail("{}: a training option has the wrong type ({})", where, e.what());
  }
  return options;
}

void TrainOptions::check(const std::string& where) const {
  const auto at_least = [&](const char* name, std::int64_t value, std::int64_t least) {
    if (value < least) fail("{}: {} is {}; allowed: >= {}", where, name, value, least);
  };
  at_least("batch", batch, 1);
  at_least("accum", accum, 1);
  at_least("epochs", epochs, 1);
  at_least("stages", stages, 1);
  at_least("device_iterations", device_iterations, 1);
  at_least("warmup", warmup, 0);
  at_least("patience", patience, 0);
  at_least("checkpoint_every", checkpoint_every, 0);
  if (!(lr > 0)) fail("{}: lr is {}; allowed: > 0", where, lr);
  if (!(min_lr >= 0)) fail("{}: min_lr is {}; allowed: >= 0", where, min_lr);
  if (!(weight_decay >= 0)) fail("{}: weight_decay is {}; allowed: >= 0", where, weight_decay);
}

}  // namespace condnet::surrogate
