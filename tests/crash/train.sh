#!/usr/bin/env bash
# condnet train, killed (kill -9) at random moments and resumed each time: the run directory
# never holds a half-written file, and the resumed run ends bit for bit as an uninterrupted
# one (checkpoints byte-identical, the same metrics), as docs/surrogate.md promises.
source "$(dirname "$0")/common.sh"

"$CONDNET" generate --family gaussian-field --size 16 --count 48 --seed 11 --threads 2 --quiet \
  -o data.h5 >/dev/null
"$CONDNET" label data.h5 --threads 2 --quiet >/dev/null
start=("$CONDNET" train --data data.h5 --model "$SOURCE_DIR/models/fast.json" --epochs 3
  --batch 4 --checkpoint-every 2 --quiet)
took=$(time_ms reference.log "${start[@]}" -o reference)
echo "uninterrupted train: $took ms"

# The next call: resume the run when it has a run.json, else start it.
next_call() {
  if [[ -e run/run.json ]]; then call=("$CONDNET" train --resume run --quiet); else call=("${start[@]}" -o run); fi
}

finished=0
for attempt in 1 2 3 4 5; do
  delay=$(random_ms 0 "$took")
  next_call
  kill_after "$delay" "kill$attempt.log" "${call[@]}"
  echo "call $attempt killed at $delay ms (killed: $KILLED, status $STATUS):" \
    "$(ls -A run 2>/dev/null | tr '\n' ' ')"
  if [[ -d run ]]; then "$PY" "$SOURCE_DIR/tests/crash/check_run.py" run || fail_check "kill $attempt"; fi
  if ((KILLED == 0)); then
    ((STATUS == 0)) || { cat "kill$attempt.log"; fail_check "call $attempt failed"; }
    finished=1
    break
  fi
done
if ((finished == 0)); then
  next_call
  "${call[@]}" >last.log 2>&1 || { cat last.log; fail_check "the last resume failed"; }
fi
"$PY" "$SOURCE_DIR/tests/crash/check_run.py" run reference || fail_check "the resumed run"
finish
