// The dataset file: round trip through the reader and through plain HDF5 calls, labels written
// in place, resuming after kill -9, and the version check.
#include "data/dataset_file.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "core/error.hpp"
#include "data/dataset_builder.hpp"
#include "dataset_test_support.hpp"
#include "test_paths.hpp"
#include "voxel/generate/random.hpp"

namespace condnet::test {
namespace {

hid_t ok(hid_t id) {
  EXPECT_GE(id, 0);
  return id;
}

std::string open_error(const std::filesystem::path& path) {
  try {
    data::DatasetFile::open(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "opened";
}

TEST(DatasetFile, RoundTripsVolumesProvenanceSplitsAndFractions) {
  const auto path = scratch_dir("dataset_round_trip") / "data.h5";
  make_small_dataset(path, 25);
  const auto file = data::DatasetFile::open(path);
  EXPECT_EQ(file.version(), data::kDatasetVersion);
  EXPECT_EQ(file.count(), 25);
  EXPECT_EQ(file.sample_shape(), (voxel::Shape{12, 10, 8}));
  EXPECT_EQ(file.phases(), 2);
  EXPECT_EQ(file.description().at("command"), "generate");
  EXPECT_TRUE(file.solver_settings().is_null());

  const auto generator = voxel::generate::make_generator(file.description().at("generator"));
  const auto provenance = file.provenance();
  const auto splits = file.splits();
  const auto fractions = file.phase_fractions();
  for (std::int64_t i = 0; i < 25; ++i) {
    const auto s = static_cast<std::size_t>(i);
    const auto expected = data::generate_sample(*generator, file.sample_shape(), 9, i);
    const voxel::Volume volume = file.read_volume(i);
    ASSERT_TRUE(std::equal(volume.data(), volume.data() + volume.count(), expected.volume.data()));
    EXPECT_EQ(provenance[s].family, "gaussian-field");
    EXPECT_EQ(provenance[s].seed, voxel::generate::sample_seed(9, i));
    EXPECT_EQ(provenance[s].params, expected.params);
    EXPECT_EQ(splits[s], data::assign_split(provenance[s].seed, data::SplitFractions{}));
    std::int64_t conducting = 0;
    for (std::int64_t v = 0; v < volume.count(); ++v) conducting += volume.data()[v] == 1;
    EXPECT_DOUBLE_EQ(fractions[2 * s + 1], conducting / 960.0);
    EXPECT_DOUBLE_EQ(fractions[2 * s] + fractions[2 * s + 1], 1.0);
  }
  EXPECT_EQ(file.unlabelled_indices().size(), 25u);
  for (const auto& labels : file.labels()) {
    EXPECT_TRUE(std::isnan(labels.axes[0].d_eff));
    EXPECT_EQ(labels.axes[2].status, data::LabelStatus::unlabelled);
  }
}

TEST(DatasetFile, PlainHdf5SeesTheDocumentedLayout) {
  const auto path = scratch_dir("dataset_plain_hdf5") / "data.h5";
  make_small_dataset(path, 6);
  std::vector<std::uint8_t> expected;
  {
    // Closed before the plain opens: one process may not open a file with two locking settings.
    const auto reader = data::DatasetFile::open(path);
    for (std::int64_t i = 0; i < 6; ++i) {
      const auto v = reader.read_volume(i);
      expected.insert(expected.end(), v.data(), v.data() + v.count());
    }
  }

  voxel::Hdf5File file(ok(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT)));
  voxel::Hdf5Dataset volumes(ok(H5Dopen2(file.get(), "/volumes", H5P_DEFAULT)));
  voxel::Hdf5Dataspace space(ok(H5Dget_space(volumes.get())));
  hsize_t dims[4] = {};
  ASSERT_EQ(H5Sget_simple_extent_ndims(space.get()), 4);
  H5Sget_simple_extent_dims(space.get(), dims, nullptr);
  EXPECT_EQ(dims[0], 6u);
  EXPECT_EQ(dims[1], 12u);
  EXPECT_EQ(dims[2], 10u);
  EXPECT_EQ(dims[3], 8u);
  voxel::Hdf5PropertyList creation(ok(H5Dget_create_plist(volumes.get())));
  hsize_t chunk[4] = {};
  ASSERT_EQ(H5Pget_chunk(creation.get(), 4, chunk), 4);
  EXPECT_EQ(chunk[0], 1u);
  EXPECT_EQ(chunk[1], 12u);
  EXPECT_EQ(H5Pget_nfilters(creation.get()), 1);
  unsigned flags = 0;
  std::size_t elements = 0;
  EXPECT_EQ(H5Pget_filter2(creation.get(), 0, &flags, &elements, nullptr, 0, nullptr, nullptr),
            H5Z_FILTER_DEFLATE);
  std::vector<std::uint8_t> all(expected.size());
  ASSERT_GE(H5Dread(volumes.get(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, all.data()), 0);
  EXPECT_EQ(all, expected);

  std::int32_t version = 0;
  voxel::Hdf5Owner<H5Aclose> attribute(
      ok(H5Aopen(file.get(), "condnet_dataset_version", H5P_DEFAULT)));
  H5Aread(attribute.get(), H5T_NATIVE_INT32, &version);
  EXPECT_EQ(version, 1);
  voxel::Hdf5Dataset d_eff(ok(H5Dopen2(file.get(), "/labels/d_eff", H5P_DEFAULT)));
  std::vector<double> values(18, 0.0);
  H5Dread(d_eff.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  for (const double v : values) EXPECT_TRUE(std::isnan(v));
}

TEST(DatasetFile, IncompressibleSamplesAreStoredRaw) {
  const auto path = scratch_dir("dataset_raw_chunks") / "data.h5";
  data::DatasetLayout layout;
  layout.count = 4;
  layout.sample_shape = {16, 16, 16};
  layout.phases = 256;
  const data::SampleSource noise = [&](std::int64_t index) {
    voxel::Volume v(layout.sample_shape);
    voxel::generate::Rng rng(static_cast<std::uint64_t>(index));
    for (std::int64_t i = 0; i < v.count(); ++i)
      v.data()[i] = static_cast<std::uint8_t>(rng.next());
    return data::BuiltSample{std::move(v), {"noise", static_cast<std::uint64_t>(index), {}}};
  };
  data::build_dataset(path, layout, noise, 2, [](std::int64_t) {});
  const auto file = data::DatasetFile::open(path);
  for (std::int64_t i = 0; i < 4; ++i) {
    const auto expected = noise(i).volume;
    const auto got = file.read_volume(i);
    EXPECT_TRUE(std::equal(got.data(), got.data() + got.count(), expected.data())) << i;
  }
}

TEST(DatasetFile, ThreadCountDoesNotChangeTheSamples) {
  const auto dir = scratch_dir("dataset_threads");
  make_small_dataset(dir / "one.h5", 20, 4, 1);
  make_small_dataset(dir / "three.h5", 20, 4, 3);
  const auto one = data::DatasetFile::open(dir / "one.h5");
  const auto three = data::DatasetFile::open(dir / "three.h5");
  for (std::int64_t i = 0; i < 20; ++i) {
    const auto a = one.read_volume(i), b = three.read_volume(i);
    EXPECT_TRUE(std::equal(a.data(), a.data() + a.count(), b.data())) << i;
  }
  EXPECT_EQ(one.phase_fractions(), three.phase_fractions());
  EXPECT_EQ(one.splits(), three.splits());
}

TEST(DatasetFile, LabelsAreWrittenInPlaceAndReadBack) {
  const auto path = scratch_dir("dataset_labels") / "data.h5";
  make_small_dataset(path, 10);
  {
    auto file = data::DatasetFile::open_for_labelling(path);
    file.set_solver_settings({{"method", "multigrid"}, {"tolerance", 1e-6}});
    const std::vector<data::SampleLabels> batch = {known_labels(7), known_labels(2),
                                                   known_labels(4)};
    file.write_labels(batch);
    EXPECT_EQ(file.unlabelled_indices(), (std::vector<std::int64_t>{0, 1, 3, 5, 6, 8, 9}));
  }
  const auto file = data::DatasetFile::open(path);
  EXPECT_EQ(file.solver_settings().at("method"), "multigrid");
  const auto labels = file.labels();
  const auto flags = file.labelled();
  for (std::int64_t i = 0; i < 10; ++i) {
    const bool labelled = i == 7 || i == 2 || i == 4;
    EXPECT_EQ(flags[static_cast<std::size_t>(i)] != 0, labelled) << i;
    if (labelled) {
      EXPECT_TRUE(same_labels(labels[static_cast<std::size_t>(i)], known_labels(i))) << i;
    } else {
      EXPECT_TRUE(std::isnan(labels[static_cast<std::size_t>(i)].axes[1].tau)) << i;
    }
  }
}

// A labeller killed with SIGKILL at a random moment: the file stays readable, every sample
// flagged labelled has exactly its labels, and a second run finishes the rest.
TEST(DatasetFile, LabellingSurvivesKillAndResumes) {
  const auto path = scratch_dir("dataset_kill") / "data.h5";
  constexpr std::int64_t kSamples = 3000;
  make_small_dataset(path, kSamples);
  const auto label_all = [&] {
    auto file = data::DatasetFile::open_for_labelling(path);
    std::vector<data::SampleLabels> batch;
    for (const std::int64_t i : file.unlabelled_indices()) {
      batch.push_back(known_labels(i));
      if (batch.size() == 4) {
        file.write_labels(batch);
        batch.clear();
      }
    }
    file.write_labels(batch);
  };
  for (const int delay_ms : {40, 90}) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      try {
        label_all();
      } catch (...) {
        _exit(3);
      }
      _exit(0);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    EXPECT_TRUE(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 0));

    const auto file = data::DatasetFile::open(path);
    const auto flags = file.labelled();
    const auto labels = file.labels();
    std::int64_t flagged = 0;
    for (std::int64_t i = 0; i < kSamples; ++i)
      if (flags[static_cast<std::size_t>(i)]) {
        ++flagged;
        ASSERT_TRUE(same_labels(labels[static_cast<std::size_t>(i)], known_labels(i))) << i;
      }
    std::printf("killed after %d ms: %lld of %lld samples labelled\n", delay_ms,
                static_cast<long long>(flagged), static_cast<long long>(kSamples));
  }
  label_all();
  const auto file = data::DatasetFile::open(path);
  EXPECT_TRUE(file.unlabelled_indices().empty());
  const auto labels = file.labels();
  for (std::int64_t i = 0; i < kSamples; ++i)
    ASSERT_TRUE(same_labels(labels[static_cast<std::size_t>(i)], known_labels(i))) << i;
}

// A reader opens the file while another process holds it open for labelling; a second
// labeller is refused.
TEST(DatasetFile, ReadersOpenWhileALabellerHoldsTheFile) {
  const auto path = scratch_dir("dataset_concurrent") / "data.h5";
  make_small_dataset(path, 5);
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto file = data::DatasetFile::open_for_labelling(path);
    const std::vector<data::SampleLabels> batch = {known_labels(1)};
    file.write_labels(batch);
    const char byte = 1;
    if (write(ready[1], &byte, 1) != 1) _exit(3);
    pause();
    _exit(0);
  }
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1);
  {
    const auto file = data::DatasetFile::open(path);
    EXPECT_EQ(file.unlabelled_indices(), (std::vector<std::int64_t>{0, 2, 3, 4}));
    EXPECT_TRUE(same_labels(file.labels()[1], known_labels(1)));
  }
  EXPECT_THROW(data::DatasetFile::open_for_labelling(path), Error);
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  close(ready[0]);
  close(ready[1]);
  EXPECT_NO_THROW(data::DatasetFile::open_for_labelling(path));
}

TEST(DatasetFile, RefusesANewerFormatVersion) {
  const auto path = scratch_dir("dataset_newer") / "data.h5";
  make_small_dataset(path, 2);
  {
    voxel::Hdf5File file(ok(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT)));
    voxel::Hdf5Owner<H5Aclose> attribute(
        ok(H5Aopen(file.get(), "condnet_dataset_version", H5P_DEFAULT)));
    const std::int32_t newer = 7;
    ASSERT_GE(H5Awrite(attribute.get(), H5T_NATIVE_INT32, &newer), 0);
  }
  EXPECT_EQ(open_error(path), path.string() +
                                  ": dataset format version 7 is newer than this condnet "
                                  "supports (1); upgrade condnet");
}

TEST(DatasetFile, RefusesFilesThatAreNotDatasets) {
  const auto dir = scratch_dir("dataset_not");
  EXPECT_NE(open_error(dir / "missing.h5").find("no such file"), std::string::npos);
  {
    voxel::Hdf5File plain(
        ok(H5Fcreate((dir / "plain.h5").c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT)));
  }
  EXPECT_NE(open_error(dir / "plain.h5").find("not a condnet dataset"), std::string::npos);
  std::FILE* text = std::fopen((dir / "text.h5").c_str(), "w");
  std::fputs("hello", text);
  std::fclose(text);
  EXPECT_NE(open_error(dir / "text.h5").find("not an HDF5 file"), std::string::npos);
}

// Found by fuzzing: a string column claiming 2^50 entries was allocated (8 PB of pointers)
// before its length was compared with the sample count.
TEST(DatasetFile, AStringColumnClaimingMoreEntriesThanSamplesIsRefusedUnallocated) {
  const auto path = scratch_dir("dataset_long_strings") / "data.h5";
  make_small_dataset(path, 2);
  {
    voxel::Hdf5File file(ok(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT)));
    ASSERT_GE(H5Ldelete(file.get(), "/family", H5P_DEFAULT), 0);
    const hsize_t claimed[1] = {hsize_t{1} << 50};
    const hsize_t chunk[1] = {64};
    voxel::Hdf5Dataspace space(ok(H5Screate_simple(1, claimed, nullptr)));
    voxel::Hdf5PropertyList creation(ok(H5Pcreate(H5P_DATASET_CREATE)));
    ASSERT_GE(H5Pset_chunk(creation.get(), 1, chunk), 0);
    voxel::Hdf5Datatype strings(ok(H5Tcopy(H5T_C_S1)));
    ASSERT_GE(H5Tset_size(strings.get(), H5T_VARIABLE), 0);
    voxel::Hdf5Dataset family(ok(H5Dcreate2(file.get(), "/family", strings.get(), space.get(),
                                            H5P_DEFAULT, creation.get(), H5P_DEFAULT)));
  }
  EXPECT_EQ(open_error(path), path.string() +
                                  ": '/family' holds 1125899906842624 strings where the "
                                  "dataset's size needs 2");
}

TEST(DatasetFile, AFailingSourceLeavesNoFile) {
  const auto dir = scratch_dir("dataset_failing_source");
  data::DatasetLayout layout;
  layout.count = 50;
  layout.sample_shape = {4, 4, 4};
  const data::SampleSource source = [](std::int64_t index) -> data::BuiltSample {
    if (index == 17) fail("sample 17 went wrong");
    return {voxel::Volume({4, 4, 4}), {"zeros", 0, {}}};
  };
  EXPECT_THROW(data::build_dataset(dir / "data.h5", layout, source, 3, [](std::int64_t) {}), Error);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
}

}  // namespace
}  // namespace condnet::test
