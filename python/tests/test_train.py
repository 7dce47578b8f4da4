"""condnet.train: the command's loop from Python, its callback, Ctrl-C and resume."""

import os
import signal
import threading

import pytest

import condnet
from conftest import run_condnet


@pytest.fixture(scope="module")
def labelled(tmp_path_factory, condnet_binary):
    path = tmp_path_factory.mktemp("data") / "d.h5"
    run_condnet("generate", "--family", "overlapping-spheres", "--size", "16", "--count", "40",
                "--seed", "3", "--quiet", "-o", path)
    run_condnet("label", path, "--quiet")
    return path


def test_training_calls_back_each_epoch_and_the_run_predicts(tmp_path, labelled):
    epochs = []
    summary = condnet.train(labelled, tmp_path / "run", epochs=2, batch=4, seed=1, quiet=True,
                            callback=epochs.append)
    assert summary["end"] == "finished" and summary["epochs"] == 2
    assert [e["epoch"] for e in epochs] == [1, 2]
    assert all(e["train_loss"] > 0 for e in epochs)
    assert (tmp_path / "run" / "best.safetensors").exists()
    answer = condnet.Surrogate(tmp_path / "run").predict(condnet.Dataset(labelled)[0])
    assert len(answer["d_eff"]) == 3 and answer["surrogate"]["d_eff_interval"] == [None] * 3


def test_an_existing_run_is_never_overwritten_and_options_are_checked(tmp_path, labelled):
    condnet.train(labelled, tmp_path / "run", epochs=1, batch=4, quiet=True)
    with pytest.raises(ValueError, match="holds a training run already; continue it with resume="):
        condnet.train(labelled, tmp_path / "run", epochs=1, quiet=True)
    with pytest.raises(ValueError, match="batch is 0; allowed: >= 1"):
        condnet.train(labelled, tmp_path / "other", batch=0, quiet=True)
    with pytest.raises(ValueError, match="unknown training option 'epoch'"):
        condnet.train(labelled, tmp_path / "other", epoch=3, quiet=True)
    with pytest.raises(FileNotFoundError, match="no-such.h5"):
        condnet.train(tmp_path / "no-such.h5", tmp_path / "other", quiet=True)


def weights(run):
    """The tensors of RUN/last.safetensors (weights, optimizer state, batchnorm statistics)."""
    import sys
    from conftest import REPOSITORY
    sys.path.insert(0, str(REPOSITORY / "tests" / "train"))
    pytest.importorskip("torch")
    from pytorch_load_checkpoint import read_safetensors
    return read_safetensors(run / "last.safetensors")[1]


def test_ctrl_c_saves_and_resume_ends_with_the_uninterrupted_weights(tmp_path, labelled):
    epochs = 4
    condnet.train(labelled, tmp_path / "whole", epochs=epochs, batch=4, seed=2, quiet=True)

    def interrupt_soon(metrics):
        if metrics["epoch"] == 1:  # Ctrl-C arrives while the next epochs' steps run
            threading.Timer(0.01, os.kill, (os.getpid(), signal.SIGINT)).start()

    with pytest.raises(KeyboardInterrupt):
        condnet.train(labelled, tmp_path / "cut", epochs=epochs, batch=4, seed=2, quiet=True,
                      callback=interrupt_soon)
    done = (tmp_path / "cut" / "metrics.jsonl").read_text().splitlines()
    assert 1 <= len(done) < epochs, "the interrupt stopped the run early"
    assert (tmp_path / "cut" / "last.safetensors").exists()
    resumed = condnet.train(resume=tmp_path / "cut", quiet=True)
    assert resumed["end"] == "finished" and resumed["epochs"] == epochs
    whole, cut = weights(tmp_path / "whole"), weights(tmp_path / "cut")
    assert whole.keys() == cut.keys()
    for name in whole:
        assert bool((whole[name] == cut[name]).all()), name
