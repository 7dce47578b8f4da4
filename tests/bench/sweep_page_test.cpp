// The `condnet bench` HTML page (bench/sweep_page.hpp): well-formed, built on report's frame,
// one bar per row that ran with the row's label, failed rows in the table but not the chart,
// the title and the table escaped.
#include "bench/sweep_page.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "report/html_check.hpp"
#include "report/page_check.hpp"

namespace condnet::test {
namespace {

bench::SweepRow row(std::int64_t micro_batch, int stages, double rate, std::string error = "") {
  bench::SweepRow r;
  r.config.micro_batch = micro_batch;
  r.config.stages = stages;
  r.config.schedule = pipeline::Schedule::gpipe;
  r.config.replicas = stages;
  r.samples_per_second = rate;
  r.step_seconds = 0.5;
  r.busy_fraction = 0.75;
  r.error = std::move(error);
  return r;
}

TEST(SweepPage, OneBarPerRowThatRanAndTheTable) {
  const auto dir = scratch_dir("sweep_page");
  const std::vector<bench::SweepRow> rows{row(4, 1, 120.5), row(8, 2, 80.25),
                                          row(2, 2, 0, "mpirun: <not found>")};
  const std::string title = "condnet bench: <model> 16^3";
  const auto html = bench::sweep_page(rows, title);
  const auto check = check_html(html, dir, "bench");
  expect_well_formed(check);
  EXPECT_EQ(check["text"]["html/head/title"], title);
  EXPECT_EQ(check["text"]["html/body/h1"], title);
  EXPECT_EQ(check["text"]["html/body/pre"], bench::sweep_table(rows));
  EXPECT_EQ(html.find("<model>"), std::string::npos) << "unescaped title";
  EXPECT_EQ(html.find("<not found>"), std::string::npos) << "unescaped table";
  EXPECT_EQ(html.find("<script"), std::string::npos);

  std::ofstream(dir / "bench.html") << html;
  const auto page = probe_page(dir / "bench.html");
  ASSERT_EQ(page["charts"].size(), 1u) << page.dump();
  const auto& bars = page["charts"][0]["bars"];
  ASSERT_EQ(bars.size(), 2u) << page.dump();
  EXPECT_EQ(bars[0]["label"], "B4 M1 S1 fp32 R1");
  EXPECT_EQ(bars[1]["label"], "B8 M1 S2 gpipe fp32 R2");
  EXPECT_EQ(bench::row_label(rows[1].config), "B8 M1 S2 gpipe fp32 R2");
}

}  // namespace
}  // namespace condnet::test
