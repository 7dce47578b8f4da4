#!/usr/bin/env bash
# A full disk: every command that writes (label, generate, convert, solve --field, train's
# checkpoints) run with too little room, first under `ulimit -f` (EFBIG, and SIGXFSZ, which
# condnet must not die of), then on a tiny tmpfs (ENOSPC) where this user may mount one. Each
# must exit non-zero with exactly one `condnet: error:` line naming the file, and leave the old
# file intact (or none) and no temporary behind.
source "$(dirname "$0")/common.sh"

"$CONDNET" generate --family gaussian-field --size 64 --seed 3 -o volume.npy >/dev/null
"$CONDNET" generate --family gaussian-field --size 16 --seed 4 -o old-volume.npy >/dev/null

# With MODE=ulimit, commands may write files of at most KB KiB (ulimit -f); with MODE=tmpfs,
# DIR is a tmpfs filled up (a filler file) to leave KB KiB free.
MODE=ulimit
# run_full DIR KB COMMAND...: runs COMMAND (stdout discarded, stderr to error.log) with KB KiB of
# room; sets status.
run_full() {
  local dir=$1 kb=$2
  shift 2
  status=0
  if [[ $MODE == ulimit ]]; then
    (ulimit -f "$kb" && exec "$@") >/dev/null 2>error.log || status=$?
  else
    local free
    free=$(df --output=avail -k "$dir" | tail -1)
    if ((free > kb)); then
      dd if=/dev/zero of="$dir/.filler" bs=1k count=$((free - kb)) 2>/dev/null || true
    fi
    "$@" >/dev/null 2>error.log || status=$?
    rm -f "$dir/.filler"
  fi
}

# full DIR KB OUTPUT OLD COMMAND...: with OUTPUT (in DIR) holding a copy of OLD (none when OLD
# is -), runs COMMAND with KB KiB of room and checks the failure.
full() {
  local dir=$1 kb=$2 output=$3 old=$4
  shift 4
  local file=$dir/${output%%:*}
  rm -f "$file"
  [[ $old == - ]] || cp "$old" "$file"
  run_full "$dir" "$kb" "$@"
  echo "$2 $output ($MODE, ${kb} KiB of room): status $status: $(head -c 300 error.log)"
  if ((status == 0 || status >= 128)); then
    fail_check "$2 $output: exit status $status on a full disk; expected an error (not 0, not a signal)"
  fi
  expect_one_error_line error.log "$file"
  # The line says why, in the system's words.
  local reason="No space left on device"
  [[ $MODE == ulimit ]] && reason="File too large"
  grep -qF "$reason" error.log || fail_check "$2 $output: the error does not say '$reason'"
  if [[ $old == - ]]; then
    [[ ! -e $file ]] || fail_check "$2 $output: a partial $file was left on a full disk"
  else
    same_file "$file" "$old" "$2 $output on a full disk: the old file"
  fi
  local left
  left=$(temporaries "$dir" | grep -F ".${file##*/}.tmp." || true)
  [[ -z $left ]] || fail_check "$2 $output: temporaries left on a full disk: $left"
}

# every_writer DIR KB: each command that writes an output, against a full DIR.
every_writer() {
  local dir=$1 kb=$2
  full "$dir" "$kb" data.h5 old.h5 "$CONDNET" generate --family gaussian-field --size 32 \
    --count 100 --threads 2 --quiet -o "$dir/data.h5"
  full "$dir" "$kb" data.h5 - "$CONDNET" generate --family gaussian-field --size 32 \
    --count 100 --threads 2 --quiet -o "$dir/data.h5"
  full "$dir" "$kb" generated.tif - "$CONDNET" generate --family fibres --size 96 -o "$dir/generated.tif"
  for output in out.tif out.npy out.raw out.h5:/volume; do
    "$CONDNET" convert old-volume.npy "old-$output" >/dev/null
    full "$dir" "$kb" "$output" "old-${output%%:*}" "$CONDNET" convert volume.npy "$dir/$output"
  done
  full "$dir" "$kb" field.npy old-volume.npy "$CONDNET" solve volume.npy --phase 1 --axis x \
    --field "$dir/field.npy"
}

# label writes the dataset in place: with too little room it fails cleanly (under ulimit -f
# always: its writes lie beyond the limit; on a full tmpfs only if it needs new room), the file
# stays readable, and a rerun with room labels it exactly as an uninterrupted run.
label_full() {
  local dir=$1 kb=$2
  cp unlabelled.h5 "$dir/label.h5"
  run_full "$dir" "$kb" "$CONDNET" label "$dir/label.h5" --threads 2 --quiet
  echo "label ($MODE, $kb KiB of room): status $status: $(head -c 300 error.log)"
  if [[ $MODE == ulimit ]] && ((status == 0 || status >= 128)); then
    fail_check "label on a full disk: exit status $status; expected an error"
  fi
  ((status == 0)) || expect_one_error_line error.log "$dir/label.h5"
  "$DUMP" "$dir/label.h5" >/dev/null || fail_check "label on a full disk left an unreadable dataset"
  "$CONDNET" label "$dir/label.h5" --threads 2 --quiet >/dev/null || fail_check "label's rerun failed"
  "$DUMP" "$dir/label.h5" >label.txt
  same_file label.txt reference.txt "labels after a full disk and a rerun"
}

# train: a checkpoint that does not fit; the old last.safetensors (after 2 steps) stays.
train_full() {
  local dir=$1 kb=$2
  rm -rf "$dir/run"
  cp -r old-run "$dir/run"
  full "$dir/run" "$kb" last.safetensors old-last.safetensors \
    "$CONDNET" train --resume "$dir/run" --quiet
}

"$CONDNET" generate --family gaussian-field --size 16 --count 6 --seed 2 --quiet -o old.h5 >/dev/null
"$CONDNET" generate --family gaussian-field --size 16 --count 12 --seed 8 --threads 2 --quiet \
  -o unlabelled.h5 >/dev/null
cp unlabelled.h5 reference.h5
"$CONDNET" label reference.h5 --threads 2 --quiet >/dev/null
"$DUMP" reference.h5 >reference.txt
"$CONDNET" generate --family gaussian-field --size 16 --count 24 --seed 6 --threads 2 --quiet \
  -o train.h5 >/dev/null
"$CONDNET" label train.h5 --threads 2 --quiet >/dev/null
"$CONDNET" train --data "$PWD/train.h5" --model "$SOURCE_DIR/models/fast.json" --epochs 2 \
  --batch 4 --checkpoint-every 1 --max-steps 2 --quiet -o old-run >/dev/null
cp old-run/last.safetensors old-last.safetensors

every_writer . 8
label_full . 8
train_full . 512

# A tiny tmpfs (ENOSPC), where this user may mount one.
mnt=$SCRATCH/tmpfs
mkdir -p "$mnt"
if mount -t tmpfs -o size=16m tmpfs "$mnt" 2>/dev/null; then
  trap 'umount "$mnt"' EXIT
  MODE=tmpfs
  every_writer "$mnt" 8
  label_full "$mnt" 0
  train_full "$mnt" 512
else
  echo "NOTICE: cannot mount a tmpfs here (not root, or no permission); checked ulimit -f only"
fi
finish
