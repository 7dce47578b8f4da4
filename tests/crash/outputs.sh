#!/usr/bin/env bash
# generate, convert and solve --field, killed (kill -9) at random moments: the output is the
# complete old file, or absent, or complete -- never partial; a rerun completes it and removes
# the temporaries that the killed runs left behind.
source "$(dirname "$0")/common.sh"

"$CONDNET" generate --family gaussian-field --size 64 --seed 3 -o volume.npy >/dev/null
"$CONDNET" generate --family fibres --size 40 --seed 4 -o old-volume.npy >/dev/null

# Is FILE (any format condnet reads) the voxels of volume.npy?
same_voxels_as_volume() {
  "$CONDNET" convert "$@" readback.npy >/dev/null 2>&1 &&
    "$PY" -c 'import numpy as np, sys; sys.exit(0 if np.array_equal(np.load("volume.npy"), np.load("readback.npy")) else 1)'
}
same_dataset_as_reference() { "$DUMP" "$1" 2>/dev/null | cmp -s - reference-dataset.txt; }
same_field_as_reference() { cmp -s "$1" reference-field.npy; }

# kills OUTPUT OLD COMPLETE COMMAND...: runs COMMAND (which writes OUTPUT) once to time it,
# then kills it 4 times at random moments within that time, OUTPUT holding a copy of OLD on
# the odd attempts and absent on the even ones. After each kill OUTPUT must be the old file,
# or absent, or complete (`COMPLETE OUTPUT` succeeds); after a last uninterrupted run it is
# complete and no temporary of it is left.
kills() {
  local output=$1 old=$2 complete=$3
  shift 3
  local took delay attempt file=${output%%:*}
  rm -f "$file"
  took=$(time_ms timing.log "$@")
  "$complete" "$output" || fail_check "$*: the uninterrupted run's $output is not complete"
  for attempt in 1 2 3 4; do
    rm -f "$file"
    if ((attempt % 2 == 1)); then cp "$old" "$file"; fi
    delay=$(random_ms 0 "$took")
    kill_after "$delay" kill.log "$@"
    local state
    if [[ ! -e $file ]]; then
      state=absent
      ((attempt % 2 == 0)) || fail_check "$*: killed at $delay ms, the old $file is gone"
    elif cmp -s "$file" "$old"; then
      state=old
    elif "$complete" "$output"; then
      state=complete
    else
      state=PARTIAL
      fail_check "$*: killed at $delay ms, $file is neither the old file nor complete"
    fi
    echo "$2 $output: killed at $delay of $took ms (killed: $KILLED): $state," \
      "$(temporaries . | grep -c -F ".${file}.tmp." || true) temporaries"
  done
  "$@" >rerun.log 2>&1 || { cat rerun.log; fail_check "$*: the rerun failed"; }
  "$complete" "$output" || fail_check "$*: after the rerun $output is not complete"
  local left
  left=$(temporaries . | grep -F ".${file}.tmp." || true)
  [[ -z $left ]] || fail_check "$*: the rerun left the killed runs' temporaries: $left"
}

# generate: a dataset (reference: the same command's uninterrupted output).
"$CONDNET" generate --family gaussian-field --size 32 --count 10 --seed 9 --quiet -o old.h5 \
  >/dev/null
generate=("$CONDNET" generate --family gaussian-field --size 32 --count 300 --seed 5 --threads 2
  --quiet -o)
"${generate[@]}" reference.h5 >/dev/null
"$DUMP" reference.h5 >reference-dataset.txt
kills dataset.h5 old.h5 same_dataset_as_reference "${generate[@]}" dataset.h5

# convert to every format condnet writes (old files: another volume, same format).
for output in out.tif out.npy out.h5:/volume; do
  "$CONDNET" convert old-volume.npy "old-$output" >/dev/null
  kills "$output" "old-${output%%:*}" same_voxels_as_volume "$CONDNET" convert volume.npy "$output"
done
"$CONDNET" convert old-volume.npy old-out.raw >/dev/null
raw_complete() { same_voxels_as_volume "$1" --shape 64,64,64 --dtype uint8; }
kills out.raw old-out.raw raw_complete "$CONDNET" convert volume.npy out.raw

# solve --field (old file: another volume's field).
"$CONDNET" solve old-volume.npy --phase 1 --axis x --field old-field.npy >/dev/null
"$CONDNET" solve volume.npy --phase 1 --axis x --field reference-field.npy >/dev/null
kills field.npy old-field.npy same_field_as_reference \
  "$CONDNET" solve volume.npy --phase 1 --axis x --field field.npy
finish
