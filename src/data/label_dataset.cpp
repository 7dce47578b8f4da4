#include "data/label_dataset.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "core/error.hpp"
#include "core/mpi.hpp"
#include "core/stopwatch.hpp"
#include "data/label_exchange.hpp"
#include "data/label_reset.hpp"
#include "data/label_workers.hpp"

namespace condnet::data {

namespace {

using Clock = std::chrono::steady_clock;

// Finished labels are written at least this often, so little is lost to a kill.
constexpr auto kWriteInterval = std::chrono::milliseconds(1000);
// How often rank 0 looks for labels from the other ranks.
constexpr auto kPollInterval = std::chrono::milliseconds(5);

// Rank 0's file, opened for labelling with the settings checked and recorded.
struct Prepared {
  DatasetFile file;
  std::vector<std::int64_t> todo;  // sample indices to label, ascending
  std::int64_t already_labelled = 0;
};

Prepared prepare(const std::filesystem::path& path, const LabelOptions& options) {
  Prepared p{DatasetFile::open_for_labelling(path), {}, 0};
  const nlohmann::json wanted = settings_json(options.settings);
  const nlohmann::json stored = p.file.solver_settings();
  p.todo = p.file.unlabelled_indices();
  p.already_labelled = p.file.count() - static_cast<std::int64_t>(p.todo.size());
  if (options.relabel) {
    clear_labels(p.file);
    p.todo.resize(static_cast<std::size_t>(p.file.count()));
    for (std::size_t i = 0; i < p.todo.size(); ++i) p.todo[i] = static_cast<std::int64_t>(i);
    p.already_labelled = 0;
  } else if (!stored.is_null() && stored != wanted && p.already_labelled > 0) {
    fail(
        "{}: {} of {} samples were labelled with other solver settings ({}) than this run's "
        "({}); rerun with the first run's --tol, --max-iterations and --spacing to resume, or add "
        "--relabel to recompute every label",
        path.string(), p.already_labelled, p.file.count(), stored.dump(), wanted.dump());
  }
  if (stored != wanted || options.relabel) p.file.set_solver_settings(wanted);
  return p;
}

// Reads volumes (on the calling thread) and submits them until the workers' depth is
// outstanding.
class Feeder {
 public:
  Feeder(const DatasetFile& file, std::vector<std::int64_t> indices, LabelWorkers& workers)
      : file_(file), indices_(std::move(indices)), workers_(workers) {}

  void feed() {
    while (next_ < indices_.size() && workers_.outstanding() < workers_.depth()) {
      const std::int64_t index = indices_[next_++];
      workers_.submit(index, file_.read_volume(index));
    }
  }
  // Every sample submitted and taken back.
  bool finished() const { return next_ == indices_.size() && workers_.outstanding() == 0; }

 private:
  const DatasetFile& file_;
  std::vector<std::int64_t> indices_;
  LabelWorkers& workers_;
  std::size_t next_ = 0;
};

void tally(std::span<const SampleLabels> labels, LabelSummary& summary) {
  for (const SampleLabels& sample : labels) {
    ++summary.labelled;
    bool converged = true;
    for (const AxisLabel& axis : sample.axes) {
      converged = converged && axis.status == LabelStatus::converged;
      summary.non_percolating_axes += axis.percolates ? 0 : 1;
    }
    summary.not_converged += converged ? 0 : 1;
  }
}

// The samples at positions rank, rank + ranks, ... of `todo`.
std::vector<std::int64_t> share_of(const std::vector<std::int64_t>& todo, int rank, int ranks) {
  std::vector<std::int64_t> mine;
  for (std::size_t i = static_cast<std::size_t>(rank); i < todo.size();
       i += static_cast<std::size_t>(ranks))
    mine.push_back(todo[i]);
  return mine;
}

// Rank 0 (or the only process): labels `mine`, receives the other ranks' labels, writes all.
LabelSummary label_as_writer(Prepared& p, std::vector<std::int64_t> mine, int ranks,
                             const LabelOptions& options, Clock::time_point start,
                             const std::function<void(std::int64_t, std::int64_t)>& progress) {
  LabelSummary summary;
  summary.samples = p.file.count();
  summary.already_labelled = p.already_labelled;
  summary.threads = options.threads;
  summary.ranks = ranks;
  summary.settings = settings_json(options.settings);
  const auto total = static_cast<std::int64_t>(p.todo.size());
  LabelWorkers workers(options.threads, options.settings);
  Feeder feeder(p.file, std::move(mine), workers);
  std::vector<SampleLabels> pending;
  int ranks_working = ranks - 1;
  std::int64_t done = 0;
  auto last_write = Clock::now();
  progress(0, total);
  for (;;) {
    feeder.feed();
    const bool local_done = feeder.finished();
    const std::size_t before = pending.size();
    if (!local_done) {
      std::vector<SampleLabels> finished = workers.take(ranks > 1 ? kPollInterval : kWriteInterval);
      pending.insert(pending.end(), finished.begin(), finished.end());
    }
    if (ranks_working > 0) ranks_working -= label_mpi::receive_labels(pending);
    const bool all_done = local_done && ranks_working == 0;
    if (local_done && !all_done && pending.size() == before)
      std::this_thread::sleep_for(kPollInterval);
    done += static_cast<std::int64_t>(pending.size() - before);
    if (pending.size() != before) progress(done, total);
    if (!pending.empty() && (pending.size() >= static_cast<std::size_t>(options.batch) ||
                             Clock::now() - last_write >= kWriteInterval || all_done)) {
      std::sort(pending.begin(), pending.end(),
                [](const SampleLabels& a, const SampleLabels& b) { return a.index < b.index; });
      p.file.write_labels(pending);
      tally(pending, summary);
      pending.clear();
      last_write = Clock::now();
    }
    if (all_done) break;
  }
  summary.seconds = seconds_since(start);
  return summary;
}

// Ranks other than 0: label `mine` and send the labels to rank 0.
LabelSummary label_as_sender(const std::filesystem::path& path, std::vector<std::int64_t> mine,
                             int ranks, const LabelOptions& options, Clock::time_point start) {
  LabelSummary summary;
  summary.threads = options.threads;
  summary.ranks = ranks;
  summary.settings = settings_json(options.settings);
  const DatasetFile file = DatasetFile::open(path);
  summary.samples = file.count();
  LabelWorkers workers(options.threads, options.settings);
  Feeder feeder(file, std::move(mine), workers);
  for (;;) {
    feeder.feed();
    if (feeder.finished()) break;
    const std::vector<SampleLabels> finished = workers.take(kWriteInterval);
    label_mpi::send_labels(finished);
    tally(finished, summary);
  }
  label_mpi::send_done();
  summary.seconds = seconds_since(start);
  return summary;
}

}  // namespace

LabelSummary label_dataset(const std::filesystem::path& path, const LabelOptions& options,
                           const std::function<void(std::int64_t, std::int64_t)>& progress) {
  CONDNET_ASSERT(options.threads >= 1 && options.batch >= 1);
  const auto start = Clock::now();
  const int ranks = mpi::launched_by_mpi() ? mpi::size() : 1;
  if (ranks == 1) {
    Prepared p = prepare(path, options);
    std::vector<std::int64_t> all = p.todo;
    return label_as_writer(p, std::move(all), 1, options, start, progress);
  }
  const int rank = mpi::rank();
  // Rank 0 opens and checks the file; the others wait for its word, so that a refused file
  // stops every rank.
  std::optional<Prepared> prepared;
  std::exception_ptr error;
  std::string reason;
  if (rank == 0) {
    try {
      prepared = prepare(path, options);
    } catch (const std::exception& e) {
      error = std::current_exception();
      reason = e.what();
      if (reason.empty()) reason = "rank 0 failed";
    }
  }
  reason = mpi::broadcast_from_rank0(reason);
  if (!reason.empty()) {
    if (error) std::rethrow_exception(error);
    LabelSummary stopped;
    stopped.stopped = true;
    return stopped;
  }
  const std::vector<std::int64_t> todo =
      mpi::broadcast_from_rank0(rank == 0 ? prepared->todo : std::vector<std::int64_t>{});
  std::vector<std::int64_t> mine = share_of(todo, rank, ranks);
  if (rank == 0)
    return label_as_writer(*prepared, std::move(mine), ranks, options, start, progress);
  return label_as_sender(path, std::move(mine), ranks, options, start);
}

}  // namespace condnet::data
