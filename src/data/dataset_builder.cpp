#include "data/dataset_builder.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "core/error.hpp"

namespace condnet::data {

namespace {

// Encoded samples waiting for the writer, at most `capacity` at a time, and the first error.
class SampleQueue {
 public:
  explicit SampleQueue(std::size_t capacity) : capacity_(capacity) {}

  // False when the build is stopping (the sample is dropped).
  bool push(EncodedSample sample) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return stopping_ || samples_.size() < capacity_; });
    if (stopping_) return false;
    samples_.push_back(std::move(sample));
    not_empty_.notify_one();
    return true;
  }

  // The next sample; rethrows a worker's error.
  EncodedSample pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [&] { return error_ || !samples_.empty(); });
    if (error_) std::rethrow_exception(error_);
    EncodedSample sample = std::move(samples_.front());
    samples_.pop_front();
    not_full_.notify_one();
    return sample;
  }

  void fail(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    if (!error_) error_ = error;
    stopping_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

  void stop() {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    not_full_.notify_all();
  }

  bool stopping() {
    std::lock_guard lock(mutex_);
    return stopping_;
  }

 private:
  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<EncodedSample> samples_;
  std::exception_ptr error_;
  bool stopping_ = false;
};

// Joins the workers however build_dataset ends.
struct Workers {
  SampleQueue& queue;
  std::vector<std::thread> threads;
  ~Workers() {
    queue.stop();
    for (std::thread& t : threads) t.join();
  }
};

}  // namespace

void build_dataset(const std::filesystem::path& path, const DatasetLayout& layout,
                   const SampleSource& source, int threads,
                   const std::function<void(std::int64_t done)>& progress) {
  CONDNET_ASSERT(threads >= 1);
  DatasetWriter writer(path, layout);
  SampleQueue queue(4 * static_cast<std::size_t>(threads));
  std::atomic<std::int64_t> next{0};
  {
    Workers workers{queue, {}};
    for (int t = 0; t < threads; ++t)
      workers.threads.emplace_back([&] {
        try {
          for (std::int64_t i = next++; i < layout.count && !queue.stopping(); i = next++) {
            BuiltSample sample = source(i);
            if (!queue.push(
                    encode_sample(i, sample.volume, std::move(sample.provenance), layout.phases)))
              return;
          }
        } catch (...) {
          queue.fail(std::current_exception());
        }
      });
    for (std::int64_t done = 0; done < layout.count;) {
      writer.write(queue.pop());
      progress(++done);
    }
  }
  writer.commit();
}

}  // namespace condnet::data
