#!/usr/bin/env bash
# condnet label, killed (kill -9) at random moments: the file stays readable, every sample
# flagged labelled holds exactly the labels of an uninterrupted run, and a rerun completes it.
source "$(dirname "$0")/common.sh"

"$CONDNET" generate --family gaussian-field --size 16 --count 40 --seed 7 --threads 2 --quiet \
  -o fresh.h5 >/dev/null
label=("$CONDNET" label --threads 2 --batch 3 --quiet)

cp fresh.h5 reference.h5
took=$(time_ms reference.log "${label[@]}" reference.h5)
"$DUMP" reference.h5 >reference.txt
echo "uninterrupted label: $took ms"

cp fresh.h5 work.h5
for attempt in 1 2 3 4; do
  delay=$(random_ms 0 "$took")
  kill_after "$delay" "kill$attempt.log" "${label[@]}" work.h5
  if ! "$DUMP" work.h5 >work.txt 2>dump.log; then
    fail_check "after kill $attempt at $delay ms the dataset does not read: $(cat dump.log)"
    continue
  fi
  flagged=$(awk '$3 == 1' work.txt | wc -l)
  echo "kill $attempt at $delay ms (killed: $KILLED): $flagged of 40 samples labelled"
  # Every flagged sample: the reference's line. Every sample: the reference's volume.
  if ! awk 'NR == FNR { ref[$1] = $0; hash[$1] = $2; next }
            $2 != hash[$1] || ($3 == 1 && $0 != ref[$1]) { print "sample " $1 " differs"; bad = 1 }
            END { exit bad }' reference.txt work.txt; then
    fail_check "after kill $attempt at $delay ms, samples differ from the uninterrupted run"
  fi
  "$CONDNET" dataset info work.h5 >/dev/null || fail_check "dataset info refuses work.h5"
done

"${label[@]}" work.h5 >rerun.log 2>&1 || { cat rerun.log; fail_check "the rerun after the kills failed"; }
"$DUMP" work.h5 >work.txt
same_file work.txt reference.txt "labels after kills and a rerun"
finish
