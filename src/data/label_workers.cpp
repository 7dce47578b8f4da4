#include "data/label_workers.hpp"

#include "core/error.hpp"

namespace condnet::data {

LabelWorkers::LabelWorkers(int threads, const LabelSettings& settings) : settings_(settings) {
  CONDNET_ASSERT(threads >= 1);
  threads_.reserve(static_cast<std::size_t>(threads));
  for (int t = 0; t < threads; ++t) threads_.emplace_back([this] { work(); });
}

LabelWorkers::~LabelWorkers() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void LabelWorkers::submit(std::int64_t index, voxel::Volume volume) {
  {
    std::lock_guard lock(mutex_);
    queue_.emplace_back(index, std::move(volume));
    ++outstanding_;
  }
  work_ready_.notify_one();
}

std::size_t LabelWorkers::outstanding() const {
  std::lock_guard lock(mutex_);
  return outstanding_;
}

std::vector<SampleLabels> LabelWorkers::take(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  result_ready_.wait_for(lock, timeout, [&] { return error_ || !finished_.empty(); });
  if (error_) std::rethrow_exception(error_);
  std::vector<SampleLabels> done;
  done.swap(finished_);
  outstanding_ -= done.size();
  return done;
}

void LabelWorkers::work() {
  for (;;) {
    std::pair<std::int64_t, voxel::Volume> sample;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      sample = std::move(queue_.front());
      queue_.pop_front();
    }
    try {
      SampleLabels labels = label_sample(sample.first, sample.second, settings_);
      std::lock_guard lock(mutex_);
      finished_.push_back(labels);
    } catch (...) {
      std::lock_guard lock(mutex_);
      if (!error_) error_ = std::current_exception();
    }
    result_ready_.notify_one();
  }
}

}  // namespace condnet::data
