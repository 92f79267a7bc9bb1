"""The committed public modules are what the generator makes from the specs today."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pulumi_directory_users import codegen


def test_every_generated_file_is_current() -> None:
    # On failure: run `python -m pulumi_directory_users.codegen` and commit what it writes.
    assert codegen.stale_files() == []


def test_the_check_names_a_file_that_is_not_current_and_a_missing_one(tmp_path: Path) -> None:
    for path in codegen.generated_files():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(codegen.PACKAGE_DIR / path, tmp_path / path)
    assert codegen.stale_files(tmp_path) == []
    edited = tmp_path / "alicloud.py"
    edited.write_text(edited.read_text().replace("Up to 1024 characters.", "Up to 2048 characters.", 1))
    (tmp_path / "native" / "provider.py").unlink()
    assert codegen.stale_files(tmp_path) == ["alicloud.py", "native/provider.py"]


def test_check_mode_exits_zero_when_current_and_writes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert codegen.main(["--check"]) == 0
    assert capsys.readouterr().out == ""


def test_generated_files_name_their_generator_and_are_valid_python() -> None:
    for path, text in codegen.generated_files().items():
        assert "python -m pulumi_directory_users.codegen" in text, path
        compile(text, path, "exec")
