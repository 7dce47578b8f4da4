#include "surrogate/train_loop.hpp"

#include <fmt/format.h>

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
#include "core/stopwatch.hpp"
#include "core/trace.hpp"
#include "data/batch_loader.hpp"
#include "nn/init.hpp"
#include "solve/peak_memory.hpp"
#include "surrogate/conductivity_head.hpp"
#include "surrogate/ensemble_predictor.hpp"
#include "surrogate/metrics.hpp"
#include "surrogate/predictor.hpp"
#include "surrogate/training_engine_for.hpp"
#include "train/checkpoint.hpp"
#include "train/replicas.hpp"
#include "train/training_engine.hpp"

namespace condnet::surrogate {

namespace {

// Ctrl-C: the command's handler, or the front end's poll (core/interrupt.hpp).
bool stop_requested(const TrainControl& control) {
  return (control.interrupted && control.interrupted->load()) || interrupt_requested();
}

// Trace events kept per call (about 150 bytes each): the first few hundred steps.
constexpr std::size_t kTraceEvents = 20000;

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
nlohmann::json model_for_data(const std::string& path, const data::InputEncoding& encoding,
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
Validation validate(const nn::Graph& graph, std::span<const float> params,
                    std::span<const float> buffers, const TrainOptions& options,
                    const data::InputEncoding& encoding, const train::Loss& loss,
                    const data::SampleSet& val) {
  Validation out;
  if (val.size() == 0) return out;
  PredictorOptions predictor_options;
  predictor_options.device = options.device;
  predictor_options.batch = options.batch;
  predictor_options.dtype = runtime::parse_dtype(options.precision, "precision");
  EnsemblePredictor predictor({NetworkWeights{&graph, params, buffers}}, encoding,
                              predictor_options);
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

// The run's fixed parts: its data and its run.json (a new run's, or the resumed one's) with
// the model built from it.
struct RunSetup {
  data::InputEncoding encoding;
  train::Loss loss;
  data::SampleSet train_set, val_set;
  train::Replicas replicas;
  nlohmann::json json;
  nn::Graph graph;
};

RunSetup open_run(const RunPaths& paths, const TrainOptions& options, const TrainControl& control) {
  auto loss = train::Loss::parse(options.loss, "--loss");
  auto encoding = data::InputEncoding::parse(options.input, "--input");
  data::SampleSelection train_selection{{data::Split::train}}, val_selection{{data::Split::val}};
  train_selection.exclude_families = val_selection.exclude_families = options.exclude_families;
  auto train_set = data::load_samples(as_paths(options.data), train_selection);
  auto val_set = data::load_samples(as_paths(options.data), val_selection);
  const auto replicas = train::replicas_of_this_job();
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
  auto graph = nn::Graph::parse(run["model"], options.model);
  if (graph.input_shape()[1] != train_set.edge)
    fail("--data: samples of {}^3 voxels, but the run's model takes {}^3", train_set.edge,
         graph.input_shape()[1]);
  return {std::move(encoding), std::move(loss), std::move(train_set), std::move(val_set), replicas,
          std::move(run),      std::move(graph)};
}

// Time and work of the epoch in progress (this call's part of it).
struct EpochClock {
  Stopwatch wall;
  std::int64_t first_step = 0;
  double stall_before = 0;         // the loader's stall seconds when the epoch began
  double train_seconds = 0;        // in training steps: staging the inputs, the engine's calls
  double engine_call_seconds = 0;  // inside the engine's calls
  std::int64_t host_calls = 0;
  SteadyClock::time_point host_start = SteadyClock::now();  // the host's latest stretch
};

// One `condnet train` call: the engine (training_engine_for.hpp) runs the steps; this loop
// feeds it the loader's batches and does the epochs, validation, checkpoints and metrics.
class TrainingRun {
 public:
  TrainingRun(const RunPaths& paths, const TrainOptions& options, const TrainControl& control)
      : paths_(paths),
        options_(options),
        control_(control),
        setup_(open_run(paths, options, control)),
        leader_(setup_.replicas.leader()),
        quiet_(control.quiet || !leader_),
        per_step_(options.batch * options.accum * setup_.replicas.size),
        steps_per_epoch_(setup_.train_set.size() / per_step_),
        schedule_(make_schedule(options, steps_per_epoch_)),
        engine_(training_engine_for(
            setup_.graph, options,
            [&loss = setup_.loss](std::span<const float> z, std::span<const float> target,
                                  std::span<float> grad) {
              return ratio_objective(loss, z, target, grad);
            },
            {{"type", options.optimizer},
             {"lr", options.lr},
             {"weight_decay", options.weight_decay}},
            schedule_, setup_.replicas)),
        params_(setup_.graph.param_floats()),
        buffers_(setup_.graph.buffer_floats()),
        trace_(kTraceEvents) {}

  TrainSummary run();

 private:
  // A new run's initial weights (or --init-from's), or the checkpoint's with the optimizer
  // state and the loop's position, onto the engine; a new run's files.
  void start();
  // The epoch's remaining steps, K per engine call; false when stopped before its end (Ctrl-C,
  // the step limit), with a checkpoint written and summary_.end set.
  bool take_steps(EpochClock& clock, ProgressLine& progress);
  // k steps in one engine call.
  void call(std::int64_t k, EpochClock& clock);
  // Validation, the metrics line, the best and last checkpoints; returns the line.
  nlohmann::json end_epoch(const EpochClock& clock, double loop_seconds);
  nlohmann::json metrics_line(const EpochClock& clock, const Validation& val, double train_loss,
                              double loop_seconds);
  void save_last();
  bool stop_requested_anywhere() const {
    return train::any_replica(setup_.replicas, stop_requested(control_));
  }
  bool step_limit_reached() const {
    return control_.max_steps > 0 && steps_this_call_ >= control_.max_steps;
  }

  const RunPaths& paths_;
  const TrainOptions& options_;
  const TrainControl& control_;
  const Stopwatch since_start_;
  RunSetup setup_;
  const bool leader_, quiet_;
  const std::int64_t per_step_;  // samples per step, all replicas
  const std::int64_t steps_per_epoch_;
  const train::LrSchedule schedule_;
  std::unique_ptr<train::TrainingEngine> engine_;
  std::vector<float> params_, buffers_;  // the graph's slabs on the host
  LoopState state_;
  std::optional<data::BatchLoader> loader_;
  // One call's steps: their loader steps, micro-batches, targets (K M B, 3) and losses.
  std::vector<data::LoaderStep> batches_;
  std::vector<const float*> xs_;
  std::vector<float> targets_;
  std::vector<double> losses_;
  TraceRecorder trace_;
  int loader_row_ = 0;
  double peak_flops_ = 0;
  double train_seconds_ = 0;  // this call
  std::int64_t steps_this_call_ = 0;
  TrainSummary summary_;
};

void TrainingRun::start() {
  const auto& graph = setup_.graph;
  // A run killed before its first checkpoint has none: it resumes from the start.
  const bool from_checkpoint = control_.resume && std::filesystem::exists(paths_.last());
  nn::init_parameters(graph, params_, buffers_, options_.seed);
  if (!options_.init_from.empty() && !from_checkpoint)
    start_from(options_.init_from, graph, params_, buffers_);
  if (from_checkpoint) {
    const auto saved = train::load_checkpoint(paths_.last());
    if (saved.params.size() != params_.size() || saved.buffers.size() != buffers_.size())
      fail("{}: the checkpoint does not hold this run's model", paths_.last().string());
    params_ = saved.params;
    buffers_ = saved.buffers;
    train::restore_optimizer(saved, paths_.last(), engine_->optimizer());
    state_ = LoopState::from_json(saved.training, paths_.last().string());
    if (leader_) truncate_metrics(paths_.metrics(), state_.epoch);
  } else if (leader_) {
    std::filesystem::create_directories(paths_.dir);
    if (!control_.resume) write_run_json(paths_, setup_.json);
    truncate_metrics(paths_.metrics(), 0);
  }
  engine_->scatter(params_, buffers_);
}

void TrainingRun::save_last() {
  engine_->gather(params_, buffers_);
  if (leader_)
    train::save_checkpoint(paths_.last(), setup_.graph, params_, buffers_, &engine_->optimizer(),
                           state_.global_step, state_.to_json());
}

void TrainingRun::call(std::int64_t k, EpochClock& clock) {
  const auto wait_start = SteadyClock::now();
  for (std::int64_t j = 0; j < k; ++j) {
    loader_->recycle(std::move(batches_[j]));  // the previous call's step j, consumed
    batches_[j] = loader_->next();
    CONDNET_ASSERT(batches_[j].epoch == state_.epoch && batches_[j].step == state_.step + j);
  }
  trace_.add(loader_row_, "wait", "loader", wait_start, SteadyClock::now());
  const Stopwatch step;
  const auto local_targets = options_.batch * options_.accum * 3;
  xs_.clear();
  for (std::int64_t j = 0; j < k; ++j)
    for (std::int64_t m = 0; m < options_.accum; ++m) {
      const auto& micro = batches_[j].micro[m];
      xs_.push_back(micro.x.data());
      std::copy(micro.ratio.begin(), micro.ratio.end(),
                targets_.begin() + j * local_targets + m * options_.batch * 3);
    }
  const Stopwatch engine_call;
  trace_.add(loader_row_ + 1, "host", "host", clock.host_start, SteadyClock::now(), {{"steps", k}});
  const auto losses = std::span(losses_).first(k);
  engine_->run_steps(xs_, std::span(targets_).first(k * local_targets), losses);
  clock.engine_call_seconds += engine_call.seconds();
  clock.host_start = SteadyClock::now();
  ++clock.host_calls;
  train::mean_over_replicas(setup_.replicas, losses);
  for (const double step_loss : losses) state_.epoch_loss_sum += step_loss;
  clock.train_seconds += step.seconds();
  state_.epoch_steps += k;
  state_.step += k;
  state_.global_step += k;
  steps_this_call_ += k;
}

bool TrainingRun::take_steps(EpochClock& clock, ProgressLine& progress) {
  while (state_.step < steps_per_epoch_) {
    // This call's steps: K, fewer at the epoch's end or the step limit.
    auto k = std::min(options_.device_iterations, steps_per_epoch_ - state_.step);
    if (control_.max_steps > 0) k = std::min(k, control_.max_steps - steps_this_call_);
    const auto every = options_.checkpoint_every;
    const bool checkpoint_due =
        every > 0 && (state_.global_step + k) / every != state_.global_step / every;
    call(k, clock);
    progress.update(state_.step * per_step_,
                    fmt::format("loss {:.3g}", state_.epoch_loss_sum / state_.epoch_steps));
    const bool interrupted = stop_requested_anywhere();
    if ((interrupted || step_limit_reached()) && state_.step < steps_per_epoch_) {
      progress.finish();
      save_last();
      summary_.end = interrupted ? TrainEnd::interrupted : TrainEnd::step_limit;
      return false;
    }
    if (checkpoint_due) save_last();
  }
  return true;
}

nlohmann::json TrainingRun::metrics_line(const EpochClock& clock, const Validation& val,
                                         double train_loss, double loop_seconds) {
  const double samples = static_cast<double>((state_.step - clock.first_step) * per_step_);
  const double seconds = clock.train_seconds;
  const double flops_per_second =
      seconds > 0 ? setup_.graph.training_flops() * samples / seconds : 0.0;
  const auto stats = engine_->stats();
  nlohmann::json line{{"epoch", state_.epoch + 1},
                      {"step", state_.global_step},
                      {"train_loss", train_loss},
                      {"val_loss", finite_or_null(val.loss)},
                      {"val_r2_d_eff", finite_or_null(val.r2)},
                      {"val_mape_d_eff", finite_or_null(val.mape)},
                      {"lr", schedule_.at(options_.lr, state_.global_step)},
                      {"samples_per_second", seconds > 0 ? samples / seconds : 0.0},
                      {"seconds", clock.wall.seconds()},
                      {"busy_seconds", seconds},
                      {"flops_per_second", flops_per_second},
                      {"peak_fraction", peak_flops_ > 0 ? flops_per_second / peak_flops_ : 0.0},
                      {"activation_bytes", stats.activation_bytes},
                      {"memory_bytes", stats.memory_bytes},
                      {"peak_resident_bytes", solve::peak_resident_bytes()},
                      {"loader_stall_seconds", loader_->stall_seconds() - clock.stall_before},
                      {"device_iterations", options_.device_iterations},
                      {"host_calls", clock.host_calls},
                      {"device_call_seconds", clock.engine_call_seconds},
                      {"host_seconds", loop_seconds - clock.engine_call_seconds}};
  line.update(stats.details);
  engine_->reset_stats();
  return line;
}

nlohmann::json TrainingRun::end_epoch(const EpochClock& clock, double loop_seconds) {
  engine_->gather(params_, buffers_);
  const auto& val_set = setup_.val_set;
  const auto val =
      validate(setup_.graph, params_, buffers_, options_, setup_.encoding, setup_.loss, val_set);
  const double train_loss = state_.epoch_loss_sum / std::max<std::int64_t>(state_.epoch_steps, 1);
  const auto line = metrics_line(clock, val, train_loss, loop_seconds);
  if (leader_) {
    append_line(paths_.metrics(), line.dump(), "metrics");
    trace_.write(paths_.trace());
  }
  if (!quiet_)
    fmt::print(stderr,
               "epoch {}/{}: train loss {:.4g}, val loss {:.4g}, val R^2 {:.4f}, "
               "val MAPE {:.2f}%, {:.1f} samples/s\n",
               state_.epoch + 1, options_.epochs, train_loss, val.loss, val.r2, val.mape,
               line["samples_per_second"].get<double>());

  if (val_set.size() == 0 || val.loss < state_.best_val_loss) {
    state_.best_val_loss = val_set.size() == 0 ? train_loss : val.loss;
    state_.best_epoch = state_.epoch + 1;
    state_.bad_epochs = 0;
    if (leader_)
      train::save_checkpoint(paths_.best(), setup_.graph, params_, buffers_, nullptr,
                             state_.global_step);
  } else {
    ++state_.bad_epochs;
  }
  ++state_.epoch;
  state_.step = 0;
  state_.epoch_loss_sum = 0;
  state_.epoch_steps = 0;
  save_last();
  return line;
}

TrainSummary TrainingRun::run() {
  start();
  summary_.leader = leader_;
  summary_.samples_train = setup_.train_set.size();
  summary_.samples_val = setup_.val_set.size();
  // Device iterations: one engine call runs up to K optimizer steps of M micro-batches.
  const auto iterations = options_.device_iterations;
  batches_.resize(iterations);
  targets_.resize(iterations * options_.batch * options_.accum * 3);
  losses_.resize(iterations);
  // The beginning of every call's timeline: the engine's rows, then the waits for the loader
  // and the host's work between engine calls.
  loader_row_ = engine_->trace_rows();
  trace_.name_row(loader_row_, "waiting for the loader");
  trace_.name_row(loader_row_ + 1, "host between device calls");
  engine_->set_trace(&trace_);
  peak_flops_ = engine_->peak_flops();

  data::LoaderOptions loader_options{options_.batch, options_.accum, options_.seed,
                                     options_.augment};
  loader_options.encoding = setup_.encoding;
  loader_options.replicas = setup_.replicas.size;
  loader_options.replica = setup_.replicas.rank;
  loader_options.prefetch = static_cast<int>(std::max<std::int64_t>(2, iterations));
  loader_.emplace(setup_.train_set, loader_options, state_.epoch, state_.step);
  while (state_.epoch < options_.epochs) {
    EpochClock clock;
    clock.first_step = state_.step;
    clock.stall_before = loader_->stall_seconds();
    ProgressLine progress(fmt::format("epoch {}/{}", state_.epoch + 1, options_.epochs),
                          steps_per_epoch_ * per_step_, "samples", !quiet_);
    const Stopwatch loop;
    const bool whole_epoch = take_steps(clock, progress);
    const double loop_seconds = loop.seconds();
    train_seconds_ += clock.train_seconds;
    if (!whole_epoch) break;
    progress.finish();

    const auto line = end_epoch(clock, loop_seconds);
    if (control_.on_epoch && leader_) control_.on_epoch(line);  // may throw: saved first
    if (options_.patience > 0 && state_.bad_epochs >= options_.patience) {
      summary_.end = TrainEnd::early_stopped;
      break;
    }
    if (stop_requested_anywhere()) {
      summary_.end = TrainEnd::interrupted;
      break;
    }
    if (step_limit_reached()) {
      summary_.end = TrainEnd::step_limit;
      break;
    }
  }
  summary_.epochs_done = state_.epoch;
  summary_.steps = state_.global_step;
  summary_.steps_this_call = steps_this_call_;
  summary_.best_val_loss = state_.best_val_loss;
  summary_.best_epoch = state_.best_epoch;
  summary_.seconds = since_start_.seconds();
  summary_.samples_per_second =
      train_seconds_ > 0 ? static_cast<double>(steps_this_call_ * per_step_) / train_seconds_ : 0;
  return summary_;
}

}  // namespace

TrainSummary run_training(const RunPaths& paths, const TrainOptions& options,
                          const TrainControl& control) {
  return TrainingRun(paths, options, control).run();
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
