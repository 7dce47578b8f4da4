#include "data/label_workers.hpp"

#include "core/error.hpp"

namespace condnet::data {

LabelWorkers::LabelWorkers(int threads, const LabelSettings& settings)
    : settings_(settings),
      depth_(2 * static_cast<std::size_t>(threads)),
      work_(depth_),
      finished_(depth_) {
  CONDNET_ASSERT(threads >= 1);
  threads_.reserve(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) threads_.emplace_back([this] { work(); });
}

LabelWorkers::~LabelWorkers() {
  work_.cancel();
  finished_.cancel();
  for (std::thread& thread : threads_) thread.join();
}

void LabelWorkers::submit(std::int64_t index, voxel::Volume volume) {
  CONDNET_ASSERT(outstanding_ < depth_);
  const bool queued = work_.push({index, std::move(volume)});
  CONDNET_ASSERT(queued);  // only the destructor closes it
  ++outstanding_;
}

std::size_t LabelWorkers::outstanding() const { return outstanding_; }

std::vector<SampleLabels> LabelWorkers::take(std::chrono::milliseconds timeout) {
  auto first = finished_.pop_for(timeout);
  error_.rethrow_if_set();
  std::vector<SampleLabels> done;
  if (first) {
    done.push_back(std::move(*first));
    while (auto more = finished_.try_pop()) done.push_back(std::move(*more));
  }
  outstanding_ -= done.size();
  return done;
}

void LabelWorkers::work() {
  while (auto sample = work_.pop()) {
    try {
      if (!finished_.push(label_sample(sample->first, sample->second, settings_))) return;
    } catch (...) {
      error_.set(std::current_exception());
      finished_.cancel();
      return;
    }
  }
}

}  // namespace condnet::data
