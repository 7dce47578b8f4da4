#include "surrogate/train_loop.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <optional>
#include <sstream>

#include "core/append_line.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/interrupt.hpp"
#include "core/json_number.hpp"
#include "core/progress.hpp"
#include "core/trace.hpp"
#include "nn/init.hpp"
#include "runtime/slabs.hpp"
#include "solve/peak_memory.hpp"
#include "surrogate/batch_loader.hpp"
#include "surrogate/conductivity_head.hpp"
#include "surrogate/ensemble_predictor.hpp"
#include "surrogate/metrics.hpp"
#include "surrogate/pipelined_training.hpp"
#include "surrogate/predictor.hpp"
#include "surrogate/replicas.hpp"
#include "train/checkpoint.hpp"
#include "train/trainer.hpp"

namespace condnet::surrogate {

namespace {

using Clock = std::chrono::steady_clock;

// Ctrl-C: the command's handler, or the front end's poll (core/interrupt.hpp).
bool stop_requested(const TrainControl& control) {
  return (control.interrupted && control.interrupted->load()) || interrupt_requested();
}

// Trace events kept per call (about 150 bytes each): the first few hundred steps.
constexpr std::size_t kTraceEvents = 20000;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Where the loop stands; saved in every checkpoint as its "training" metadata.
struct LoopState {
  std::int64_t epoch = 0;  // the epoch in progress (0-based)
  std::int64_t step = 0;   // its next step
  std::int64_t global_step = 0;
  double epoch_loss_sum = 0;
  std::int64_t epoch_steps = 0;
  double best_val_loss = std::numeric_limits<double>::infinity();
  std::int64_t best_epoch = 0;
  std::int64_t bad_epochs = 0;

  nlohmann::json to_json() const {
    return {{"epoch", epoch},
            {"step", step},
            {"global_step", global_step},
            {"epoch_loss_sum", epoch_loss_sum},
            {"epoch_steps", epoch_steps},
            {"best_val_loss", finite_or_null(best_val_loss)},
            {"best_epoch", best_epoch},
            {"bad_epochs", bad_epochs}};
  }
  static LoopState from_json(const nlohmann::json& json, const std::string& where) {
    LoopState state;
    try {
      state.epoch = json.at("epoch");
      state.step = json.at("step");
      state.global_step = json.at("global_step");
      state.epoch_loss_sum = json.at("epoch_loss_sum");
      state.epoch_steps = json.at("epoch_steps");
      if (!json.at("best_val_loss").is_null()) state.best_val_loss = json.at("best_val_loss");
      state.best_epoch = json.at("best_epoch");
      state.bad_epochs = json.at("bad_epochs");
    } catch (const nlohmann::json::exception&) {
      fail("{}: the checkpoint's training state is damaged; start a new run", where);
    }
    return state;
  }
};

// The model JSON of a new run: the file's, with its input set to the encoding's channels of
// the data's n^3 cube. The input's channels are the encoding's, whatever the file says: where
// the first layer declares the file's input channels (in_channels), it takes the encoding's.
nlohmann::json model_for_data(const std::string& path, const InputEncoding& encoding,
                              std::int64_t edge) {
  auto model = nn::Graph::read_json(path, "--model " + path);
  if (!model.is_object() || !model.contains("input") || !model["input"].is_array() ||
      model["input"].size() != 4)
    fail("--model {}: \"input\" must be [C, n, n, n] (channels, a cube)", path);
  const auto file_channels = model["input"][0];
  model["input"] = {encoding.channels(), edge, edge, edge};
  if (model.contains("layers") && model["layers"].is_array() && !model["layers"].empty()) {
    auto& first = model["layers"][0];
    if (first.is_object() && first.contains("in_channels") && first["in_channels"] == file_channels)
      first["in_channels"] = encoding.channels();
  }
  return model;
}

std::vector<std::filesystem::path> as_paths(const std::vector<std::string>& files) {
  return {files.begin(), files.end()};
}

// Copies the weights and batchnorm statistics of a trained model of the same architecture
// (any input size) into the slabs: fine-tuning a shipped model on the user's own crops.
void start_from(const std::string& path, const nn::Graph& graph, std::span<float> params,
                std::span<float> buffers) {
  const auto source = load_trained_model(path);
  const auto same = [](const std::vector<nn::TensorSlice>& a,
                       const std::vector<nn::TensorSlice>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (a[i].name != b[i].name || a[i].shape != b[i].shape || a[i].offset != b[i].offset)
        return false;
    return true;
  };
  if (!same(source.graph.param_slices(), graph.param_slices()) ||
      !same(source.graph.buffer_slices(), graph.buffer_slices()))
    fail(
        "--init-from {}: its model ({}) has other layers or shapes than --model; start from a "
        "run of the same architecture",
        path, source.graph.name());
  std::copy(source.params.begin(), source.params.end(), params.begin());
  std::copy(source.buffers.begin(), source.buffers.end(), buffers.begin());
}

// cosine: warm-up, then down to min_lr at the last step; step: warm-up, then a tenth every
// third of the epochs; constant: warm-up, then lr.
train::LrSchedule make_schedule(const TrainOptions& options, std::int64_t steps_per_epoch) {
  nlohmann::json config{{"type", options.lr_schedule}, {"warmup", options.warmup}};
  if (options.lr_schedule == "cosine") {
    config["total"] = steps_per_epoch * options.epochs;
    config["min_lr"] = options.min_lr;
  } else if (options.lr_schedule == "step") {
    config["step_size"] = steps_per_epoch * std::max<std::int64_t>(1, options.epochs / 3);
    config["gamma"] = 0.1;
  }
  return train::LrSchedule::parse(config, "--lr-schedule");
}

struct Validation {
  double loss = std::numeric_limits<double>::quiet_NaN();
  double r2 = std::numeric_limits<double>::quiet_NaN();
  double mape = std::numeric_limits<double>::quiet_NaN();
};

// Loss on D_eff / bound, and R^2 and MAPE (D_eff >= 0.05) on D_eff, of the validation split.
Validation validate(const nn::Graph& graph, runtime::Slabs& slabs, const TrainOptions& options,
                    const InputEncoding& encoding, const train::Loss& loss, const SampleSet& val) {
  Validation out;
  if (val.size() == 0) return out;
  PredictorOptions predictor_options;
  predictor_options.device = options.device;
  predictor_options.batch = options.batch;
  predictor_options.dtype = runtime::parse_dtype(options.precision, "precision");
  std::vector<std::unique_ptr<Predictor>> network;
  network.push_back(std::make_unique<Predictor>(
      graph, slabs.params->floats().first(graph.param_floats()),
      slabs.buffers->floats().first(graph.buffer_floats()), encoding, predictor_options));
  EnsemblePredictor predictor(std::move(network));
  const auto predictions = predict_samples(predictor, val);
  std::vector<float> predicted, target, grad(3 * val.size());
  MetricsAccumulator d_eff(kMapeThreshold);
  for (std::int64_t i = 0; i < val.size(); ++i)
    for (int a = 0; a < 3; ++a) {
      const double bound = predictions.bounds[i][a], d = predictions.of(i, a)[0];
      predicted.push_back(bound > 0 ? static_cast<float>(d / bound) : 0.0f);
      target.push_back(bound > 0 ? static_cast<float>(val.d_eff[i][a] / bound) : 0.0f);
      d_eff.add("all", val.d_eff[i][a], d);
    }
  out.loss = loss.evaluate(predicted, target, grad);
  const auto metrics = d_eff.overall();
  out.r2 = metrics.r2;
  out.mape = metrics.mape;
  return out;
}

// Keeps the first `epochs` lines of RUN/metrics.jsonl (those a resumed run has finished).
void truncate_metrics(const std::filesystem::path& file, std::int64_t epochs) {
  std::ifstream in(file);
  std::ostringstream kept;
  std::string line;
  for (std::int64_t i = 0; i < epochs && std::getline(in, line); ++i) kept << line << "\n";
  in.close();
  write_text_atomically(file, kept.str(), "metrics");
}

}  // namespace

TrainSummary run_training(const RunPaths& paths, const TrainOptions& options,
                          const TrainControl& control) {
  const auto start = Clock::now();
  const auto dtype = runtime::parse_dtype(options.precision, "--precision");
  const auto loss = train::Loss::parse(options.loss, "--loss");
  const auto encoding = InputEncoding::parse(options.input, "--input");

  SampleSetReport report;
  SampleSelection train_selection{{data::Split::train}}, val_selection{{data::Split::val}};
  train_selection.exclude_families = val_selection.exclude_families = options.exclude_families;
  const auto train_set = load_samples(as_paths(options.data), train_selection, &report);
  const auto val_set = load_samples(as_paths(options.data), val_selection);
  const auto replicas = replicas_of_this_job();
  const bool quiet = control.quiet || !replicas.leader();
  if (train_set.size() < options.batch * options.accum * replicas.size)
    fail(
        "--data: {} labelled training samples, fewer than one step of --batch {} x --accum {} "
        "x {} replicas",
        train_set.size(), options.batch, options.accum, replicas.size);

  nlohmann::json run;
  if (control.resume) {
    run = read_run_json(paths);
    if (run.value("replicas", 1) != replicas.size)
      fail("{}: the run was trained by {} replicas; resume it with mpirun -np {} (this job has {})",
           paths.dir.string(), run.value("replicas", 1), run.value("replicas", 1), replicas.size);
  } else {
    run = {{"format", kRunFormat},
           {"format_version", kRunVersion},
           {"model", model_for_data(options.model, encoding, train_set.edge)},
           {"head", kHeadName},
           {"conducting_label", data::kConductingLabel},
           {"options", options.to_json()},
           {"replicas", replicas.size},
           {"samples", {{"train", train_set.size()}, {"val", val_set.size()}}}};
  }
  const auto graph = nn::Graph::parse(run["model"], options.model);
  if (graph.input_shape()[1] != train_set.edge)
    fail("--data: samples of {}^3 voxels, but the run's model takes {}^3", train_set.edge,
         graph.input_shape()[1]);

  auto device = runtime::make_device(options.device);
  auto slabs = runtime::allocate_slabs(*device, graph);
  auto params = slabs.params->floats().first(graph.param_floats());
  auto buffers = slabs.buffers->floats().first(graph.buffer_floats());
  // A run killed before its first checkpoint has none: it resumes from the start.
  const bool from_checkpoint = control.resume && std::filesystem::exists(paths.last());
  nn::init_parameters(graph, params, buffers, options.seed);
  if (!options.init_from.empty() && !from_checkpoint)
    start_from(options.init_from, graph, params, buffers);

  LoaderOptions loader_options{options.batch, options.accum, options.seed, options.augment};
  loader_options.encoding = encoding;
  loader_options.replicas = replicas.size;
  loader_options.replica = replicas.rank;
  loader_options.prefetch = static_cast<int>(std::max<std::int64_t>(2, options.device_iterations));
  const auto steps_per_epoch = train_set.size() / (options.batch * options.accum * replicas.size);
  const auto schedule = make_schedule(options, steps_per_epoch);
  const train::Objective objective = [&loss](std::span<const float> z,
                                             std::span<const float> target, std::span<float> grad) {
    return ratio_objective(loss, z, target, grad);
  };
  const nlohmann::json optimizer{
      {"type", options.optimizer}, {"lr", options.lr}, {"weight_decay", options.weight_decay}};
  // One device (`trainer`), or --stages S pipelined over core groups (`pipelined`, whose
  // stages' optimizer state is gathered into and scattered from `full_optimizer`, the
  // single-device layout, for checkpoints).
  std::optional<train::Trainer> trainer;
  std::unique_ptr<pipeline::PipelineTrainer> pipelined;
  std::unique_ptr<train::Optimizer> full_optimizer;
  if (options.stages > 1) {
    pipelined = make_pipelined_trainer(graph, options, objective, optimizer, schedule, replicas);
    full_optimizer = train::make_optimizer(optimizer, graph.param_floats(), "--optimizer");
  } else {
    runtime::PlanOptions plan_options;
    plan_options.batch = options.batch;
    plan_options.dtype = dtype;
    plan_options.seed = options.seed;
    trainer.emplace(*device, graph, slabs, plan_options, objective,
                    train::make_optimizer(optimizer, graph.param_floats(), "--optimizer"),
                    schedule);
    if (replicas.size > 1)
      trainer->set_gradient_reducer(gradient_reducer(replicas), replicas.size,
                                    options.overlap_reduce);
  }

  LoopState state;
  if (from_checkpoint) {
    const auto saved = train::load_checkpoint(paths.last());
    if (saved.params.size() != params.size() || saved.buffers.size() != buffers.size())
      fail("{}: the checkpoint does not hold this run's model", paths.last().string());
    std::copy(saved.params.begin(), saved.params.end(), params.begin());
    std::copy(saved.buffers.begin(), saved.buffers.end(), buffers.begin());
    train::restore_optimizer(saved, paths.last(), trainer ? trainer->optimizer() : *full_optimizer);
    state = LoopState::from_json(saved.training, paths.last().string());
    if (replicas.leader()) truncate_metrics(paths.metrics(), state.epoch);
  } else if (replicas.leader()) {
    std::filesystem::create_directories(paths.dir);
    if (!control.resume) write_run_json(paths, run);
    truncate_metrics(paths.metrics(), 0);
  }

  if (pipelined) {
    pipelined->load_parameters(params, buffers);
    if (from_checkpoint) pipelined->load_optimizer(*full_optimizer);
  }
  // The stages' weights back into the graph's slabs (validation, checkpoints).
  const auto gather = [&] {
    if (pipelined) pipelined->store_parameters(params, buffers);
  };
  const auto save_last = [&] {
    gather();
    if (pipelined) pipelined->store_optimizer(*full_optimizer);
    if (replicas.leader())
      train::save_checkpoint(paths.last(), graph, params, buffers,
                             trainer ? &trainer->optimizer() : full_optimizer.get(),
                             state.global_step, state.to_json());
  };

  TrainSummary summary;
  summary.leader = replicas.leader();
  summary.samples_train = train_set.size();
  summary.samples_val = val_set.size();
  const auto per_step = options.batch * options.accum * replicas.size;  // samples, all replicas
  const auto local_targets = options.batch * options.accum * 3;
  // Device iterations: one host call runs up to K optimizer steps; the device holds the
  // inputs of all K (K M micro-batches).
  const auto iterations = options.device_iterations;
  std::vector<std::unique_ptr<runtime::Buffer>> x(pipelined ? 0 : options.accum * iterations);
  std::vector<const runtime::Buffer*> xs;
  for (auto& buffer : x) {
    buffer = device->allocate(
        static_cast<std::size_t>(options.batch * encoding.channels() * train_set.voxels()) *
        sizeof(float));
    xs.push_back(buffer.get());
  }
  auto stream = device->create_stream();
  std::vector<float> targets(local_targets * iterations);
  std::vector<double> losses(iterations);
  std::vector<LoaderStep> batches(iterations);
  double train_seconds = 0;
  std::int64_t steps_this_call = 0;

  // The beginning of every call's timeline: each micro-batch's forward and backward, the
  // update, the waits for the loader and the host's work between device calls.
  TraceRecorder trace(kTraceEvents);
  const int loader_row = pipelined ? static_cast<int>(options.stages) : 1;
  const int host_row = loader_row + 1;
  trace.name_row(loader_row, "waiting for the loader");
  trace.name_row(host_row, "host between device calls");
  double peak = 0;
  if (pipelined) {
    pipelined->set_trace(&trace);
    pipelined->measure_peak_flops();
    for (const auto& stage : pipelined->stats().stages) peak += stage.peak_flops;
  } else {
    trace.name_row(0, "device " + options.device);
    const int reduce_row = host_row + 1;
    if (replicas.size > 1) trace.name_row(reduce_row, "gradient all-reduce");
    trainer->set_trace(&trace, 0, reduce_row);
    peak = device->peak_flops(dtype);
  }
  const double flops_per_sample = graph.training_flops();

  BatchLoader loader(train_set, loader_options, state.epoch, state.step);
  while (state.epoch < options.epochs) {
    const auto epoch_start = Clock::now();
    const double stall_before = loader.stall_seconds();
    const auto reduce_before = trainer ? trainer->reduce_stats() : train::ReduceStats{};
    const std::int64_t first_step = state.step;
    ProgressLine progress(fmt::format("epoch {}/{}", state.epoch + 1, options.epochs),
                          steps_per_epoch * per_step, "samples", !quiet);
    double epoch_train_seconds = 0, device_call_seconds = 0;
    std::int64_t host_calls = 0;
    const auto loop_start = Clock::now();
    auto host_start = TraceRecorder::Clock::now();
    while (state.step < steps_per_epoch) {
      // This call's steps: K, fewer at the epoch's end or the step limit.
      auto k = std::min(iterations, steps_per_epoch - state.step);
      if (control.max_steps > 0) k = std::min(k, control.max_steps - steps_this_call);
      const auto wait_start = TraceRecorder::Clock::now();
      for (std::int64_t j = 0; j < k; ++j) {
        loader.recycle(std::move(batches[j]));  // the previous call's step j, consumed
        batches[j] = loader.next();
        CONDNET_ASSERT(batches[j].epoch == state.epoch && batches[j].step == state.step + j);
      }
      trace.add(loader_row, "wait", "loader", wait_start, TraceRecorder::Clock::now());
      const auto step_start = Clock::now();
      std::vector<std::vector<const float*>> host_xs(k);
      for (std::int64_t j = 0; j < k; ++j)
        for (std::int64_t m = 0; m < options.accum; ++m) {
          const auto& micro = batches[j].micro[m];
          if (pipelined)
            host_xs[j].push_back(micro.x.data());
          else
            stream->copy_from_host(*x[j * options.accum + m], 0, micro.x.data(),
                                   micro.x.size() * sizeof(float));
          std::copy(micro.ratio.begin(), micro.ratio.end(),
                    targets.begin() + j * local_targets + m * options.batch * 3);
        }
      stream->synchronize();
      const auto call_start = Clock::now();
      trace.add(host_row, "host", "host", host_start, TraceRecorder::Clock::now(), {{"steps", k}});
      const auto call_losses = std::span(losses).first(k);
      if (pipelined) {
        for (std::int64_t j = 0; j < k; ++j)
          call_losses[j] = pipelined->step(
              host_xs[j], std::span(targets).subspan(j * local_targets, local_targets));
      } else {
        trainer->run_steps(std::span(xs).first(k * options.accum),
                           std::span(targets).first(k * local_targets), call_losses);
      }
      device_call_seconds += seconds_since(call_start);
      host_start = TraceRecorder::Clock::now();
      ++host_calls;
      mean_over_replicas(replicas, call_losses);
      for (const double step_loss : call_losses) state.epoch_loss_sum += step_loss;
      epoch_train_seconds += seconds_since(step_start);
      const bool checkpoint_due =
          options.checkpoint_every > 0 && (state.global_step + k) / options.checkpoint_every !=
                                              state.global_step / options.checkpoint_every;
      state.epoch_steps += k;
      state.step += k;
      state.global_step += k;
      steps_this_call += k;
      progress.update(state.step * per_step,
                      fmt::format("loss {:.3g}", state.epoch_loss_sum / state.epoch_steps));
      const bool interrupted = any_replica(replicas, stop_requested(control));
      const bool stop =
          interrupted || (control.max_steps > 0 && steps_this_call >= control.max_steps);
      if (stop && state.step < steps_per_epoch) {
        progress.finish();
        save_last();
        summary.end = interrupted ? TrainEnd::interrupted : TrainEnd::step_limit;
        break;
      }
      if (checkpoint_due) save_last();
    }
    const double loop_seconds = seconds_since(loop_start);
    train_seconds += epoch_train_seconds;
    if (state.step < steps_per_epoch) break;
    progress.finish();

    gather();
    const auto val = validate(graph, slabs, options, encoding, loss, val_set);
    const double train_loss = state.epoch_loss_sum / std::max<std::int64_t>(state.epoch_steps, 1);
    const double samples = static_cast<double>((state.step - first_step) * per_step);
    const double flops_per_second =
        epoch_train_seconds > 0 ? flops_per_sample * samples / epoch_train_seconds : 0.0;
    std::size_t activation_bytes = 0, memory_bytes = 0;
    nlohmann::json stage_utilisation = nullptr;
    if (pipelined) {
      const auto stats = pipelined->stats();
      for (const auto& stage : stats.stages) {
        activation_bytes += stage.peak_activation_bytes;
        memory_bytes += stage.memory_bytes;
      }
      stage_utilisation = utilisation_json(stats);
      pipelined->reset_stats();
    } else {
      activation_bytes = trainer->plan().stats().arena_bytes;
      memory_bytes = trainer->memory_bytes() + x.size() * x.front()->size();  // + the inputs
    }
    nlohmann::json line{
        {"epoch", state.epoch + 1},
        {"step", state.global_step},
        {"train_loss", train_loss},
        {"val_loss", finite_or_null(val.loss)},
        {"val_r2_d_eff", finite_or_null(val.r2)},
        {"val_mape_d_eff", finite_or_null(val.mape)},
        {"lr", schedule.at(options.lr, state.global_step)},
        {"samples_per_second", epoch_train_seconds > 0 ? samples / epoch_train_seconds : 0.0},
        {"seconds", seconds_since(epoch_start)},
        {"busy_seconds", epoch_train_seconds},
        {"flops_per_second", flops_per_second},
        {"peak_fraction", peak > 0 ? flops_per_second / peak : 0.0},
        {"activation_bytes", activation_bytes},
        {"memory_bytes", memory_bytes},
        {"peak_resident_bytes", solve::peak_resident_bytes()},
        {"loader_stall_seconds", loader.stall_seconds() - stall_before},
        {"device_iterations", iterations},
        {"host_calls", host_calls},
        {"device_call_seconds", device_call_seconds},
        {"host_seconds", loop_seconds - device_call_seconds}};
    if (!stage_utilisation.is_null()) line["pipeline"] = stage_utilisation;
    if (trainer && replicas.size > 1) {
      const auto& reduce = trainer->reduce_stats();
      line["all_reduce"] = {
          {"overlapped", options.overlap_reduce},
          {"buckets", reduce.buckets},
          {"seconds", reduce.total_seconds - reduce_before.total_seconds},
          {"exposed_seconds", reduce.exposed_seconds - reduce_before.exposed_seconds}};
    }
    if (replicas.leader()) {
      append_line(paths.metrics(), line.dump(), "metrics");
      trace.write(paths.trace());
    }
    if (!quiet)
      fmt::print(stderr,
                 "epoch {}/{}: train loss {:.4g}, val loss {:.4g}, val R^2 {:.4f}, "
                 "val MAPE {:.2f}%, {:.1f} samples/s\n",
                 state.epoch + 1, options.epochs, train_loss, val.loss, val.r2, val.mape,
                 line["samples_per_second"].get<double>());

    const bool better = val_set.size() == 0 || val.loss < state.best_val_loss;
    if (better) {
      state.best_val_loss = val_set.size() == 0 ? train_loss : val.loss;
      state.best_epoch = state.epoch + 1;
      state.bad_epochs = 0;
      if (replicas.leader())
        train::save_checkpoint(paths.best(), graph, params, buffers, nullptr, state.global_step);
    } else {
      ++state.bad_epochs;
    }
    ++state.epoch;
    state.step = 0;
    state.epoch_loss_sum = 0;
    state.epoch_steps = 0;
    save_last();
    if (control.on_epoch && replicas.leader()) control.on_epoch(line);  // may throw: saved first
    if (options.patience > 0 && state.bad_epochs >= options.patience) {
      summary.end = TrainEnd::early_stopped;
      break;
    }
    if (any_replica(replicas, stop_requested(control))) {
      summary.end = TrainEnd::interrupted;
      break;
    }
    if (control.max_steps > 0 && steps_this_call >= control.max_steps) {
      summary.end = TrainEnd::step_limit;
      break;
    }
  }
  summary.epochs_done = state.epoch;
  summary.steps = state.global_step;
  summary.steps_this_call = steps_this_call;
  summary.best_val_loss = state.best_val_loss;
  summary.best_epoch = state.best_epoch;
  summary.seconds = seconds_since(start);
  summary.samples_per_second =
      train_seconds > 0 ? static_cast<double>(steps_this_call * per_step) / train_seconds : 0;
  return summary;
}

const char* end_name(TrainEnd end) {
  switch (end) {
    case TrainEnd::finished:
      return "finished";
    case TrainEnd::early_stopped:
      return "early_stopped";
    case TrainEnd::interrupted:
      return "interrupted";
    case TrainEnd::step_limit:
      return "step_limit";
  }
  return "?";
}

nlohmann::json to_json(const TrainSummary& summary, const RunPaths& paths) {
  return {{"run", paths.dir.string()},
          {"end", end_name(summary.end)},
          {"epochs", summary.epochs_done},
          {"steps", summary.steps},
          {"samples_train", summary.samples_train},
          {"samples_val", summary.samples_val},
          {"best_val_loss", summary.best_val_loss},
          {"best_epoch", summary.best_epoch},
          {"seconds", summary.seconds},
          {"samples_per_second", summary.samples_per_second}};
}

}  // namespace condnet::surrogate
