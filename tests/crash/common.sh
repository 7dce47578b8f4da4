# Shared by the crash tests (sourced). Each test is run by CTest as
#   bash tests/crash/NAME.sh CONDNET_BINARY DATASET_DUMP SCRATCH_DIR
# The kill moments are random; the seed is printed, and CRASH_SEED=N reproduces a run.
set -euo pipefail

SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
CONDNET=$1
DUMP=$2
SCRATCH=$3
PY=/usr/bin/python3  # Debian's, with python3-numpy
rm -rf "$SCRATCH"
mkdir -p "$SCRATCH"
cd "$SCRATCH"

CRASH_SEED=${CRASH_SEED:-$RANDOM}
RANDOM=$CRASH_SEED
echo "crash seed $CRASH_SEED (reproduce with CRASH_SEED=$CRASH_SEED)"

failures=0
fail_check() {
  echo "FAIL: $* (seed $CRASH_SEED)"
  failures=$((failures + 1))
}
finish() {
  if ((failures > 0)); then
    echo "$failures check(s) failed"
    exit 1
  fi
  echo "all checks passed"
}

# Milliseconds since the epoch.
now_ms() { date +%s%3N; }

# A random delay in [LOW, HIGH) milliseconds, from the seeded $RANDOM.
random_ms() { echo $(($1 + (RANDOM * 32768 + RANDOM) % ($2 - $1))); }

# kill_after MS LOG COMMAND...: runs COMMAND (stdout and stderr to LOG), sends it SIGKILL
# after MS milliseconds. Sets KILLED=1 when the kill hit a running process, 0 when the
# command had finished (then STATUS is its exit status).
kill_after() {
  local ms=$1 log=$2
  shift 2
  "$@" >"$log" 2>&1 &
  local pid=$!
  sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
  if kill -9 "$pid" 2>/dev/null; then KILLED=1; else KILLED=0; fi
  STATUS=0
  wait "$pid" 2>/dev/null || STATUS=$?
  if ((KILLED == 1 && STATUS != 137)); then KILLED=0; fi  # it ended just before the kill
}

# Milliseconds an uninterrupted COMMAND takes (its output to LOG); fails the test if it fails.
time_ms() {
  local log=$1
  shift
  local start
  start=$(now_ms)
  if ! "$@" >"$log" 2>&1; then
    cat "$log"
    echo "FAIL: the uninterrupted run failed: $*"
    exit 1
  fi
  echo $(($(now_ms) - start))
}

# The temporaries of core/atomic_file (".NAME.tmp.*") in DIR.
temporaries() { find "$1" -maxdepth 1 -name '.*.tmp.*' -printf '%f\n' | sort; }

# expect_one_error_line LOG WHAT: LOG (stderr of a failed command) holds exactly one line, a
# condnet error that names WHAT.
expect_one_error_line() {
  local log=$1 what=$2 lines
  lines=$(wc -l <"$log")
  if ((lines != 1)) || ! grep -q '^condnet: error: ' "$log" || ! grep -qF -- "$what" "$log"; then
    fail_check "expected one 'condnet: error:' line naming $what; got $lines line(s):"
    sed 's/^/    /' "$log" | head -20
  fi
}

# same_file A B WHAT: byte-identical files.
same_file() {
  if ! cmp -s "$1" "$2"; then fail_check "$3: $1 differs from $2"; fi
}
