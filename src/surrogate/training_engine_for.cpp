#include "surrogate/training_engine_for.hpp"

#include "runtime/device.hpp"
#include "surrogate/pipelined_training.hpp"
#include "train/one_device_engine.hpp"

namespace condnet::surrogate {

std::unique_ptr<train::TrainingEngine> training_engine_for(const nn::Graph& graph,
                                                           const TrainOptions& options,
                                                           train::Objective objective,
                                                           const nlohmann::json& optimizer,
                                                           const train::LrSchedule& schedule,
                                                           const train::Replicas& replicas) {
  if (options.stages > 1)
    return make_pipelined_trainer(graph, options, std::move(objective), optimizer, schedule,
                                  replicas);
  runtime::PlanOptions plan_options;
  plan_options.batch = options.batch;
  plan_options.dtype = runtime::parse_dtype(options.precision, "--precision");
  plan_options.seed = options.seed;
  auto engine = std::make_unique<train::OneDeviceEngine>(
      runtime::make_device_for_this_thread(options.device, "--device"), graph, plan_options,
      std::move(objective), train::make_optimizer(optimizer, graph.param_floats(), "--optimizer"),
      schedule);
  if (replicas.size > 1)
    engine->set_gradient_reducer(train::gradient_reducer(replicas), replicas.size,
                                 options.overlap_reduce);
  return engine;
}

}  // namespace condnet::surrogate
