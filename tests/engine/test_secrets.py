"""Credentials never reach the stack's state; the initial password is kept only as a secret."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any, Iterator

import pytest

from pulumi_directory_users.testing import (
    ALICLOUD_ACCESS_KEY_ID,
    ALICLOUD_ACCESS_KEY_SECRET,
    TENCENT_SECRET_ID,
    TENCENT_SECRET_KEY,
)

from .harness import EngineStack, EngineWorkspace, TencentSdk

pytestmark = pytest.mark.engine

SECRET_SIG = "4dabf18193072939515e22adb298388d"  # marks a secret value in Pulumi's state format
CREDENTIALS = (TENCENT_SECRET_ID, TENCENT_SECRET_KEY, ALICLOUD_ACCESS_KEY_ID, ALICLOUD_ACCESS_KEY_SECRET)


def _strings(node: Any, in_secret: bool = False) -> Iterator[tuple[str, bool]]:
    """Every string in a JSON document, with whether it sits inside a secret envelope."""
    if isinstance(node, dict):
        secret = in_secret or SECRET_SIG in node
        for key, value in node.items():
            yield key, in_secret
            yield from _strings(value, secret)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item, in_secret)
    elif isinstance(node, str):
        yield node, in_secret
        if len(node) > 64:  # the pickled provider: base64 of a dill pickle
            try:
                yield base64.b64decode(node, validate=True).decode("latin-1"), in_secret
            except ValueError:
                pass


def _assert_state_is_clean(stack: EngineStack, password: str) -> None:
    # 1. `pulumi stack export --show-secrets` (what export_stack runs) decrypts secrets but keeps them marked.
    #    The engine itself records the whole stack config as the inputs of the default
    #    `pulumi:providers:pulumi-python` provider, so the credentials are there, as secrets (config set
    #    with secret=True); the pickled providers of the users must hold none of them.
    deployment = stack.stack.export_stack().deployment
    exported = list(_strings(deployment))
    for needle in (*CREDENTIALS, password):
        assert [s for s, secret in exported if needle in s and not secret] == [], "a secret outside a secret value"
    assert [s for s, secret in exported if password in s and secret], "the password should be kept, as a secret"
    for resource in deployment["resources"]:
        if resource["type"].endswith(":User"):
            blobs = list(_strings(resource))
            assert not [s for s, _ in blobs for c in CREDENTIALS if c in s], f"credential in {resource['urn']}"

    # 2. The files the file backend and the workspace keep on disk: nothing in plaintext at all.
    files = stack.state_files() + sorted(Path(stack.work_dir).glob("Pulumi.*.yaml"))
    assert any(p.name == "engine.json" for p in files), files
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        for needle in (*CREDENTIALS, password):
            assert needle not in text, f"{path.relative_to(stack.backend_dir.parent)} holds a secret in plaintext"


def test_state_keeps_no_credentials_and_the_initial_password_only_as_a_secret_also_after_refresh(
    workspace: EngineWorkspace, tencent: TencentSdk
) -> None:
    stack = workspace.example("tencentcloud")

    up = stack.up()

    output = stack.outputs()["initial_password"]
    password = output.value
    assert output.secret and isinstance(password, str) and len(password) >= 8
    assert password not in up.stdout and "initial_password: [secret]" in up.stdout
    assert tencent.user("alice") is not None
    _assert_state_is_clean(stack, password)

    refresh = stack.refresh()

    assert password not in refresh.stdout
    after = stack.outputs()["initial_password"]
    assert after.secret and after.value == password
    _assert_state_is_clean(stack, password)
    assert stack.stack.get_all_config()["tencentcloud:secretKey"].secret
