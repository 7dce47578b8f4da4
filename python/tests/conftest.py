"""Shared fixtures of the Python module's tests: the condnet command beside the module (to
compare against), the repository, and small volumes."""

import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

REPOSITORY = Path(os.environ.get("CONDNET_SOURCE_DIR", Path(__file__).resolve().parents[2]))
BINARY = Path(os.environ.get("CONDNET_BINARY", REPOSITORY / "build" / "condnet"))
SHARED_DATA = Path(os.environ.get("CONDNET_SHARED_DATA", REPOSITORY.parent / "shared" / "data"))


def run_condnet(*args, check=True):
    """Runs the condnet command; returns its CompletedProcess (text)."""
    result = subprocess.run([str(BINARY), *map(str, args)], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"condnet {' '.join(map(str, args))}: exit {result.returncode}\n"
                             f"{result.stderr}")
    return result


def condnet_json(*args):
    """The command's --json output, parsed."""
    return json.loads(run_condnet(*args, "--json").stdout)


@pytest.fixture(scope="session")
def condnet_binary():
    if not BINARY.exists():
        pytest.skip(f"{BINARY} not built (make build)")
    return BINARY


@pytest.fixture(scope="session")
def porous():
    """A 40^3 Gaussian-field structure (uint8 labels 0/1, porosity 0.45) that percolates."""
    import condnet
    volume = condnet.generate("gaussian-field", 40, seed=3, porosity=0.45)
    return volume


@pytest.fixture
def blocked_along_x():
    """Open along y and z, sealed along x by a solid layer at x = 10 (uint8, 24^3)."""
    volume = np.ones((24, 24, 24), dtype=np.uint8)
    volume[10, :, :] = 0
    return volume
