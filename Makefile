# The README's commands. `make demo` runs the main job, `make test` runs every test.
BUILD_DIR ?= build
ASAN_DIR ?= build-asan
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
JOBS ?= $(shell nproc)

.PHONY: deps build build-asan test fuzz demo format clean

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONDNET_PYTHON=ON
	@cmake --build $(BUILD_DIR) -j $(JOBS)

build-asan: deps
	@cmake -S . -B $(ASAN_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCONDNET_SANITIZE=ON
	@cmake --build $(ASAN_DIR) -j $(JOBS)

test: build build-asan
	@ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/sanitizer/lsan.supp:print_suppressions=0 \
	 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	 ctest --test-dir $(ASAN_DIR) --output-on-failure -j $(JOBS) -E Tf500

# libFuzzer harnesses (fuzz/, docs/fuzzing.md): each reader for FUZZ_SECONDS, one at a time.
fuzz:
	@scripts/install-deps.sh fuzz
	@CC=clang-14 CXX=clang++-14 cmake -S . -B $(FUZZ_DIR) -G Ninja -DCONDNET_FUZZ=ON \
	 -DCONDNET_TESTS=OFF -DCMAKE_BUILD_TYPE=Release \
	 "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -gline-tables-only" "-DCMAKE_C_FLAGS_RELEASE=-O1 -gline-tables-only"
	@cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzzers
	@fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

# The demo needs the executable only: its build leaves out the tests, fuzz replays and the
# Python module (make build builds them all).
demo: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DCONDNET_PYTHON=ON
	@cmake --build $(BUILD_DIR) -j $(JOBS) --target condnet
	@scripts/demo.sh

format:
	@find src tests bench fuzz -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	@rm -rf $(BUILD_DIR) $(ASAN_DIR) $(FUZZ_DIR)
