// `condnet train`: trains the surrogate on labelled datasets into a run directory, or
// continues one (--resume). Ctrl-C saves a checkpoint and exits with status 130. Under
// `mpirun -np R` the R processes are data-parallel replicas (train/replicas.hpp).
#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <memory>

#include "cli/commands.hpp"
#include "cli/validators.hpp"
#include "core/error.hpp"
#include "runtime/device.hpp"
#include "surrogate/train_loop.hpp"
#include "train/replicas.hpp"

namespace condnet::cli {

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) { g_interrupted.store(true); }

// The first Ctrl-C asks the loop to stop at the next step; a second one kills (SA_RESETHAND).
class InterruptScope {
 public:
  InterruptScope() {
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_);
    sigaction(SIGTERM, &action, &previous_term_);
  }
  ~InterruptScope() {
    sigaction(SIGINT, &previous_, nullptr);
    sigaction(SIGTERM, &previous_term_, nullptr);
  }
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

 private:
  struct sigaction previous_ {};
  struct sigaction previous_term_ {};
};

struct TrainArgs {
  surrogate::TrainOptions options;
  std::string output;
  std::string resume;
  bool no_augment = false;
  std::string replica_reduce = "overlap";
  std::int64_t max_steps = 0;
  bool quiet = false;
  bool json = false;
};

// The options a resumed run may change; the others come from RUN/run.json. How the steps are
// executed may change (the weights do not depend on it beyond rounding); what they compute
// may not.
bool may_change_on_resume(const std::string& name) {
  return name == "--resume" || name == "--epochs" || name == "--max-steps" || name == "--quiet" ||
         name == "--json" || name == "--device-iterations" || name == "--stages" ||
         name == "--devices" || name == "--schedule" || name == "--split" ||
         name == "--replica-reduce";
}

void run(CLI::App& command, TrainArgs& args) {
  surrogate::TrainOptions options = args.options;
  surrogate::RunPaths paths;
  surrogate::TrainControl control;
  if (!args.resume.empty()) {
    for (const auto* option : command.get_options())
      if (option->count() > 0 && !may_change_on_resume(option->get_name()))
        fail(
            "{}: a resumed run keeps the options in {}/run.json; only --epochs, --max-steps, "
            "--device-iterations, --stages, --devices, --schedule, --split and --replica-reduce "
            "may "
            "change",
            option->get_name(), args.resume);
    paths.dir = args.resume;
    const auto run = surrogate::read_run_json(paths);
    options = surrogate::TrainOptions::from_json(run.at("options"), paths.run_json().string());
    bool changed = false;
    const auto take = [&](const char* name, auto& field, const auto& value) {
      if (command.count(name) == 0) return;
      field = value;
      changed = true;
    };
    take("--epochs", options.epochs, args.options.epochs);
    take("--device-iterations", options.device_iterations, args.options.device_iterations);
    take("--stages", options.stages, args.options.stages);
    take("--devices", options.devices, args.options.devices);
    take("--schedule", options.pipeline_schedule, args.options.pipeline_schedule);
    take("--split", options.split, args.options.split);
    take("--replica-reduce", options.overlap_reduce, args.replica_reduce == "overlap");
    if (changed && train::replicas_of_this_job().leader()) {
      auto updated = run;
      updated["options"] = options.to_json();
      surrogate::write_run_json(paths, updated);
    }
    control.resume = true;
  } else {
    if (args.output.empty()) fail("-o: give the run directory to write (or --resume RUN)");
    if (options.data.empty()) fail("--data: give at least one labelled dataset file");
    paths.dir = args.output;
    const bool leader = train::replicas_of_this_job().leader();  // others start after it
    if (leader) surrogate::refuse_existing_run(paths, "-o", "--resume");
    options.augment = !args.no_augment;
    options.overlap_reduce = args.replica_reduce == "overlap";
    for (auto& file : options.data) file = std::filesystem::absolute(file).string();
    if (!options.init_from.empty())
      options.init_from = std::filesystem::absolute(options.init_from).string();
  }
  control.max_steps = args.max_steps;
  control.quiet = args.quiet;
  control.interrupted = &g_interrupted;

  g_interrupted.store(false);
  InterruptScope scope;
  const auto summary = surrogate::run_training(paths, options, control);
  if (!summary.leader) {
    if (summary.end == surrogate::TrainEnd::interrupted) throw CLI::RuntimeError(130);
    return;
  }
  if (args.json) {
    const auto report = surrogate::to_json(summary, paths);
    fmt::print("{}\n", report.dump(2));
  } else if (summary.steps_this_call == 0 && summary.end == surrogate::TrainEnd::finished) {
    fmt::print(
        "finished already after {} epochs ({} steps): nothing left to train ({:.1f} s); best "
        "validation loss {:.4g} at epoch {}; run in {} (more epochs: --resume with --epochs)\n",
        summary.epochs_done, summary.steps, summary.seconds, summary.best_val_loss,
        summary.best_epoch, paths.dir.string());
  } else {
    fmt::print(
        "{} after {} epochs ({} steps) in {:.1f} s, {:.1f} samples/s; best validation loss "
        "{:.4g} at epoch {}; run in {}\n",
        surrogate::end_name(summary.end), summary.epochs_done, summary.steps, summary.seconds,
        summary.samples_per_second, summary.best_val_loss, summary.best_epoch, paths.dir.string());
  }
  if (summary.end == surrogate::TrainEnd::interrupted) {
    fmt::print(stderr, "interrupted: saved {}; continue with condnet train --resume {}\n",
               paths.last().string(), paths.dir.string());
    throw CLI::RuntimeError(130);
  }
}

}  // namespace

void add_train_command(CLI::App& app) {
  auto* command = app.add_subcommand(
      "train", "Train the surrogate CNN on labelled datasets (D_eff along x, y, z)");
  auto args = std::make_shared<TrainArgs>();
  auto& o = args->options;
  command->add_option("--exclude-family", o.exclude_families,
                      "Leave this generator family's samples out (repeat for several): "
                      "leave-one-family-out experiments");
  command->add_option("--data", o.data, "Labelled dataset file(s) (.h5); repeat for several")
      ->check(CLI::ExistingFile);
  command->add_option("--model", o.model, "Model JSON")->capture_default_str();
  command
      ->add_option("--input", o.input,
                   "What the network sees: spanning (3 channels, the clusters touching both "
                   "faces along x, y, z) or phase (1 channel, the conducting phase); see "
                   "docs/surrogate.md")
      ->capture_default_str()
      ->check(CLI::IsMember({"spanning", "phase"}));
  command->add_option("-o,--output", args->output, "Run directory to create");
  command->add_option("--resume", args->resume, "Continue the run in this directory");
  command->add_option("--device", o.device, "cpu, cpu:<CPUs> (e.g. cpu:0-3) or reference")
      ->capture_default_str()
      ->check(device_name());
  command->add_option("--batch", o.batch, "Micro-batch size")
      ->capture_default_str()
      ->check(positive());
  command->add_option("--accum", o.accum, "Micro-batches per optimizer step")
      ->capture_default_str()
      ->check(positive());
  command->add_option("--epochs", o.epochs, "Epochs")->capture_default_str()->check(positive());
  command->add_option("--optimizer", o.optimizer, "adamw, adam or sgd")
      ->capture_default_str()
      ->check(CLI::IsMember({"adamw", "adam", "sgd"}));
  command->add_option("--lr", o.lr, "Peak learning rate")->capture_default_str()->check(positive());
  command->add_option("--weight-decay", o.weight_decay, "Weight decay")
      ->capture_default_str()
      ->check(non_negative());
  command->add_option("--lr-schedule", o.lr_schedule, "cosine, constant or step")
      ->capture_default_str()
      ->check(CLI::IsMember({"cosine", "constant", "step"}));
  command->add_option("--warmup", o.warmup, "Warm-up steps (linear from 0)")
      ->capture_default_str()
      ->check(non_negative());
  command->add_option("--min-lr", o.min_lr, "Final learning rate of the cosine schedule")
      ->capture_default_str()
      ->check(non_negative());
  command->add_option("--loss", o.loss, "mse, l1 or huber, on D_eff / eps")
      ->capture_default_str()
      ->check(CLI::IsMember({"mse", "l1", "huber"}));
  command
      ->add_option("--patience", o.patience,
                   "Stop after this many epochs without a better validation loss (0: off)")
      ->capture_default_str()
      ->check(non_negative());
  command->add_option("--precision", o.precision, "fp32 or bf16")
      ->capture_default_str()
      ->check(CLI::IsMember({"fp32", "bf16"}));
  command->add_option("--seed", o.seed, "Seed of the weights, the order and the augmentation")
      ->capture_default_str();
  command
      ->add_option("--stages", o.stages,
                   "Pipeline stages, each on its own group of cores (1: one device)")
      ->capture_default_str()
      ->check(positive());
  command
      ->add_option("--devices", o.devices,
                   "One device per pipeline stage (as many as --stages), e.g. --devices cpu:0 "
                   "cpu:1; default: a stage marker's \"device\", else an equal share of the "
                   "allowed CPUs")
      ->check(device_name());
  command->add_option("--schedule", o.pipeline_schedule, "Pipeline schedule: gpipe or 1f1b")
      ->capture_default_str()
      ->check(CLI::IsMember({"gpipe", "1f1b"}));
  command
      ->add_option("--split", o.split,
                   "Stage split: markers (the model's stage markers) or balanced (by measured "
                   "layer times)")
      ->capture_default_str()
      ->check(CLI::IsMember({"markers", "balanced"}));
  command
      ->add_option("--replica-reduce", args->replica_reduce,
                   "Under mpirun: overlap (sum gradients over the ranks while backward work "
                   "goes on: the last micro-batch's, or the earlier stages') or blocking (after "
                   "every backward)")
      ->capture_default_str()
      ->check(CLI::IsMember({"overlap", "blocking"}));
  command
      ->add_option("--device-iterations", o.device_iterations,
                   "Optimizer steps per host call (K): the device runs K steps back to back; "
                   "the host syncs losses, progress and Ctrl-C once per call. Same weights for "
                   "every K")
      ->capture_default_str()
      ->check(positive());
  command->add_option("--init-from", o.init_from,
                      "Start from the weights of this run or checkpoint (same architecture; "
                      "e.g. models/pretrained/fast-48 to fine-tune on your own crops)");
  command->add_flag("--no-augment", args->no_augment,
                    "Do not transform samples by the cube's 48 symmetries");
  command
      ->add_option("--checkpoint-every", o.checkpoint_every,
                   "Write RUN/last.safetensors every N steps (0: epochs only)")
      ->capture_default_str()
      ->check(non_negative());
  command
      ->add_option("--max-steps", args->max_steps,
                   "Stop after N steps of this call, with a checkpoint (resume later)")
      ->check(non_negative());
  command->add_flag("--quiet", args->quiet, "No progress line or per-epoch lines");
  command->add_flag("--json", args->json, "Print the summary as JSON");
  command->footer(
      "\nThe network predicts D_eff / eps (eps: the conducting phase's volume fraction) through a\n"
      "sigmoid, so 0 <= D_eff <= eps always holds (docs/surrogate.md). RUN/ receives run.json,\n"
      "metrics.jsonl, last.safetensors (resume) and best.safetensors (lowest validation loss).");
  command->callback([command, args] { run(*command, *args); });
}

}  // namespace condnet::cli
