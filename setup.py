"""`pip install .`: condnet's Python module (docs/python.md).

Builds the extension with CMake — the same build as `make build`, tests left out — and installs
the package (python/condnet) with the shipped models (models/, so that condnet.Surrogate()
answers without training). Offline: nothing is fetched; the Debian packages of
scripts/install-deps.sh provide the compiler, the libraries, pybind11 and setuptools. On Debian
and Ubuntu install into a virtual environment that sees those packages:

    scripts/install-deps.sh
    python3 -m venv --system-site-packages ~/condnet-env
    ~/condnet-env/bin/pip install .

There is deliberately no pyproject.toml: with one, pip builds in an isolated environment whose
setuptools it downloads, which an offline machine cannot do.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def version():
    text = (ROOT / "CMakeLists.txt").read_text()
    return re.search(r"project\(condnet VERSION ([0-9.]+)", text).group(1)


class CMakeBuild(build_ext):
    """Configures and builds the _condnet target, then copies it where setuptools wants it."""

    def build_extension(self, ext):
        build = Path(self.build_temp).resolve() / "cmake"
        configure = ["cmake", "-S", str(ROOT), "-B", str(build), "-G", "Ninja",
                     "-DCMAKE_BUILD_TYPE=Release", "-DCONDNET_TESTS=OFF", "-DCONDNET_PYTHON=ON",
                     f"-DPython3_EXECUTABLE={sys.executable}"]
        subprocess.run(configure, check=True)
        jobs = str(len(os.sched_getaffinity(0)))
        subprocess.run(["cmake", "--build", str(build), "--target", "_condnet", "-j", jobs],
                       check=True)
        built = sorted((build / "python" / "condnet").glob("_condnet*.so"))
        if not built:
            raise RuntimeError(f"{build}: the build made no _condnet module")
        target = Path(self.get_ext_fullpath(ext.name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built[0], target)


class BuildWithModels(build_py):
    """The package's Python files, and models/ (architectures and shipped weights) inside it."""

    def run(self):
        super().run()
        models = Path(self.build_lib) / "condnet" / "models"
        shutil.rmtree(models, ignore_errors=True)
        shutil.copytree(ROOT / "models", models, ignore=shutil.ignore_patterns("*.sh"))


setup(
    name="condnet",
    version=version(),
    description="Effective conductivity and tortuosity factor of 3-D microstructures: "
                "finite-volume solver and CNN surrogate",
    packages=["condnet"],
    package_dir={"condnet": "python/condnet"},
    package_data={"condnet": ["*.pyi", "py.typed"]},
    ext_modules=[Extension("condnet._condnet", sources=[])],
    cmdclass={"build_ext": CMakeBuild, "build_py": BuildWithModels},
    python_requires=">=3.9",
    install_requires=[],  # numpy: Debian's python3-numpy, seen through --system-site-packages
    zip_safe=False,
    options={"build": {"build_base": "build-pip"}},  # beside make's build/, also ignored by git
)
