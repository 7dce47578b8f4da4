#!/usr/bin/env bash
# Runs each libFuzzer harness of BUILD_DIR for SECONDS, one after another on one core, over a
# copy of its committed corpus (fuzz/corpus/READER, plus fuzz/regressions/READER). Crashers go
# to BUILD_DIR/findings/READER/. Prints one line per reader (executions, exec/s, findings)
# and exits 1 when any reader had a finding.
#   fuzz/run.sh BUILD_DIR SECONDS [READER...]     (default: every reader)
set -uo pipefail
build=$(realpath "$1")
seconds=$2
shift 2
root=$(cd "$(dirname "$0")" && pwd)
readers=("$@")
[ ${#readers[@]} -eq 0 ] && readers=(tiff npy raw hdf5 dataset model_json safetensors run_json)
status=0
# Inputs are written to files: on tmpfs where there is one.
[ -w /dev/shm ] && export TMPDIR=/dev/shm
printf '%-12s %12s %8s %6s  %s\n' reader executions exec/s secs findings
for reader in "${readers[@]}"; do
  corpus=$build/fuzz-corpus/$reader findings=$build/findings/$reader
  mkdir -p "$corpus" "$findings"
  cp -n "$root/corpus/$reader"/* "$corpus"/ 2>/dev/null
  [ -d "$root/regressions/$reader" ] && cp -n "$root/regressions/$reader"/* "$corpus"/
  log=$build/findings/$reader.log
  # libhdf5 1.10 itself crashes on some damaged files (docs/fuzzing.md): the HDF5 readers run
  # in a forked child that libFuzzer restarts, so that one such crash does not end the run;
  # every crasher is still saved for triage.
  fork=()
  case $reader in hdf5 | dataset) fork=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1) ;; esac
  start=$(date +%s)
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    LSAN_OPTIONS=suppressions=$root/../tests/sanitizer/lsan.supp:print_suppressions=0 \
    "$build/fuzz/fuzz_$reader" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/" "${fork[@]}" "$corpus" >"$log" 2>&1
  code=$?
  secs=$(($(date +%s) - start))
  execs=$(awk '/stat::number_of_executed_units:/ {print $2}' "$log")
  rate=$(awk '/stat::average_exec_per_sec:/ {print $2}' "$log")
  if [ -z "$execs" ]; then  # fork mode: "#EXECS: cov: ... exec/s: RATE ..." lines
    execs=$(grep -o '^#[0-9]*: cov' "$log" | tail -1 | tr -dc 0-9)
    rate=$(grep -o 'exec/s:\? [0-9]*' "$log" | tail -1 | tr -dc 0-9)
  fi
  found=$(ls "$findings" | wc -l)
  [ "$code" -ne 0 ] && status=1
  printf '%-12s %12s %8s %6s  %s\n' "$reader" "${execs:-0}" "${rate:-0}" "$secs" \
    "$([ "$code" -eq 0 ] && echo none || echo "exit $code, $found file(s) in $findings; see $log")"
done
exit $status
