"""condnet.solve against physics with known answers, against the command, across dtypes and
memory orders; errors, the GIL and Ctrl-C."""

import os
import signal
import threading
import time

import numpy as np
import pytest

import condnet
from conftest import condnet_json


def test_straight_channels_conduct_their_area_fraction_with_tau_one():
    volume = np.zeros((20, 12, 12), dtype=np.uint8)
    volume[:, 2:5, 3:9] = 1  # an 3x6 channel along x in solid
    r = condnet.solve(volume, phase=1, axis="x")
    assert r.D_eff == pytest.approx(18 / 144, rel=1e-6)
    assert r.tau == pytest.approx(1.0, rel=1e-6)
    assert r.macmullin == pytest.approx(144 / 18, rel=1e-6)
    assert r.percolating and r.converged and r.residual <= 1e-6


def test_layers_in_series_give_the_harmonic_mean():
    volume = np.zeros((16, 8, 8), dtype=np.uint8)
    volume[8:] = 1  # half the length conducts with 1, half with 0.25
    r = condnet.solve(volume, conductivities={0: 0.25, 1: 1.0}, axis="x")
    assert r.D_eff == pytest.approx(1 / (0.5 / 0.25 + 0.5 / 1.0), rel=1e-6)
    along = condnet.solve(volume, conductivities={0: 0.25, 1: 1.0}, axis="y")
    assert along.D_eff == pytest.approx(0.5 * 0.25 + 0.5 * 1.0, rel=1e-6)  # in parallel


def test_a_blocked_axis_is_exactly_zero_with_tau_infinite(blocked_along_x):
    results = condnet.solve(blocked_along_x, axis="all")
    assert set(results) == {"x", "y", "z"}
    assert results["x"].D_eff == 0 and results["x"].tau == float("inf")
    assert not results["x"].percolating and results["x"].iterations == 0
    assert results["y"].D_eff > 0.9


def test_the_same_numbers_as_the_command(tmp_path, porous, condnet_binary):
    condnet.write_volume(tmp_path / "p.npy", porous)
    theirs = condnet_json("solve", tmp_path / "p.npy", "--phase", "1", "--axis", "all")["axes"]
    mine = condnet.solve(porous, axis="all")
    for axis, reference in zip("xyz", theirs):
        assert mine[axis].D_eff == pytest.approx(reference["d_eff"], rel=1e-9)
        assert mine[axis].tau == pytest.approx(reference["tau"], rel=1e-9)
        assert mine[axis].to_dict()["iterations"] == reference["iterations"]


def test_anisotropic_spacing_matches_the_command_and_the_file(tmp_path, porous, condnet_binary):
    spaced = condnet.solve(porous, axis="all", spacing=(1, 1, 2.5))
    unit = condnet.solve(porous, axis="all")
    condnet.write_volume(tmp_path / "p.npy", porous)
    theirs = condnet_json("solve", tmp_path / "p.npy", "--phase", "1", "--axis", "all",
                          "--spacing", "1,1,2.5")["axes"]
    for axis, reference in zip("xyz", theirs):
        assert spaced[axis].D_eff == pytest.approx(reference["d_eff"], rel=1e-9)
        assert reference["spacing"] == [1, 1, 2.5]
        assert abs(spaced[axis].D_eff - unit[axis].D_eff) > 0.01 * unit[axis].D_eff
    # Only ratios matter: one number is the unit spacing scaled.
    assert condnet.solve(porous, axis="z", spacing=3).D_eff == pytest.approx(unit["z"].D_eff,
                                                                           rel=1e-9)
    with pytest.raises(ValueError, match="spacing: 2 values; allowed"):
        condnet.solve(porous, spacing=(1, 2))
    with pytest.raises(ValueError, match="spacing: spacing 1,0,1 has an edge of 0"):
        condnet.solve(porous, spacing=(1, 0, 1))


def test_the_tensor_of_a_laminate_and_the_command(tmp_path, condnet_binary):
    volume = np.ones((8, 6, 5), dtype=np.uint8)
    volume[2:5] = 0  # 3 of 8 layers normal to x conduct with 0.25
    t = condnet.tensor(volume, conductivities={0: 0.25, 1: 1.0})
    harmonic, arithmetic = 1 / (5 / 8 + 3 / 8 / 0.25), 5 / 8 + 3 / 8 * 0.25
    np.testing.assert_allclose(np.array(t["d_eff"]),
                               np.diag([harmonic, arithmetic, arithmetic]), atol=1e-6)
    assert t["converged"] and t["eigenvalues"][0] == pytest.approx(harmonic, rel=1e-6)
    condnet.write_volume(tmp_path / "l.npy", volume)
    theirs = condnet_json("solve", tmp_path / "l.npy", "--conductivities", "0:0.25,1:1",
                          "--tensor")["tensor"]
    np.testing.assert_allclose(t["d_eff"], theirs["d_eff"], rtol=1e-12, atol=1e-15)


def test_a_rev_study_of_a_lattice_of_channels_and_the_command(tmp_path, condnet_binary):
    volume = np.zeros((32, 32, 32), dtype=np.uint8)
    volume[:, 1::4, 2::4] = 1  # channels along x, one cell in 16: 1/16 in every sub-cube
    study = condnet.rev(volume, axis="x", sizes=[8, 16], positions=4)
    assert [e["edge"] for e in study["edges"]] == [8, 16]
    for edge in study["edges"]:
        assert edge["axes"]["x"]["d_eff"] == pytest.approx([1 / 16] * 4, rel=1e-6)
    assert study["rev"] == {"x": 8}
    condnet.write_volume(tmp_path / "c.npy", volume)
    theirs = condnet_json("rev", tmp_path / "c.npy", "--phase", "1", "--axis", "x", "--sizes",
                          "8,16", "--positions", "4", "--quiet")
    assert theirs["edges"][1]["corners"] == study["edges"][1]["corners"]
    with pytest.raises(ValueError, match="--sizes: 8 after 16; allowed: ascending"):
        condnet.rev(volume, sizes=[16, 8])


def test_every_dtype_and_memory_order_gives_the_same_answer(porous):
    reference = condnet.solve(porous, axis="z").D_eff
    variants = {
        "bool": porous.astype(bool),
        "int64": porous.astype(np.int64),
        "int8": porous.astype(np.int8),
        "fortran uint8": np.asfortranarray(porous),
        "fortran int32": np.asfortranarray(porous.astype(np.int32)),
        "big-endian uint16": porous.astype(">u2"),
        "strided view": np.concatenate([porous, porous], axis=2)[:, :, ::2][:, :, :40],
    }
    for name, volume in variants.items():
        if name == "strided view":
            assert not volume.flags.c_contiguous
            expected = condnet.solve(np.ascontiguousarray(volume), axis="z").D_eff
        else:
            expected = reference
        assert condnet.solve(volume, axis="z").D_eff == pytest.approx(expected, rel=1e-9), name
    # a phase named by its value, not a label: 300 conducts
    relabelled = np.where(porous == 1, 300, 7).astype(np.uint16)
    assert condnet.solve(relabelled, phase=300, axis="z").D_eff == pytest.approx(reference,
                                                                                rel=1e-9)


def test_the_potential_field(porous):
    r = condnet.solve(porous, axis="x", field=True)
    assert r.field.dtype == np.float32 and r.field.shape == porous.shape
    active = ~np.isnan(r.field)
    assert not active[porous == 0].any()  # NaN off the conducting paths
    assert np.nanmax(r.field[0]) <= 1 and np.nanmin(r.field[-1]) >= 0
    assert np.nanmean(r.field[0]) > np.nanmean(r.field[-1])
    assert condnet.solve(porous, axis="x").field is None


def test_a_path_works_like_the_array(tmp_path, porous):
    condnet.write_volume(tmp_path / "p.tif", porous)
    assert condnet.solve(tmp_path / "p.tif", axis="y").D_eff == pytest.approx(
        condnet.solve(porous, axis="y").D_eff, rel=1e-12)


def test_bad_requests_raise_one_line_naming_the_argument(porous):
    with pytest.raises(ValueError, match="axis: .*'w'"):
        condnet.solve(porous, axis="w")
    with pytest.raises(ValueError, match="phase 4 is not present"):
        condnet.solve(porous, phase=4)
    with pytest.raises(ValueError, match="conductivities: conductivity -1 of phase 0 must be"):
        condnet.solve(porous, conductivities={0: -1, 1: 1})
    with pytest.raises(ValueError, match="phase and conductivities exclude each other"):
        condnet.solve(porous, phase=1, conductivities={1: 1})
    with pytest.raises(ValueError, match="sides: unknown 'open'; allowed: noflux, periodic"):
        condnet.solve(porous, sides="open")
    with pytest.raises(ValueError, match="tol: 2 must be in"):
        condnet.solve(porous, tol=2)
    with pytest.raises(ValueError, match="max_memory: this solve needs an estimated .* more than "
                                         "the limit max_memory 1K .*; set the limit with "
                                         "max_memory=\"16G\", or crop the volume"):
        condnet.solve(porous, max_memory="1K")
    with pytest.raises(ValueError, match="max_memory lots: expected a memory size > 0"):
        condnet.solve(porous, max_memory="lots")
    with pytest.raises(FileNotFoundError, match="missing.npy: no such file") as missing:
        condnet.solve("missing.npy")
    assert "\n" not in str(missing.value)


def slow_volume():
    """A solve of several seconds: 96^3 with the plain Jacobi-CG to a tight tolerance."""
    return condnet.generate("gaussian-field", 96, seed=1, porosity=0.35)


def test_the_gil_is_released_while_solving():
    volume = slow_volume()
    done = threading.Event()
    result = {}

    def work():
        result["r"] = condnet.solve(volume, axis="x", solver="jacobi_cg", tol=1e-5)
        done.set()

    thread = threading.Thread(target=work)
    ticks = 0
    thread.start()
    time.sleep(0.05)
    while not done.is_set():  # Python keeps running beside the solve
        ticks += 1
    thread.join()
    assert result["r"].D_eff > 0
    assert ticks > 10_000


def test_ctrl_c_stops_a_long_solve_with_keyboard_interrupt():
    volume = slow_volume()
    # A tolerance no solver reaches: the plain CG runs to max_iterations, hours on this volume.
    endless = dict(axis="x", solver="jacobi_cg", tol=1e-300, max_iterations=10**8)
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT))
    start = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        condnet.solve(volume, **endless)
    timer.join()
    assert time.monotonic() - start < 30
    assert condnet.solve(volume, axis="x").D_eff > 0  # and the next call works
