"""The wheel users install: built from this checkout, installed (not editable) into a fresh virtualenv."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = {
    "pulumi_directory_users.tencentcloud": ["User", "UserArgs"],
    "pulumi_directory_users.alicloud": ["User", "UserArgs"],
}

pytestmark = pytest.mark.packaging


def _run(*command: str | Path, cwd: Path = ROOT) -> str:
    done = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Without build isolation the build uses this environment's setuptools: no download needed.
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", out, ROOT)
    (built,) = out.glob("pulumi_directory_users-*.whl")
    return built


def test_the_wheel_ships_the_py_typed_marker(wheel: Path) -> None:
    listing = _run(sys.executable, "-m", "zipfile", "-l", wheel)
    assert "pulumi_directory_users/py.typed" in listing


def test_the_wheel_installs_into_a_clean_virtualenv_and_every_public_resource_imports(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    _run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel)
    # The dependencies come from this environment's site-packages, added as a plain path: its
    # .pth files (among them the editable install of this checkout) are not processed there.
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    (site / "zz-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    probe = textwrap.dedent(f"""
        import importlib, pathlib, sys
        import pulumi_directory_users
        location = pathlib.Path(pulumi_directory_users.__file__).resolve()
        assert location.is_relative_to(pathlib.Path({str(venv)!r}).resolve()), location
        assert (location.parent / "py.typed").is_file()
        for module, names in {PUBLIC!r}.items():
            loaded = importlib.import_module(module)
            for name in names:
                getattr(loaded, name)
        print("imported from", location.parent)
    """)
    assert "imported from" in _run(python, "-c", probe, cwd=tmp_path)
