// A replicated `condnet bench` row's mpirun (bench/mpirun_row.hpp): the command is an argument
// vector -- a model path with spaces or shell characters stays one argument -- carrying the
// row's options, and the row comes back from rank 0's JSON line among mpirun's other output,
// or as an error naming what mpirun said.
#include "bench/mpirun_row.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace condnet::test {
namespace {

bench::SweepConfig replicated() {
  bench::SweepConfig config;
  config.micro_batch = 2;
  config.accum = 3;
  config.stages = 2;
  config.schedule = pipeline::Schedule::gpipe;
  config.replicas = 2;
  return config;
}

// The value after `flag` in `argv`; empty when the flag is absent.
std::string value_of(const std::vector<std::string>& argv, const std::string& flag) {
  const auto at = std::find(argv.begin(), argv.end(), flag);
  return at == argv.end() || at + 1 == argv.end() ? "" : *(at + 1);
}

TEST(MpirunRow, CommandIsAnArgumentVectorWithTheRowsOptions) {
  bench::SweepOptions options;
  options.model = "/tmp/my models/a;b $(x).json";
  options.warmup = 0;
  options.steps = 5;
  options.device = "reference";
  auto argv = bench::mpirun_command("/opt/condnet", options, replicated());
  EXPECT_EQ(argv.front(), "mpirun");
  EXPECT_EQ(value_of(argv, "-np"), "2");
  EXPECT_EQ(value_of(argv, "/opt/condnet"), "bench");
  EXPECT_NE(std::find(argv.begin(), argv.end(), "--replica-child"), argv.end());
  EXPECT_EQ(value_of(argv, "--model"), options.model);
  EXPECT_EQ(value_of(argv, "--micro-batch"), "2");
  EXPECT_EQ(value_of(argv, "--accum"), "3");
  EXPECT_EQ(value_of(argv, "--stages"), "2");
  EXPECT_EQ(value_of(argv, "--schedule"), "gpipe");
  EXPECT_EQ(value_of(argv, "--precision"), "fp32");
  EXPECT_EQ(value_of(argv, "--replicas"), "2");
  EXPECT_EQ(value_of(argv, "--warmup"), "0");
  EXPECT_EQ(value_of(argv, "--steps"), "5");
  EXPECT_EQ(value_of(argv, "--device"), "reference");
  EXPECT_EQ(std::find(argv.begin(), argv.end(), "--size"), argv.end()) << "the model's own size";
  options.size = 24;
  argv = bench::mpirun_command("/opt/condnet", options, replicated());
  EXPECT_EQ(value_of(argv, "--size"), "24");
}

TEST(MpirunRow, RowComesFromRankZerosJsonLine) {
  bench::SweepRow sent;
  sent.config = replicated();
  sent.samples_per_second = 12.5;
  sent.busy_fraction = 0.625;
  ProgramResult result;
  result.exit_code = 0;
  result.output = "warning: {\"not\" a row\n" + bench::to_json(sent).dump() +
                  "\n[host:123] mpirun noise after the row\n";
  const auto row = bench::row_from_output(replicated(), result);
  EXPECT_EQ(row.error, "");
  EXPECT_EQ(row.samples_per_second, 12.5);
  EXPECT_EQ(row.busy_fraction, 0.625);
  EXPECT_EQ(row.config.schedule, pipeline::Schedule::gpipe);
}

TEST(MpirunRow, WithoutARowTheErrorSaysWhatMpirunSaid) {
  ProgramResult result;
  result.exit_code = 1;
  result.output = "There are not enough slots available\nmore text\n";
  auto row = bench::row_from_output(replicated(), result);
  EXPECT_EQ(row.error, "mpirun: There are not enough slots available");
  EXPECT_EQ(row.config.replicas, 2);

  result.output = "";
  result.exit_code = -1;
  result.signal = 9;
  EXPECT_EQ(bench::row_from_output(replicated(), result).error, "mpirun: no output, signal 9");

  result.output = "{\"samples_per_second\": \n";
  EXPECT_NE(bench::row_from_output(replicated(), result).error.find("mpirun: rank 0's result"),
            std::string::npos);
}

}  // namespace
}  // namespace condnet::test
