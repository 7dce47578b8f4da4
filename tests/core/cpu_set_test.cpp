// core/cpu_set.hpp under a narrowed affinity (as `taskset -c N` or a batch scheduler's cpuset
// leaves a job): the CPUs, the stages' core groups and a pinned pipeline stay inside it.
#include "core/cpu_set.hpp"

#include <gtest/gtest.h>
#include <sched.h>

#include "train/core_groups.hpp"

namespace condnet {
namespace {

// Narrows this process to `cpus` for one test and restores the mask after.
class AffinityScope {
 public:
  explicit AffinityScope(const std::vector<int>& cpus) {
    CPU_ZERO(&saved_);
    EXPECT_EQ(sched_getaffinity(0, sizeof(saved_), &saved_), 0);
    cpu_set_t set;
    CPU_ZERO(&set);
    for (const int cpu : cpus) CPU_SET(cpu, &set);
    EXPECT_EQ(sched_setaffinity(0, sizeof(set), &set), 0);
  }
  ~AffinityScope() { sched_setaffinity(0, sizeof(saved_), &saved_); }

 private:
  cpu_set_t saved_;
};

TEST(CpuSet, TheAllowedCpusAreTheAffinityMaskNotTheMachine) {
  const auto all = allowed_cpus();
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(allowed_cpu_count(), static_cast<int>(all.size()));
  const int last = all.back();  // on a 2-core machine CPU 1: what `taskset -c 1` leaves
  AffinityScope scope({last});
  EXPECT_EQ(allowed_cpus(), std::vector<int>{last});
  EXPECT_EQ(allowed_cpu_count(), 1);
}

TEST(CpuSet, StageCoreGroupsStayInsideTheAllowedCpus) {
  const int last = allowed_cpus().back();
  AffinityScope scope({last});
  const auto groups = train::core_groups(2);  // two stages, one allowed CPU: shared
  ASSERT_EQ(groups.size(), 2u);
  for (const auto& group : groups) EXPECT_EQ(group, std::vector<int>{last});
  const auto replicas = train::core_groups(1, 1, 2);  // rank 1 of 2 on this node
  EXPECT_EQ(replicas.front(), std::vector<int>{last});
}

}  // namespace
}  // namespace condnet
