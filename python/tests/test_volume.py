"""read_volume, write_volume, stats and how arrays reach the library."""

import numpy as np
import pytest

import condnet
from condnet import _condnet
from conftest import condnet_json


def test_a_c_contiguous_uint8_or_bool_array_is_used_in_place_others_are_copied(porous):
    assert _condnet._volume_info(porous)["borrowed"]
    assert _condnet._volume_info(porous.astype(bool))["borrowed"]
    assert not _condnet._volume_info(np.asfortranarray(porous))["borrowed"]
    assert not _condnet._volume_info(porous.astype(np.int64))["borrowed"]
    assert not _condnet._volume_info(porous[::2, :, :])["borrowed"]  # strided view


def test_npy_and_tiff_round_trip_with_values_as_given(tmp_path):
    values = np.zeros((6, 7, 8), dtype=np.uint16)
    values[2:, :, 3:] = 300  # not a uint8 label: the file keeps the user's value
    for name in ("v.npy", "v.tif"):
        condnet.write_volume(tmp_path / name, values)
        back = condnet.read_volume(tmp_path / name)
        assert back.shape == values.shape
        np.testing.assert_array_equal(back, values)


def test_crop_by_text_and_by_slices(tmp_path, porous):
    condnet.write_volume(tmp_path / "p.npy", porous)
    by_text = condnet.read_volume(tmp_path / "p.npy", crop="2:12,:10,30:")
    by_slices = condnet.read_volume(str(tmp_path / "p.npy"),
                                    crop=(slice(2, 12), slice(None, 10), slice(30, None)))
    np.testing.assert_array_equal(by_text, porous[2:12, :10, 30:])
    np.testing.assert_array_equal(by_slices, porous[2:12, :10, 30:])


def test_stats_are_the_commands(tmp_path, porous, condnet_binary):
    condnet.write_volume(tmp_path / "p.npy", porous)
    mine = condnet.stats(porous, phase=1)
    theirs = condnet_json("stats", tmp_path / "p.npy", "--phase", "1")
    assert mine["phases"] == theirs["phases"]
    assert mine["phase_stats"] == theirs["phase_stats"]
    assert mine["phase_stats"][0]["volume_fraction"] == pytest.approx(porous.mean())


def test_bad_inputs_raise_with_one_line_naming_what(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing-here.tif: no such file"):
        condnet.read_volume(tmp_path / "nothing-here.tif")
    with pytest.raises(ValueError, match="2 dimensions; a volume has 3"):
        condnet.stats(np.zeros((4, 4), dtype=np.uint8))
    with pytest.raises(ValueError, match="dtype float64 is not a phase image"):
        condnet.stats(np.zeros((4, 4, 4)))
    with pytest.raises(ValueError, match="phase 7 is not present; the volume holds 0, 1"):
        condnet.stats(np.eye(4, dtype=np.uint8)[None].repeat(4, 0), phase=7)
    with pytest.raises(ValueError, match="crop: each of the three items must be a slice"):
        condnet.read_volume(tmp_path / "p.npy", crop=(1, 2, 3))
