"""The table of bench/surrogate_speed.sh from its records: one row per size, model and precision,
surrogate against solver samples per wall second (all cores) and per CPU second (one core),
printed and written as OUT.json and OUT.md (atomically).

Records (tab-separated), as the script writes them:
  solver     SIZE COUNT WALL_S CPU_S
  surrogate  SIZE MODEL PRECISION EVAL_JSON EXTRA_SAMPLES CPU_ONCE_S CPU_REPEATED_S
"""
import argparse
import json

import surrogate_fields as fields

COLUMNS = [  # (header, key, format)
    ("size", "size", "{}^3"),
    ("model", "model", "{}"),
    ("precision", "precision", "{}"),
    ("uncertainty", "uncertainty", "{}"),
    ("solver /s", "solver_per_second", "{:.1f}"),
    ("surrogate /s", "surrogate_per_second", "{:.0f}"),
    ("ratio", "ratio", "{:.0f}x"),
    ("solver /CPU-s", "solver_per_cpu_second", "{:.1f}"),
    ("surrogate /CPU-s", "surrogate_per_cpu_second", "{:.0f}"),
    ("ratio/CPU", "ratio_per_cpu", "{:.0f}x"),
]


def rows_of(records):
    solver, rows = {}, []
    for line in open(records):
        record = line.rstrip("\n").split("\t")
        if record[0] == "solver":
            size, count, wall, cpu = record[1], int(record[2]), float(record[3]), float(record[4])
            solver[size] = (count / wall, count / cpu)
            continue
        size, model, precision, path, extra, cpu_once, cpu_repeated = record[1:]
        result = fields.load(path)
        per_second = result["throughput"]["samples_per_second"]
        cpu_extra = float(cpu_repeated) - float(cpu_once)
        per_cpu = int(extra) / cpu_extra if cpu_extra > 0 else None
        solver_wall, solver_cpu = solver[size]
        rows.append(
            {
                "size": int(size),
                "model": model,
                "untrained": model.endswith("one-step"),
                "precision": precision,
                "uncertainty": "yes" if fields.has_uncertainty(result) else "no",
                "solver_per_second": solver_wall,
                "surrogate_per_second": per_second,
                "ratio": per_second / solver_wall,
                "solver_per_cpu_second": solver_cpu,
                "surrogate_per_cpu_second": per_cpu,
                "ratio_per_cpu": per_cpu / solver_cpu if per_cpu else None,
            }
        )
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("records")
    parser.add_argument("--out", required=True, help="OUT.json and OUT.md are written")
    parser.add_argument("--machine", required=True)
    parser.add_argument("--load", required=True, help="load averages before -> after")
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--repeat", type=int, required=True)
    args = parser.parse_args()
    rows = rows_of(args.records)
    title = (
        f"{args.count} mix samples per size, all three axes; surrogate on {args.repeat} x "
        f"{args.count}; {args.machine}; load average {args.load}"
    )
    notes = (
        "/s: samples per wall second, all cores (surrogate: evaluate's prediction throughput). "
        "/CPU-s: per CPU second, one core. *-one-step: untrained (one training step), speed only."
    )
    print(title)
    print(fields.text_table(COLUMNS, rows, 4))
    print(notes)
    summary = {"title": title, "count": args.count, "repeat": args.repeat, "rows": rows}
    fields.write_atomically(args.out + ".json", json.dumps(summary, indent=2) + "\n")
    fields.write_atomically(args.out + ".md", f"{title}\n\n{fields.markdown_table(COLUMNS, rows)}\n\n{notes}\n")
    print(f"written: {args.out}.json, {args.out}.md")


if __name__ == "__main__":
    main()
