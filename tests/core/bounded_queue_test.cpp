// core/bounded_queue.hpp: FIFO order, push waits while full and pop while empty, close()
// wakes both and lets the queue drain, cancel() drops, reset() reopens, and many producers
// and consumers deliver every item exactly once.
#include "core/bounded_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <latch>
#include <memory>
#include <numeric>
#include <thread>
#include <vector>

namespace condnet {
namespace {

using namespace std::chrono_literals;

// How long a call that should stay blocked is given to return wrongly.
constexpr auto kBlocked = 50ms;
// How long a call that was just unblocked may take to return.
constexpr auto kPatience = 10s;

// Runs `call` on its own thread once that thread has started.
template <typename Call>
auto run_async(Call call) {
  // Shared: the thread may still be inside count_down() when wait() returns.
  const auto started = std::make_shared<std::latch>(1);
  auto future = std::async(std::launch::async, [started, call] {
    started->count_down();
    return call();
  });
  started->wait();
  return future;
}

// `future`'s value; a call not woken within kPatience fails the test binary at once (its
// thread could never be joined).
template <typename T>
T get_within(std::future<T>& future) {
  if (future.wait_for(kPatience) != std::future_status::ready) {
    std::fprintf(stderr, "a blocked call was not woken within %llds\n",
                 static_cast<long long>(kPatience.count()));
    std::abort();
  }
  return future.get();
}

template <typename T>
bool still_blocked(std::future<T>& future) {
  return future.wait_for(kBlocked) == std::future_status::timeout;
}

TEST(BoundedQueue, HandsItemsOutInTheOrderTheyCameIn) {
  BoundedQueue<int> queue(8);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(queue.push(i));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(queue.pop(), i);
  EXPECT_EQ(queue.try_pop(), std::nullopt);
  EXPECT_FALSE(queue.closed());
}

TEST(BoundedQueue, PushWaitsWhileFullUntilAPop) {
  BoundedQueue<int> queue(2);
  ASSERT_TRUE(queue.push(1));
  ASSERT_TRUE(queue.push(2));
  auto push = run_async([&] { return queue.push(3); });
  EXPECT_TRUE(still_blocked(push));
  EXPECT_EQ(queue.pop(), 1);
  EXPECT_TRUE(get_within(push));
  EXPECT_EQ(queue.pop(), 2);
  EXPECT_EQ(queue.pop(), 3);
}

TEST(BoundedQueue, PopWaitsUntilAPush) {
  BoundedQueue<int> queue(1);
  auto pop = run_async([&] { return queue.pop(); });
  EXPECT_TRUE(still_blocked(pop));
  ASSERT_TRUE(queue.push(7));
  EXPECT_EQ(get_within(pop), 7);
}

TEST(BoundedQueue, PopForGivesUpWhenNothingComes) {
  BoundedQueue<int> queue(1);
  EXPECT_EQ(queue.pop_for(1ms), std::nullopt);
  auto pop = run_async([&] { return queue.pop_for(kPatience); });
  EXPECT_TRUE(still_blocked(pop));
  ASSERT_TRUE(queue.push(4));
  EXPECT_EQ(get_within(pop), 4);
}

TEST(BoundedQueue, CloseWakesABlockedPop) {
  BoundedQueue<int> queue(1);
  auto pop = run_async([&] { return queue.pop(); });
  EXPECT_TRUE(still_blocked(pop));
  queue.close();
  EXPECT_EQ(get_within(pop), std::nullopt);
}

TEST(BoundedQueue, CloseWakesABlockedPushWhichReportsIt) {
  BoundedQueue<int> queue(1);
  ASSERT_TRUE(queue.push(1));
  auto push = run_async([&] { return queue.push(2); });
  EXPECT_TRUE(still_blocked(push));
  queue.close();
  EXPECT_FALSE(get_within(push));
  EXPECT_EQ(queue.pop(), 1);  // queued before the close: still handed out
  EXPECT_EQ(queue.pop(), std::nullopt);
}

TEST(BoundedQueue, AClosedQueueDrainsThenReturnsNothing) {
  BoundedQueue<int> queue(4);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(queue.push(i));
  queue.close();
  EXPECT_TRUE(queue.closed());
  EXPECT_FALSE(queue.push(3));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(queue.pop(), i);
  auto pop = run_async([&] { return queue.pop(); });  // must not wait
  EXPECT_EQ(get_within(pop), std::nullopt);
  EXPECT_EQ(queue.pop_for(kPatience), std::nullopt);
}

TEST(BoundedQueue, CancelDropsTheQueuedItems) {
  BoundedQueue<std::shared_ptr<int>> queue(4);
  const auto item = std::make_shared<int>(1);
  ASSERT_TRUE(queue.push(item));
  ASSERT_TRUE(queue.push(item));
  queue.cancel();
  EXPECT_EQ(item.use_count(), 1);  // the queue holds no copy any more
  EXPECT_EQ(queue.pop(), std::nullopt);
  EXPECT_FALSE(queue.push(item));
  EXPECT_EQ(item.use_count(), 1);
}

TEST(BoundedQueue, ResetEmptiesAndReopens) {
  BoundedQueue<int> queue(2);
  ASSERT_TRUE(queue.push(1));
  queue.close();
  queue.reset();
  EXPECT_FALSE(queue.closed());
  EXPECT_EQ(queue.try_pop(), std::nullopt);
  ASSERT_TRUE(queue.push(5));
  ASSERT_TRUE(queue.push(6));
  EXPECT_EQ(queue.pop(), 5);
  EXPECT_EQ(queue.pop(), 6);
  // Open again: an empty queue waits.
  auto pop = run_async([&] { return queue.pop(); });
  EXPECT_TRUE(still_blocked(pop));
  queue.close();
  EXPECT_EQ(get_within(pop), std::nullopt);
}

TEST(BoundedQueue, ManyProducersAndConsumersDeliverEveryItemOnce) {
  constexpr int kProducers = 4, kConsumers = 4, kEach = 20000;
  BoundedQueue<int> queue(3);
  std::latch go(kProducers + kConsumers);
  std::vector<std::vector<int>> received(kConsumers);
  std::vector<std::thread> consumers;
  for (int c = 0; c < kConsumers; ++c)
    consumers.emplace_back([&, c] {
      go.arrive_and_wait();
      while (auto item = queue.pop()) received[c].push_back(*item);
    });
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p)
    producers.emplace_back([&, p] {
      go.arrive_and_wait();
      for (int i = 0; i < kEach; ++i) ASSERT_TRUE(queue.push(p * kEach + i));
    });
  for (auto& producer : producers) producer.join();
  queue.close();
  for (auto& consumer : consumers) consumer.join();

  std::vector<int> all;
  for (const auto& items : received) {
    // One queue, one order: each consumer sees each producer's items in the order pushed.
    std::vector<int> last(kProducers, -1);
    for (const int item : items) {
      EXPECT_GT(item, last[item / kEach]);
      last[item / kEach] = item;
    }
    all.insert(all.end(), items.begin(), items.end());
  }
  std::sort(all.begin(), all.end());
  std::vector<int> expected(kProducers * kEach);
  std::iota(expected.begin(), expected.end(), 0);
  EXPECT_EQ(all, expected);
}

}  // namespace
}  // namespace condnet
