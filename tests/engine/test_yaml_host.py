"""The YAML language host from bootstrap: the real CLI runs a YAML project with plain commands in its directory.

No Automation API here: ``pulumi stack init``, ``config set``, ``preview``, ``up``, ``destroy`` and
``stack rm`` run as subprocesses in the project's directory, as a user would type them, so the CLI
has to find ``pulumi-language-yaml`` itself (``build/bin`` on PATH, from ``build/env.sh``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from .harness import AMBIENT_CLOUD_ENV, PASSPHRASE

pytestmark = pytest.mark.engine

# Config, a builtin function and interpolation, so the host (not the engine) computes the outputs.
PROGRAM = """\
name: yaml-host-check
runtime: yaml
config:
  greeting:
    type: string
variables:
  words:
    fn::split: [" ", "${greeting}"]
outputs:
  message: Hello, ${greeting}!
  firstWord: ${words[0]}
"""


@pytest.fixture
def yaml_project(pulumi_cli: str, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A YAML project directory and the CLI's environment: own Pulumi home and file backend."""
    if shutil.which("pulumi-language-yaml") is None:
        pytest.fail(
            "the YAML language host `pulumi-language-yaml` is not on PATH: run the engine tests with "
            "`bash scripts/test.sh` (bootstrap builds it into build/bin and build/env.sh puts that on PATH)",
            pytrace=False,
        )
    project = tmp_path / "project"
    project.mkdir()
    (project / "Pulumi.yaml").write_text(PROGRAM, encoding="utf-8")
    home, backend = tmp_path / "pulumi-home", tmp_path / "backend"
    home.mkdir()
    backend.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in AMBIENT_CLOUD_ENV}
    env.update(
        PULUMI_HOME=str(home),
        PULUMI_BACKEND_URL=backend.as_uri(),
        PULUMI_CONFIG_PASSPHRASE=PASSPHRASE,
        PULUMI_SKIP_UPDATE_CHECK="true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="true",
    )
    return project, env


def pulumi(project: Path, env: dict[str, str], *args: str) -> str:
    """Runs ``pulumi <args> --non-interactive`` in the project's directory; its stdout, or a failure with both streams."""
    result = subprocess.run(
        ["pulumi", *args, "--non-interactive", "--color", "never"],
        cwd=project, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, f"pulumi {' '.join(args)}:\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result.stdout


def test_a_yaml_project_runs_up_preview_destroy_in_its_directory(yaml_project: tuple[Path, dict[str, str]]) -> None:
    project, env = yaml_project
    pulumi(project, env, "stack", "init", "yaml")
    pulumi(project, env, "config", "set", "greeting", "brave new world")

    first_preview = pulumi(project, env, "preview")
    assert "+ 1 to create" in first_preview, first_preview

    up = pulumi(project, env, "up", "--yes", "--skip-preview")
    assert "+ 1 created" in up, up
    outputs = json.loads(pulumi(project, env, "stack", "output", "--json"))
    assert outputs == {"message": "Hello, brave new world!", "firstWord": "brave"}

    # --expect-no-changes makes the CLI itself fail the preview on any change.
    second_preview = pulumi(project, env, "preview", "--expect-no-changes")
    assert "1 unchanged" in second_preview, second_preview

    destroy = pulumi(project, env, "destroy", "--yes", "--skip-preview")
    assert "- 1 deleted" in destroy, destroy
    pulumi(project, env, "stack", "rm", "yaml", "--yes")
    assert json.loads(pulumi(project, env, "stack", "ls", "--json")) == []
