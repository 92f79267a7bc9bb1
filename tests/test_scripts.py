"""The entry points CI and people run: `.ci/run` and `scripts/test.sh`."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_runs_exactly_the_test_script() -> None:
    commands = [line for line in (ROOT / ".ci" / "run").read_text().splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    assert commands[-1] == "exec bash scripts/test.sh"


def test_a_selection_that_matches_no_test_fails_the_run() -> None:
    # A mistyped -k must not look green: pytest's "no tests collected" (5) is passed through.
    run = subprocess.run(
        ["bash", "scripts/test.sh", "tests/test_diff.py", "-k", "no_test_is_called_like_this", "-q"],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "CI": "true"}, timeout=300,
    )
    assert run.returncode == 5, run.stdout + run.stderr
    assert "collected no tests for: tests/test_diff.py -k no_test_is_called_like_this -q" in run.stderr
