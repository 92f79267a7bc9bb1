"""The README's first command: the demo runs the root project end to end and leaves nothing behind."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from .harness import AMBIENT_CLOUD_ENV, ROOT

pytestmark = pytest.mark.engine


def test_the_demo_creates_previews_clean_destroys_and_stops_everything(pulumi_cli: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in AMBIENT_CLOUD_ENV}
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "demo.py")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    out = result.stdout

    assert result.returncode == 0, f"stdout:\n{out}\nstderr:\n{result.stderr}"
    assert "demo: project 'directory-users-demo', program examples/team/__main__.py" in out
    for expected in (
        "+ 7 created",
        "demo: second preview: no changes (7 unchanged)",
        "- 7 deleted",
        "demo: stack 'demo' removed",
        "demo: emulator stopped",
        "demo: OK: created, previewed with no changes, destroyed; nothing left running",
    ):
        assert expected in out, f"missing {expected!r} in:\n{out}"
    assert re.search(r"^  tencent_user_id = u-[0-9a-z]+$", out, re.M), out
    assert re.search(r"^  alibaba_user_id = u-[0-9a-z]+$", out, re.M), out
    assert re.search(r"^  tencent_group_id = g-[0-9a-z]+$", out, re.M), out
    assert re.search(r"^  alibaba_group_id = g-[0-9a-z]+$", out, re.M), out

    # Nothing left behind: the emulator's port is closed and the temporary directory is gone.
    port = int(re.search(r"listening on 127\.0\.0\.1:(\d+)", out).group(1))  # type: ignore[union-attr]
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    workdir = re.search(r"created in (\S+);", out).group(1)  # type: ignore[union-attr]
    assert not Path(workdir).exists()
