#include "surrogate/train_options.hpp"

#include "core/error.hpp"

namespace condnet::surrogate {

nlohmann::json TrainOptions::to_json() const {
  return {{"data", data},
          {"model", model},
          {"device", device},
          {"batch", batch},
          {"accum", accum},
          {"epochs", epochs},
          {"optimizer", optimizer},
          {"lr", lr},
          {"weight_decay", weight_decay},
          {"schedule", schedule},
          {"warmup", warmup},
          {"min_lr", min_lr},
          {"loss", loss},
          {"patience", patience},
          {"precision", precision},
          {"seed", seed},
          {"augment", augment},
          {"checkpoint_every", checkpoint_every}};
}

TrainOptions TrainOptions::from_json(const nlohmann::json& json, const std::string& where) {
  TrainOptions options;
  const auto reference = options.to_json();
  for (const auto& [key, value] : json.items())
    if (!reference.contains(key)) fail("{}: unknown training option '{}'", where, key);
  for (const auto& [key, value] : reference.items())
    if (!json.contains(key)) fail("{}: training option '{}' is missing", where, key);
  try {
    json.at("data").get_to(options.data);
    json.at("model").get_to(options.model);
    json.at("device").get_to(options.device);
    json.at("batch").get_to(options.batch);
    json.at("accum").get_to(options.accum);
    json.at("epochs").get_to(options.epochs);
    json.at("optimizer").get_to(options.optimizer);
    json.at("lr").get_to(options.lr);
    json.at("weight_decay").get_to(options.weight_decay);
    json.at("schedule").get_to(options.schedule);
    json.at("warmup").get_to(options.warmup);
    json.at("min_lr").get_to(options.min_lr);
    json.at("loss").get_to(options.loss);
    json.at("patience").get_to(options.patience);
    json.at("precision").get_to(options.precision);
    json.at("seed").get_to(options.seed);
    json.at("augment").get_to(options.augment);
    json.at("checkpoint_every").get_to(options.checkpoint_every);
  } catch (const nlohmann::json::exception& e) {
    fail("{}: a training option has the wrong type ({})", where, e.what());
  }
  return options;
}

}  // namespace condnet::surrogate
