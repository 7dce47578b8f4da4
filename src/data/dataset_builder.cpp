#include "data/dataset_builder.hpp"

#include <atomic>
#include <thread>
#include <vector>

#include "core/bounded_queue.hpp"
#include "core/error.hpp"
#include "core/first_error.hpp"

namespace condnet::data {

namespace {

// Joins the workers however build_dataset ends.
struct Workers {
  BoundedQueue<EncodedSample>& queue;
  std::vector<std::thread> threads;
  ~Workers() {
    queue.cancel();
    for (std::thread& t : threads) t.join();
  }
};

}  // namespace

void build_dataset(const std::filesystem::path& path, const DatasetLayout& layout,
                   const SampleSource& source, int threads,
                   const std::function<void(std::int64_t done)>& progress) {
  CONDNET_ASSERT(threads >= 1);
  DatasetWriter writer(path, layout);
  // Encoded samples waiting for the writer; a worker's error cancels it.
  BoundedQueue<EncodedSample> queue(4 * static_cast<std::size_t>(threads));
  FirstError error;
  std::atomic<std::int64_t> next{0};
  {
    Workers workers{queue, {}};
    for (int t = 0; t < threads; ++t)
      workers.threads.emplace_back([&] {
        try {
          for (std::int64_t i = next++; i < layout.count && !queue.closed(); i = next++) {
            BuiltSample sample = source(i);
            if (!queue.push(
                    encode_sample(i, sample.volume, std::move(sample.provenance), layout.phases)))
              return;
          }
        } catch (...) {
          error.set(std::current_exception());
          queue.cancel();
        }
      });
    for (std::int64_t done = 0; done < layout.count;) {
      auto sample = queue.pop();
      if (!sample) error.rethrow();
      writer.write(*sample);
      progress(++done);
    }
  }
  writer.commit();
}

}  // namespace condnet::data
