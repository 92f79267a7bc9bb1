"""Credentials never reach the stack's state; the initial password is kept only as a secret."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any, Iterator

import pytest

from pulumi_directory_users.testing import (
    ALICLOUD_ACCESS_KEY_ID,
    ALICLOUD_ACCESS_KEY_SECRET,
    TENCENT_SECRET_ID,
    TENCENT_SECRET_KEY,
)

from .harness import AlicloudSdk, EngineStack, EngineWorkspace, Form, TencentSdk

pytestmark = pytest.mark.engine

SECRET_SIG = "4dabf18193072939515e22adb298388d"  # marks a secret value in Pulumi's state format
CREDENTIALS = (TENCENT_SECRET_ID, TENCENT_SECRET_KEY, ALICLOUD_ACCESS_KEY_ID, ALICLOUD_ACCESS_KEY_SECRET)


def _strings(node: Any, in_secret: bool = False) -> Iterator[tuple[str, bool]]:
    """Every string in a JSON document, decoded, with whether it sits inside a secret envelope.

    A decrypted secret's ``plaintext`` is itself JSON (Go escapes ``&`` as ``\\u0026`` there), and
    the pickled provider is base64: both are decoded too, so a search cannot miss an escaped value.
    """
    if isinstance(node, dict):
        secret = in_secret or SECRET_SIG in node
        for key, value in node.items():
            yield key, in_secret
            yield from _strings(value, secret)
            if secret and key == "plaintext" and isinstance(value, str):
                yield from _strings(json.loads(value), True)
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


def _spellings(value: str) -> set[str]:
    """How a value may appear in a file or in the CLI's output: as is, JSON-escaped, HTML-safe escaped."""
    escaped = json.dumps(value)[1:-1]
    html_safe = escaped.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return {value, escaped, html_safe}


def _leaks(text: str, secrets: tuple[str, ...]) -> list[str]:
    return [spelling for secret in secrets for spelling in _spellings(secret) if spelling in text]


def _assert_state_is_clean(stack: EngineStack, password: str) -> None:
    # 1. `pulumi stack export --show-secrets` (what export_stack runs) decrypts secrets but keeps them marked.
    #    The engine itself records the whole stack config as the inputs of the default
    #    `pulumi:providers:pulumi-python` provider, so the credentials are there, as secrets (config set
    #    with secret=True); the pickled providers of the users must hold none of them.
    deployment = stack.stack.export_stack().deployment
    exported = list(_strings(deployment))
    for needle in (*CREDENTIALS, password):
        assert [s for s, secret in exported if needle in s and not secret] == [], "a secret outside a secret value"
    assert [s for s, secret in exported if s == password and secret], "the password should be kept, as a secret"
    for resource in deployment["resources"]:
        if resource["type"].endswith(":User"):
            blobs = list(_strings(resource))
            assert not [s for s, _ in blobs for c in CREDENTIALS if c in s], f"credential in {resource['urn']}"

    # 2. The files the file backend and the workspace keep on disk: nothing in plaintext at all.
    files = stack.state_files() + sorted(Path(stack.work_dir).glob("Pulumi.*.yaml"))
    assert any(p.name == "engine.json" for p in files), files
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        where = path.relative_to(stack.backend_dir.parent)
        assert _leaks(text, (*CREDENTIALS, password)) == [], f"{where} holds a secret in plaintext"
        if path.suffix == ".json":
            assert not [s for s, _ in _strings(json.loads(text)) for n in (*CREDENTIALS, password) if n in s], where


def assert_initial_password_stays_secret(stack: EngineStack, tencent: TencentSdk) -> None:
    """Alice's initial password, exported by the program: a secret output, never in plaintext, also after refresh."""
    up = stack.up()

    output = stack.outputs()["initial_password"]
    password = output.value
    assert output.secret and isinstance(password, str) and len(password) >= 8
    assert _leaks(up.stdout, (password,)) == [] and "initial_password: [secret]" in up.stdout
    assert tencent.user("alice") is not None
    _assert_state_is_clean(stack, password)

    refresh = stack.refresh()

    assert _leaks(refresh.stdout, (password,)) == []
    after = stack.outputs()["initial_password"]
    assert after.secret and after.value == password
    _assert_state_is_clean(stack, password)


def test_state_keeps_no_credentials_and_the_initial_password_only_as_a_secret_also_after_refresh(
    workspace: EngineWorkspace, tencent: TencentSdk
) -> None:
    stack = workspace.example("tencentcloud")
    assert_initial_password_stays_secret(stack, tencent)
    assert stack.stack.get_all_config()["tencentcloud:secretKey"].secret


PLAIN_PASSWORD = "Plain-Passw0rd!"  # passed as a plain string by the program
WRAPPED_PASSWORD = "Wrapped-Passw0rd!"  # passed as pulumi.Output.secret(...)


def _alibaba_users_with_passwords(form: Form) -> None:
    import pulumi

    from pulumi_directory_users.testing import ALICLOUD_DIRECTORY_ID

    form.alicloud.User("plain", directory_id=ALICLOUD_DIRECTORY_ID, user_name="plain", password=PLAIN_PASSWORD)
    form.alicloud.User("wrapped", directory_id=ALICLOUD_DIRECTORY_ID, user_name="wrapped",
                       password=pulumi.Output.secret(WRAPPED_PASSWORD))


def test_an_alibaba_password_plain_or_secret_in_the_program_is_stored_only_encrypted(
    workspace: EngineWorkspace, form: Form, alicloud: AlicloudSdk
) -> None:
    stack = workspace.stack(lambda: _alibaba_users_with_passwords(form), "directory-users-alibaba-passwords",
                            form=form)

    up = stack.up()

    assert {u["UserName"] for u in alicloud.users()} == {"plain", "wrapped"}
    passwords = (PLAIN_PASSWORD, WRAPPED_PASSWORD)
    assert _leaks(up.stdout, passwords) == []
    # The exported state: each password only inside secret values (decrypted by --show-secrets), and there.
    exported = list(_strings(stack.stack.export_stack().deployment))
    for password in passwords:
        assert [s for s, secret in exported if password in s and not secret] == [], f"{password} outside a secret"
        assert [s for s, secret in exported if s == password and secret], f"{password} should be kept, as a secret"
    # The backend's files and the stack settings: no plaintext at all.
    files = stack.state_files() + sorted(Path(stack.work_dir).glob("Pulumi.*.yaml"))
    assert any(p.name == "engine.json" for p in files), files
    hits = {str(p.relative_to(stack.backend_dir.parent)): _leaks(p.read_text(encoding="utf-8", errors="replace"),
                                                               passwords) for p in files}
    assert {where: found for where, found in hits.items() if found} == {}
