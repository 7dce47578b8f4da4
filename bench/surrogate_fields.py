"""What the bench scripts read from `condnet evaluate --json-out` beyond R^2 and MAPE: the
uncertainty intervals, their coverage and the OOD flag's hand-overs to the solver. Fields an
evaluation does not carry give None (printed `n/a`), never a made-up number.

Read, per parity point (result["parity"][i], one per sample and axis):
  d_eff_lo, d_eff_hi    the 90% interval of the predicted D_eff
  d_eff_std             the predicted standard deviation (marks an evaluation with uncertainty)
  ood / handed_to_solver / solver_fallback (true) or source == "solver"
                        the answer came from the solver, not the network
and the evaluation's own coverage metric where it has one: result["overall"]["d_eff"]
["coverage"], result["overall"]["coverage"] or result["coverage"] (a fraction, or a percent
when above 1, or an object holding one of those under "fraction"/"observed"/"0.9").
Only the json module: the scripts run under Debian's /usr/bin/python3.
"""
import json
import os

_HANDED_FLAGS = ("ood", "handed_to_solver", "solver_fallback")


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
    return any(
        "d_eff_std" in p or ("d_eff_lo" in p and "d_eff_hi" in p) for p in result.get("parity", [])
    )


def _fraction(value):
    if isinstance(value, dict):
        for key in ("fraction", "observed", "0.9"):
            if key in value:
                return _fraction(value[key])
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value / 100 if value > 1 else float(value)
    return None


def coverage(result):
    """(fraction of axes whose true D_eff lies in the 90% interval, where it came from)."""
    overall = result.get("overall") or {}
    for source, value in (
        ("evaluate overall.d_eff.coverage", (overall.get("d_eff") or {}).get("coverage")),
        ("evaluate overall.coverage", overall.get("coverage")),
        ("evaluate coverage", result.get("coverage")),
    ):
        fraction = _fraction(value)
        if fraction is not None:
            return fraction, source
    points = [p for p in result.get("parity", []) if "d_eff_lo" in p and "d_eff_hi" in p]
    if not points:
        return None, None
    inside = sum(1 for p in points if p["d_eff_lo"] <= p["d_eff_true"] <= p["d_eff_hi"])
    return inside / len(points), "d_eff_lo/d_eff_hi of every axis"


def _handed(point):
    return any(point.get(flag) is True for flag in _HANDED_FLAGS) or point.get("source") == "solver"


def ood_answers(result):
    """Samples whose answer the OOD flag handed to the solver; None without the flag."""
    points = result.get("parity", [])
    if not any(any(flag in p for flag in _HANDED_FLAGS) or "source" in p for p in points):
        return None
    return len({p["origin"] for p in points if _handed(p)})


def fmt(value, pattern):
    return "n/a" if value is None else pattern.format(value)
