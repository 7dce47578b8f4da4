"""Checks a training run directory left by a killed `condnet train` (tests/crash/train.sh).

check_run.py RUN: every file is one condnet writes, complete: run.json and trace.json parse,
every metrics.jsonl line parses, every .safetensors holds exactly the bytes its header names.
Temporaries of atomic writes (.NAME.tmp.*) are allowed (they are not outputs).
check_run.py RUN REFERENCE: also the checkpoints are byte-identical to REFERENCE's and the
metrics agree on every value that does not measure time.
"""
import json
import os
import struct
import sys

OUTPUTS = {"run.json", "metrics.jsonl", "last.safetensors", "best.safetensors", "trace.json"}
DETERMINISTIC = ["epoch", "step", "train_loss", "val_loss", "val_r2_d_eff", "val_mape_d_eff", "lr"]


def check_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        return "shorter than 8 bytes"
    (length,) = struct.unpack("<Q", data[:8])
    if 8 + length > len(data):
        return f"header of {length} bytes does not fit {len(data)} bytes"
    header = json.loads(data[8:8 + length])
    end = max((t["data_offsets"][1] for n, t in header.items() if n != "__metadata__"), default=0)
    if 8 + length + end != len(data):
        return f"{len(data)} bytes, the header names {8 + length + end}"
    return None


def problems(run):
    found = []
    for name in sorted(os.listdir(run)):
        path = os.path.join(run, name)
        if name.startswith(".") and ".tmp." in name:
            continue
        if name not in OUTPUTS:
            found.append(f"{name}: not a file condnet train writes")
            continue
        try:
            if name.endswith(".safetensors"):
                why = check_safetensors(path)
                if why:
                    found.append(f"{name}: {why}")
            elif name == "metrics.jsonl":
                with open(path) as f:
                    for line in f:
                        json.loads(line)
            else:
                with open(path) as f:
                    json.load(f)
        except (ValueError, KeyError, TypeError) as e:
            found.append(f"{name}: {e}")
    return found


def metrics(run):
    with open(os.path.join(run, "metrics.jsonl")) as f:
        return [{k: json.loads(line).get(k) for k in DETERMINISTIC} for line in f]


def main():
    run = sys.argv[1]
    found = problems(run)
    if len(sys.argv) > 2:
        reference = sys.argv[2]
        for name in ("last.safetensors", "best.safetensors"):
            with open(os.path.join(run, name), "rb") as a, open(os.path.join(reference, name), "rb") as b:
                if a.read() != b.read():
                    found.append(f"{name}: differs from the uninterrupted run's")
        if metrics(run) != metrics(reference):
            found.append(f"metrics.jsonl: {metrics(run)} != the uninterrupted run's {metrics(reference)}")
    for problem in found:
        print(f"{run}/{problem}")
    sys.exit(1 if found else 0)


main()
