"""What the bench scripts read from `condnet evaluate --json-out` beyond R^2 and MAPE (the fields
src/surrogate/evaluation.hpp documents):
  overall.coverage        {"fraction", "axes"}: the 90% intervals' coverage of the surrogate's
                          answers on percolating axes; null for one network (no intervals)
  members                 networks in the model (1: no intervals)
  parity[i].source        "solver" where the ensemble's hand-over (--fallback solve) answered
  parity[i].d_eff_surrogate
                          the surrogate's own answer, also where the solver's was used
Absent fields (evaluations of other versions) give None, printed `n/a`, never a made-up number.
Only the json module: the scripts run under Debian's /usr/bin/python3.
"""
import json
import os


def load(path):
    with open(path) as f:
        return json.load(f)


def write_atomically(path, text):
    """The file holds the old text or the new one, never a part."""
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def has_uncertainty(result):
    return (result.get("overall") or {}).get("coverage") is not None


def coverage(result):
    """(fraction of the surrogate's percolating axes whose true D_eff lies in the 90% interval,
    where it came from), or (None, None) without intervals."""
    value = (result.get("overall") or {}).get("coverage")
    if value is None:
        return None, None
    return value["fraction"], f"evaluate overall.coverage ({value['axes']} axes)"


def ood_answers(result):
    """Samples with an axis the OOD flag handed to the solver; None without the flag."""
    points = result.get("parity", [])
    if not points or "source" not in points[0]:
        return None
    return len({p["origin"] for p in points if p["source"] == "solver"})


def surrogate_mape(result, threshold=0.05):
    """MAPE (percent) of the surrogate's own answers over axes with D_eff >= threshold, before
    any hand-over; None when the evaluation does not carry them."""
    points = [p for p in result.get("parity", []) if p["d_eff_true"] >= threshold]
    if not points or "d_eff_surrogate" not in points[0]:
        return None
    return 100 * sum(abs(p["d_eff_surrogate"] - p["d_eff_true"]) / p["d_eff_true"]
                     for p in points) / len(points)


def fmt(value, pattern):
    return "n/a" if value is None else pattern.format(value)


def cells(columns, row):
    """A row's cells, each formatted by its column's pattern (n/a for None)."""
    return [fmt(row[key], pattern) for _, key, pattern in columns]


def text_table(columns, rows, left):
    """Aligned text: the first `left` columns flush left, the others right."""
    table = [[h for h, _, _ in columns]] + [cells(columns, r) for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(columns))]
    return "\n".join(
        "  ".join(c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths)))
        for line in table
    )


def markdown_table(columns, rows):
    lines = ["| " + " | ".join(h for h, _, _ in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cells(columns, r)) + " |" for r in rows]
    return "\n".join(lines)
