// pipeline/handoff_queue.hpp: handoffs arrive in order; close() (another stage failed) makes
// send() and receive() throw PipelineAborted, also to a receiver already waiting and with
// handoffs still queued, until reset() opens the link for the next step.
#include "pipeline/handoff_queue.hpp"

#include <gtest/gtest.h>

#include <future>

namespace condnet::pipeline {
namespace {

TEST(HandoffQueue, ReceivesInOrderAndAbortsOnceClosed) {
  HandoffQueue queue;
  queue.send({0, nullptr, nullptr});
  queue.send({1, nullptr, nullptr});
  EXPECT_EQ(queue.receive().micro_batch, 0);
  queue.close();
  EXPECT_THROW(queue.receive(), PipelineAborted);  // micro-batch 1 is dropped
  EXPECT_THROW(queue.send({2, nullptr, nullptr}), PipelineAborted);
  queue.reset();
  queue.send({3, nullptr, nullptr});
  EXPECT_EQ(queue.receive().micro_batch, 3);
}

TEST(HandoffQueue, CloseWakesAWaitingReceiver) {
  HandoffQueue queue;
  auto received = std::async(std::launch::async, [&] { return queue.receive().micro_batch; });
  queue.close();
  ASSERT_EQ(received.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  EXPECT_THROW(received.get(), PipelineAborted);
}

}  // namespace
}  // namespace condnet::pipeline
