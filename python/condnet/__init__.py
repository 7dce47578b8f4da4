"""condnet: effective conductivity and tortuosity factor of 3-D microstructures.

numpy in, results out (docs/python.md):

    import condnet
    r = condnet.solve(volume, phase=1, axis="x")      # exact: finite volumes
    r.D_eff, r.tau
    condnet.Surrogate().predict(volume)               # milliseconds: the shipped CNN ensemble
    condnet.stats(volume), condnet.read_volume("scan.tif"), condnet.generate("foam", 64)
    condnet.Dataset("d.h5"), condnet.train(data="d.h5", output="runs/a", epochs=10)

Errors raise ValueError (bad input: the command's one-line message), FileNotFoundError (a
missing input) or RuntimeError; Ctrl-C stops a long call with KeyboardInterrupt.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Optional, Sequence, Union

from ._condnet import (
    Dataset,
    SolveResult,
    __version__,
    families,
    generate,
    read_volume,
    rev,
    solve,
    stats,
    tensor,
    write_volume,
)
from . import _condnet

__all__ = [
    "Dataset",
    "SolveResult",
    "Surrogate",
    "__version__",
    "families",
    "generate",
    "read_volume",
    "recommended_model",
    "rev",
    "solve",
    "stats",
    "tensor",
    "train",
    "write_volume",
]

_PACKAGE = Path(__file__).resolve().parent


def _shipped(relative: str) -> Optional[Path]:
    """A file shipped with condnet (`relative` to the repository, e.g. models/fast.json): in the
    installed package (condnet/models/...), or in the repository the package was built in
    (build/python/condnet/ -> the repository three folders up)."""
    for root in (_PACKAGE, _PACKAGE.parents[2]):
        if (root / relative).exists():
            return root / relative
    return None


def recommended_model() -> str:
    """The path of the recommended shipped model (an ensemble with calibrated intervals): the
    one Surrogate() and `condnet predict VOLUME` answer with."""
    path = _shipped(_condnet.RECOMMENDED_MODEL)
    if path is None:
        raise FileNotFoundError(
            f"{_condnet.RECOMMENDED_MODEL}: the recommended shipped model is not beside this "
            "condnet; give Surrogate a run, an ensemble or a checkpoint")
    return str(path)


class Surrogate(_condnet._Surrogate):
    """A trained surrogate answering D_eff and tau along x, y, z in milliseconds.

    model: an ensemble (condnet ensemble -o), a run directory (condnet train -o), a checkpoint
        (.safetensors), or None for the recommended shipped ensemble (recommended_model()).
    device: "cpu" (oneDNN), "cpu:<CPUs>" (oneDNN on those CPUs, e.g. "cpu:0-3") or
        "reference"; precision: "fp32" or "bf16"; batch: tiles per call.

    predict(volume, phase=None, fallback="none") answers exactly as `condnet predict --json`:
    volume is a 3-D integer or bool array (at least the model's input edge along every axis;
    larger ones are tiled), a path, or a batch (a 4-D array or a list) giving a list of answers.
    Each answer is a dict: d_eff and tau per axis, source ("surrogate" or "solver"), the
    surrogate's own values with d_eff_std and the 90% d_eff_interval (ensembles), handover (why
    the surrogate may be far off, or None), eps, spanning_fraction, tiles. fallback="solve"
    answers the flagged axes with the exact solver. An axis along which nothing percolates is
    exactly 0.
    """

    def __init__(self, model: Union[str, os.PathLike, None] = None, device: str = "cpu",
                 precision: str = "fp32", batch: int = 16) -> None:
        path = recommended_model() if model is None else os.fspath(model)
        super().__init__(path, device=device, precision=precision, batch=batch)

    def __repr__(self) -> str:
        return (f"Surrogate('{self.path}', {self.members} network"
                f"{'' if self.members == 1 else 's'}, {self.input_edge}^3 input)")


def _model_json(model: Union[str, os.PathLike]) -> str:
    """A model JSON path, or the name of a shipped architecture ("fast", "base")."""
    text = os.fspath(model)
    if os.path.exists(text):
        return os.path.abspath(text)
    if text in ("fast", "base"):
        shipped = _shipped(f"models/{text}.json")
        if shipped is not None:
            return str(shipped)
    raise FileNotFoundError(f"model: {text}: no such file; give a model JSON or 'fast', 'base'")


def train(data: Union[str, os.PathLike, Sequence[Union[str, os.PathLike]], None] = None,
          output: Union[str, os.PathLike, None] = None, *,
          model: Union[str, os.PathLike] = "fast",
          resume: Union[str, os.PathLike, None] = None,
          callback: Optional[Callable[[dict], Any]] = None,
          quiet: bool = False, max_steps: int = 0, **options: Any) -> dict:
    """Trains the surrogate: the same loop as `condnet train` (docs/surrogate.md).

    data: labelled dataset file(s) (condnet generate + condnet label); output: the run
    directory to create (an existing run is never overwritten); model: a model JSON, or "fast"
    / "base" (the shipped architectures); resume: continue an interrupted run instead (its
    options are those in RUN/run.json). options: the command's options with _ for -: epochs,
    batch, accum, lr, weight_decay, optimizer, lr_schedule, warmup, min_lr, loss, patience,
    precision, seed, augment, checkpoint_every, input, exclude_families, init_from, stages, ...

    Progress goes to stderr (quiet=True: none); callback(metrics) is called after every epoch
    with its metrics.jsonl line as a dict. Ctrl-C saves RUN/last.safetensors and raises
    KeyboardInterrupt: train(resume=RUN) continues, ending with the same weights. Returns the
    summary: run, end, epochs, steps, best_val_loss, best_epoch, seconds, samples_per_second.
    """
    settings: dict = {}
    if resume is None:
        if data is None:
            raise ValueError("data: give at least one labelled dataset file")
        files = [data] if isinstance(data, (str, os.PathLike)) else list(data)
        settings = dict(options, data=[os.fspath(f) for f in files], model=_model_json(model))
    elif data is not None or options:
        raise ValueError("resume: a resumed run keeps the options in its run.json; give none")
    return _condnet._train(output, resume, settings, max_steps, quiet, callback)
