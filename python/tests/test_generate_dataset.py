"""condnet.generate and condnet.Dataset against the command."""

import numpy as np
import pytest

import condnet
from conftest import run_condnet


def test_generate_is_deterministic_and_takes_the_families_options():
    a = condnet.generate("overlapping-spheres", 32, seed=5, porosity=0.6)
    b = condnet.generate("overlapping-spheres", (32, 32, 32), seed=5, porosity=0.6)
    c = condnet.generate("overlapping-spheres", 32, seed=6, porosity=0.6)
    assert a.dtype == np.uint8 and a.shape == (32, 32, 32)
    np.testing.assert_array_equal(a, b)
    assert (a != c).any()
    assert abs(a.mean() - 0.6) <= 0.01  # every family hits the porosity within 1%
    field = condnet.generate("gaussian-field", (24, 24, 48), seed=1, porosity=0.3,
                             correlation_length=3)  # _ for -
    assert field.shape == (24, 24, 48) and abs(field.mean() - 0.3) <= 0.01
    assert "foam" in condnet.families and "mix" in condnet.families


def test_generate_refuses_unknown_families_and_options_in_one_line():
    with pytest.raises(ValueError, match="unknown family; allowed: overlapping-spheres"):
        condnet.generate("honeycomb", 16)
    with pytest.raises(ValueError, match="--radiuss"):
        condnet.generate("overlapping-spheres", 16, radiuss=3)


def test_a_dataset_reads_as_the_command_wrote_and_labelled_it(tmp_path, condnet_binary):
    path = tmp_path / "d.h5"
    run_condnet("generate", "--family", "packed-spheres", "--size", "16", "--count", "6",
                "--seed", "11", "--quiet", "-o", path)
    run_condnet("label", path, "--quiet")
    ds = condnet.Dataset(path)
    assert len(ds) == 6 and ds.shape == (16, 16, 16) and ds.phases == 2
    assert ds.family == ["packed-spheres"] * 6
    assert len(ds.params) == 6 and ds.params[0]["family"] == "packed-spheres"
    assert set(ds.split) <= {"train", "val", "test"}
    stack = ds.volumes()
    assert stack.shape == (6, 16, 16, 16) and stack.dtype == np.uint8
    np.testing.assert_array_equal(stack[-1], ds[-1])
    train = ds.indices("train")
    np.testing.assert_array_equal(ds.volumes("train"), stack[train])
    labels = ds.labels()
    assert labels["d_eff"].shape == (6, 3) and labels["labelled"].all()
    for i in range(len(ds)):
        exact = condnet.solve(ds[i], axis="all")
        for a, axis in enumerate("xyz"):
            assert labels["d_eff"][i, a] == pytest.approx(exact[axis].D_eff, rel=1e-6)
    with pytest.raises(ValueError, match="sample 6 is out of range; the dataset holds 6"):
        ds[6]
    with pytest.raises(ValueError, match="split: unknown 'validation'"):
        ds.volumes("validation")
    with pytest.raises(FileNotFoundError, match="no-such.h5: no such file"):
        condnet.Dataset(tmp_path / "no-such.h5")
