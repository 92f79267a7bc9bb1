"""Fixtures of the engine tests: the real Pulumi CLI, a fresh emulator per test, isolated stacks.

Run them with ``bash scripts/test.sh`` (or ``bash scripts/test.sh -m engine``): it bootstraps
the CLI and our dynamic-provider plugin into ``build/bin`` and sources ``build/env.sh``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Iterator

import pytest

from pulumi import automation as auto

from . import zone_source
from .harness import AMBIENT_CLOUD_ENV, FORMS, AlicloudSdk, Emulator, EngineWorkspace, Form, TencentSdk, module_root

_RUN_ME = "run the engine tests with `bash scripts/test.sh` (it builds the CLI and sources build/env.sh)"


@pytest.fixture(scope="session")
def pulumi_cli() -> str:
    """The Pulumi CLI and our provider plugin on PATH; a clear failure (never a skip) otherwise."""
    cli = shutil.which("pulumi")
    if cli is None:
        pytest.fail(f"the `pulumi` CLI is not on PATH: {_RUN_ME}", pytrace=False)
    if shutil.which("pulumi-resource-pulumi-python") is None:
        pytest.fail(f"the plugin `pulumi-resource-pulumi-python` is not on PATH: {_RUN_ME}", pytrace=False)
    return cli


@pytest.fixture(scope="session")
def pulumi_command(pulumi_cli: str) -> auto.PulumiCommand:
    """The CLI for the Automation API, its version checked once per session."""
    return auto.PulumiCommand()


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[Emulator]:
    """A fresh emulator of both clouds on a free port, stopped when the test ends."""
    server = Emulator(tmp_path / "emulator").start()
    try:
        yield server
    finally:
        server.stop()
    assert not server.running


@pytest.fixture
def workspace(
    pulumi_command: auto.PulumiCommand, emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> EngineWorkspace:
    """Makes stacks with their own PULUMI_HOME, file backend and passphrase secrets."""
    for name in AMBIENT_CLOUD_ENV:
        monkeypatch.delenv(name, raising=False)
    helper_root = module_root(zone_source.__name__, zone_source.__file__)
    return EngineWorkspace(tmp_path / "pulumi", emulator, (helper_root,), pulumi_command)


@pytest.fixture
def tencent(emulator: Emulator) -> TencentSdk:
    """The emulator's Tencent Identity Center, through the official SDK (seeded zone)."""
    return TencentSdk(emulator.endpoint)


@pytest.fixture
def alicloud(emulator: Emulator) -> AlicloudSdk:
    """The emulator's Alibaba CloudSSO, through the official SDK (seeded directory)."""
    return AlicloudSdk(emulator.endpoint)


@pytest.fixture(params=FORMS, ids=str)
def form(request: pytest.FixtureRequest, pulumi_cli: str) -> Form:
    """Each form of the resources in turn: the dynamic classes, then the native ones on the plugin."""
    if request.param.name == "native" and shutil.which("pulumi-resource-directory-users") is None:
        pytest.fail(f"the plugin `pulumi-resource-directory-users` is not on PATH: {_RUN_ME}", pytrace=False)
    return request.param
