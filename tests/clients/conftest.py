"""Clients we did not write (tccli, aliyun-python-sdk-core) against the emulator.

They live in their own virtualenv, build/client-venv, created once from
tests/clients/requirements.txt by scripts/client-venv.sh (the first run needs PyPI).
The emulator runs in this process, so a test can move its signature clock and read
its state; each client runs as a child process, as a user would run it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pulumi_directory_users.testing import TENCENT_SECRET_ID, TENCENT_SECRET_KEY, EmulatorServer, FakeClouds

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
_TENCENT_ERROR = re.compile(r"\[TencentCloudSDKException\] code:(\S+) message:(.*?) requestId:")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "clients: third-party clients (tccli, aliyun-python-sdk-core) in build/client-venv"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.clients)


@pytest.fixture(scope="session")
def client_venv() -> Path:
    """build/client-venv, created on first use."""
    made = subprocess.run(
        ["bash", str(ROOT / "scripts" / "client-venv.sh")], capture_output=True, text=True, timeout=900
    )
    assert made.returncode == 0, f"scripts/client-venv.sh failed:\n{made.stderr[-3000:]}"
    return Path(made.stdout.strip())


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    """The emulator as the command line starts it: default keys, zone, directory and rate limits."""
    clouds = FakeClouds()
    clouds.faults.use_documented_rate_limits()
    with EmulatorServer(clouds) as server:
        yield server


@dataclass
class TccliResult:
    returncode: int
    output: Any  # the JSON answer on success
    code: str | None  # the TencentCloudSDKException code on failure
    message: str | None
    text: str


@dataclass
class Tccli:
    """The ``tccli`` command, pointed at the emulator with ``--endpoint http://HOST:PORT``."""

    venv: Path
    endpoint: str
    home: Path

    def __call__(
        self, action: str, *args: str, secret_key: str = TENCENT_SECRET_KEY, input_json: dict[str, Any] | None = None
    ) -> TccliResult:
        command = [str(self.venv / "bin" / "tccli"), "organization", action, "--endpoint", f"http://{self.endpoint}"]
        if input_json is not None:
            path = self.home / "input.json"
            path.write_text(json.dumps(input_json))
            command += ["--cli-input-json", f"file://{path}"]
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(self.home),  # no ~/.tccli profile of the machine
            "TENCENTCLOUD_SECRET_ID": TENCENT_SECRET_ID,
            "TENCENTCLOUD_SECRET_KEY": secret_key,
            "TENCENTCLOUD_REGION": "ap-guangzhou",
        }
        done = subprocess.run([*command, *args], capture_output=True, text=True, env=env, timeout=120)
        text = done.stdout + done.stderr
        if done.returncode == 0:
            return TccliResult(0, json.loads(done.stdout), None, None, text)
        error = _TENCENT_ERROR.search(text)
        return TccliResult(done.returncode, None, error and error[1], error and error[2], text)


@pytest.fixture
def tccli(client_venv: Path, emulator: EmulatorServer, tmp_path: Path) -> Tccli:
    return Tccli(client_venv, emulator.endpoint, tmp_path)


def run_probe(venv: Path, home: Path, script: str, *args: str) -> Any:
    """Run one of the probe scripts in the client virtualenv; its JSON outcomes."""
    done = subprocess.run(
        [str(venv / "bin" / "python"), str(HERE / script), *args],
        capture_output=True, text=True, timeout=300, env={"PATH": os.environ.get("PATH", ""), "HOME": str(home)},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)
