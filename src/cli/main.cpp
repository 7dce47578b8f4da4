// The `condnet` command. Bad input ends as one line on stderr and exit status 2.
#include <hdf5.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <exception>

#include "cli/commands.hpp"
#include "core/error.hpp"

int main(int argc, char** argv) {
  // A file grown past `ulimit -f` raises SIGXFSZ, which would end condnet without a word and
  // with the temporary left behind; ignored, the write fails with EFBIG and is reported.
  std::signal(SIGXFSZ, SIG_IGN);
  // No HDF5 clean-up at exit: after a failed write (a full disk) the file's close has failed
  // and HDF5 1.10 crashes closing it again at exit. Every file is closed before a normal exit.
  H5dont_atexit();
  CLI::App app{
      "condnet: effective conductivity and tortuosity of 3D microstructures\n"
      "(finite-volume solver and 3D CNN surrogate)",
      "condnet"};
  app.set_version_flag("--version", "condnet " CONDNET_VERSION);
  app.require_subcommand(1);
  condnet::cli::add_info_command(app);
  condnet::cli::add_stats_command(app);
  condnet::cli::add_solve_command(app);
  condnet::cli::add_rev_command(app);
  condnet::cli::add_convert_command(app);
  condnet::cli::add_generate_command(app);
  condnet::cli::add_dataset_command(app);
  condnet::cli::add_crop_command(app);
  condnet::cli::add_bench_command(app);
  condnet::cli::add_bench_train_command(app);
  condnet::cli::add_bench_pipeline_command(app);
  condnet::cli::add_label_command(app);
  condnet::cli::add_train_command(app);
  condnet::cli::add_evaluate_command(app);
  condnet::cli::add_predict_command(app);
  condnet::cli::add_ensemble_command(app);
  condnet::cli::add_report_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "condnet: error: %s (see condnet --help)\n", e.what());
    return 2;
  } catch (const condnet::Error& e) {
    std::fprintf(stderr, "condnet: error: %s\n", e.what());
    return 2;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "condnet: error: out of memory\n");
    return 2;
  }
  return 0;
}
