"""`condnet solve --field out.vti` read back by VTK (the volume's extent, spacing, phases and
potential where condnet's .npy has them), and `--slices` read back by Pillow."""

import numpy as np
import pytest

import condnet
from conftest import run_condnet


def test_the_vti_is_what_vtk_reads(tmp_path, porous, condnet_binary):
    vtk = pytest.importorskip("vtk", reason="VTK's Python module (python3-vtk9) is not installed")
    from vtk.util.numpy_support import vtk_to_numpy

    volume = porous[:, :30, :20]  # unequal extents: the axes cannot be confused
    condnet.write_volume(tmp_path / "v.npy", volume)
    run_condnet("solve", tmp_path / "v.npy", "--phase", "1", "--axis", "y", "--spacing",
                "1,2,0.5", "--field", tmp_path / "f.vti")
    run_condnet("solve", tmp_path / "v.npy", "--phase", "1", "--axis", "y", "--spacing",
                "1,2,0.5", "--field", tmp_path / "f.npy")
    reader = vtk.vtkXMLImageDataReader()
    reader.SetFileName(str(tmp_path / "f.vti"))
    reader.Update()
    image = reader.GetOutput()
    assert image.GetDimensions() == (41, 31, 21)  # points: one more than cells per axis
    assert image.GetSpacing() == (1.0, 2.0, 0.5)
    cells = image.GetCellData()

    def array(name):  # VTK orders cells with x fastest
        return vtk_to_numpy(cells.GetArray(name)).reshape(20, 30, 40).transpose(2, 1, 0)

    np.testing.assert_array_equal(array("phase"), volume)
    potential = np.load(tmp_path / "f.npy")
    np.testing.assert_array_equal(np.isnan(array("potential")), np.isnan(potential))
    np.testing.assert_array_equal(array("potential")[~np.isnan(potential)],
                                  potential[~np.isnan(potential)])
    current = array("current_density")
    assert (current[volume == 0] == 0).all() and current[volume == 1].max() > 0


def test_the_slices_are_images_of_the_mid_planes(tmp_path, porous, condnet_binary):
    image_module = pytest.importorskip("PIL.Image",
                                       reason="Pillow (python3-pil) is not installed")
    condnet.write_volume(tmp_path / "v.npy", porous)  # 40^3
    run_condnet("solve", tmp_path / "v.npy", "--phase", "1", "--axis", "x", "--spacing",
                "1,1,2", "--slices", tmp_path / "slices", "--field", tmp_path / "f.npy")
    names = sorted(p.name for p in (tmp_path / "slices").iterdir())
    assert names == sorted(f"{field}_along-x_{plane}-mid.png"
                           for field in ("potential", "current") for plane in "xyz")
    # Normal to y: x down, z across; 40 voxels become 256 / 40 -> 6.4 pixels, z's twice that.
    with image_module.open(tmp_path / "slices" / "potential_along-x_y-mid.png") as png:
        assert png.mode == "RGB" and png.size == (40 * 13, 40 * 6)
        pixels = np.asarray(png)
    off_paths = np.isnan(np.load(tmp_path / "f.npy")[:, 20, :])  # the plane y = 20
    grey = (pixels == 160).all(axis=2)
    np.testing.assert_array_equal(grey[::6, ::13], off_paths)
    assert off_paths.any() and not off_paths.all()
    # The potential falls from 1 (yellow) at x = 0 to 0 (purple) at the far face.
    top = pixels[:6][~grey[:6]].mean(axis=0)
    bottom = pixels[-6:][~grey[-6:]].mean(axis=0)
    assert top[0] > 150 and bottom[0] < 100  # red: high in yellow, low in purple
