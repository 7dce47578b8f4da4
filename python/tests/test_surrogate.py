"""condnet.Surrogate: the same answers, intervals and flags as `condnet predict`; PyTorch
gives the same prediction from the same checkpoint."""

import json
import sys

import numpy as np
import pytest

import condnet
from conftest import REPOSITORY, condnet_json, run_condnet

FAST_48 = REPOSITORY / "models" / "pretrained" / "fast-48"


@pytest.fixture(scope="module")
def ensemble():
    return condnet.Surrogate()  # the recommended shipped ensemble


@pytest.fixture(scope="module")
def volume48():
    return condnet.generate("overlapping-spheres", 48, seed=2, porosity=0.55)


def test_the_default_is_the_recommended_shipped_ensemble(ensemble):
    assert ensemble.path == condnet.recommended_model()
    assert ensemble.path.endswith("ensemble-48")
    assert ensemble.members == 5 and ensemble.input_edge == 48
    assert ensemble.interval_coverage == pytest.approx(0.9)
    calibration = ensemble.interval_calibration
    assert len(calibration["held_out"]["families"]) == 9
    assert calibration["scale"] == max(calibration["val_scale"], calibration["held_out"]["scale"])
    assert condnet.Surrogate(FAST_48).interval_calibration is None  # one network: no intervals


def test_answers_equal_the_commands_with_ordered_intervals(tmp_path, ensemble, volume48,
                                                           condnet_binary):
    condnet.write_volume(tmp_path / "v.npy", volume48)
    mine = ensemble.predict(volume48)
    theirs = condnet_json("predict", tmp_path / "v.npy")["results"][0]
    assert mine["d_eff"] == pytest.approx(theirs["d_eff"], rel=1e-6)
    assert mine["tau"] == pytest.approx(theirs["tau"], rel=1e-6)
    assert mine["surrogate"]["d_eff_std"] == pytest.approx(theirs["surrogate"]["d_eff_std"],
                                                           rel=1e-5)
    assert np.allclose(mine["surrogate"]["d_eff_interval"], theirs["surrogate"]["d_eff_interval"],
                       rtol=1e-5)
    for key in ("eps", "spanning_fraction", "source", "handover", "tiles", "shape"):
        assert mine[key] == theirs[key], key
    for a in range(3):
        lo, hi = mine["surrogate"]["d_eff_interval"][a]
        assert lo <= mine["d_eff"][a] <= hi
        assert mine["surrogate"]["d_eff_std"][a] >= 0
    from_path = ensemble.predict(tmp_path / "v.npy")
    assert from_path["file"] == str(tmp_path / "v.npy") and from_path["d_eff"] == mine["d_eff"]


def test_a_batch_gives_one_answer_per_volume(ensemble, volume48):
    other = condnet.generate("gaussian-field", 48, seed=4, porosity=0.5)
    answers = ensemble.predict(np.stack([volume48, other]))
    assert len(answers) == 2
    assert answers[1]["d_eff"] == ensemble.predict(other)["d_eff"]
    assert len(ensemble.predict([volume48, other, volume48])) == 3


def test_a_blocked_axis_is_exactly_zero(ensemble):
    volume = condnet.generate("overlapping-spheres", 48, seed=9, porosity=0.6)
    volume[20, :, :] = 0
    answer = ensemble.predict(volume)
    assert answer["d_eff"][0] == 0 and answer["tau"][0] is None
    assert answer["surrogate"]["d_eff_interval"][0] == [0, 0]


def test_a_foreign_input_is_flagged_and_the_solver_answers_it(ensemble):
    volume = np.zeros((48, 48, 48), dtype=np.uint8)
    volume[:, 20:24, 20:24] = 1  # one straight channel in solid
    flagged = ensemble.predict(volume)
    assert flagged["handover"][0] is not None and flagged["source"][0] == "surrogate"
    solved = ensemble.predict(volume, fallback="solve")
    assert solved["source"][0] == "solver"
    assert solved["d_eff"][0] == pytest.approx(condnet.solve(volume, axis="x").D_eff, rel=1e-12)


def test_bad_requests_raise_one_line(ensemble):
    with pytest.raises(ValueError, match="smaller than the model's 48\\^3 input"):
        ensemble.predict(np.ones((32, 48, 48), dtype=np.uint8))
    with pytest.raises(ValueError, match="fallback: unknown fallback 'maybe'; allowed: none, solve"):
        ensemble.predict(np.ones((48, 48, 48), dtype=np.uint8), fallback="maybe")
    with pytest.raises(FileNotFoundError, match="no such run directory or checkpoint"):
        condnet.Surrogate("/nonexistent/run")
    with pytest.raises(ValueError, match="precision: unknown 'fp8'"):
        condnet.Surrogate(precision="fp8")
    with pytest.raises(ValueError, match="device: unknown device 'gpu' \\(allowed: reference, cpu, cpu:<CPUs>"):
        condnet.Surrogate(FAST_48, device="gpu")
    with pytest.raises(ValueError, match="device cpu:3-1: '3-1' has a range that runs backwards"):
        condnet.Surrogate(FAST_48, device="cpu:3-1")


def test_a_volume_of_voxels_that_are_not_cubic_is_refused(tmp_path, ensemble, volume48,
                                                          condnet_binary):
    condnet.write_volume(tmp_path / "v.npy", volume48)
    run_condnet("convert", tmp_path / "v.npy", "--spacing", "1,1,2", tmp_path / "v.tif")
    with pytest.raises(ValueError, match="volume: voxel spacing 1,1,2 is not cubic, and the "
                                         "surrogate learned cubic voxels; condnet solve"):
        ensemble.predict(str(tmp_path / "v.tif"))


def test_pytorch_gives_the_same_prediction_from_the_same_checkpoint(volume48):
    torch = pytest.importorskip("torch")
    sys.path.insert(0, str(REPOSITORY / "tests" / "train"))
    from pytorch_load_checkpoint import read_safetensors
    from pytorch_reference import Model

    metadata, tensors = read_safetensors(FAST_48 / "best.safetensors")
    spec = json.loads(metadata["model"])
    spec["input"] = [1, 48, 48, 48]
    model = Model(spec, 1)
    model.eval()
    x = torch.from_numpy((volume48 == 1).astype(np.float32))[None, None]
    with torch.no_grad():
        model(x)
        model.load_state_dict({"layers." + k: t for k, t in tensors.items()
                               if not k.startswith("optimizer.")}, strict=False)
        ratio = torch.sigmoid(model(x))[0].numpy()
    answer = condnet.Surrogate(FAST_48).predict(volume48)
    eps = float((volume48 == 1).mean())
    np.testing.assert_allclose(answer["d_eff"], eps * ratio, rtol=1e-4)
