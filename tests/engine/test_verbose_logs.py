"""What `pulumi up -v=N --logtostderr` shows of secrets, and what our side guarantees about it.

At -v=9 the engine logs every property value it marshals or unmarshals, the plaintext of
secrets included: a secret the engine handles is in those logs whatever we do. Our side
guarantees that nothing we write carries a secret at any level, that credentials taken from the
environment never reach the engine at all, and that below -v=9 no secret of our resources
appears (unless the program exports it: the SDK's debug log of the stack's outputs shows them).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterator

import pulumi
import pytest
from pulumi import automation as auto

from pulumi_directory_users.testing import ALICLOUD_DIRECTORY_ID, TENCENT_ZONE_ID

from .harness import AMBIENT_CLOUD_ENV, Emulator, EngineStack, EngineWorkspace

pytestmark = pytest.mark.engine

# Temporary keys: key id, secret and the session token the emulator requires with them.
TENCENT_KEY = ("STS-TC-ID-4711", "sts-tc-secret-key-4711", "sts-tc-session-token-4711")
ALICLOUD_KEY = ("STS-ALI-ID-4711", "sts-ali-access-secret-4711", "sts-ali-security-token-4711")
CREDENTIAL_ENV = {
    "TENCENTCLOUD_SECRET_ID": TENCENT_KEY[0], "TENCENTCLOUD_SECRET_KEY": TENCENT_KEY[1],
    "TENCENTCLOUD_SECURITY_TOKEN": TENCENT_KEY[2],
    "ALIBABA_CLOUD_ACCESS_KEY_ID": ALICLOUD_KEY[0], "ALIBABA_CLOUD_ACCESS_KEY_SECRET": ALICLOUD_KEY[1],
    "ALIBABA_CLOUD_SECURITY_TOKEN": ALICLOUD_KEY[2],
}
CREDENTIAL_CONFIG = ("tencentcloud:secretId", "tencentcloud:secretKey", "alicloud:accessKey", "alicloud:secretKey")
PLAIN_PASSWORD, SECRET_PASSWORD = "Plain-Passw0rd-4711!", "Secret-Passw0rd-4711!"
# The engine's own property logging (sdk/go/common/resource/plugin/rpc.go), at -v=9 only.
ENGINE_PROPERTY_LINE = ("Marshaling property for RPC[", "Unmarshaling property for RPC[")


@pytest.fixture
def sts_workspace(pulumi_command: auto.PulumiCommand, tmp_path: Path,
                  monkeypatch: pytest.MonkeyPatch) -> Iterator[EngineWorkspace]:
    """A workspace whose emulator accepts only the temporary keys, each with its session token."""
    for name in AMBIENT_CLOUD_ENV:
        monkeypatch.delenv(name, raising=False)
    emulator = Emulator(tmp_path / "emulator", ["--tencent-key", ":".join(TENCENT_KEY),
                                                "--alicloud-key", ":".join(ALICLOUD_KEY)]).start()
    try:
        yield EngineWorkspace(tmp_path / "pulumi", emulator, (), pulumi_command)
    finally:
        emulator.stop()


def users(prefix: str) -> Callable[[], None]:
    def program() -> None:
        from pulumi_directory_users import alicloud, tencentcloud

        tencentcloud.User(f"{prefix}-tc", zone_id=TENCENT_ZONE_ID, user_name=f"{prefix}-alice")
        alicloud.User(f"{prefix}-plain", directory_id=ALICLOUD_DIRECTORY_ID, user_name=f"{prefix}-bob",
                      password=PLAIN_PASSWORD)
        alicloud.User(f"{prefix}-secret", directory_id=ALICLOUD_DIRECTORY_ID, user_name=f"{prefix}-carol",
                      password=pulumi.Output.secret(SECRET_PASSWORD))

    return program


def _stack_with_credentials_from_env(workspace: EngineWorkspace, prefix: str) -> EngineStack:
    workspace.env.update(CREDENTIAL_ENV)
    stack = workspace.stack(users(prefix), f"verbose-{prefix}")
    stack.stack.remove_all_config(list(CREDENTIAL_CONFIG))
    return stack


def _initial_password(stack: EngineStack) -> str:
    entry = next(r for r in stack.stack.export_stack().deployment["resources"] if r["type"].endswith("tencentcloud:User"))
    return str(json.loads(entry["outputs"]["password"]["plaintext"]))


def _lines_with(result: auto.UpResult, secret: str) -> list[str]:
    return [line for line in (result.stdout + "\n" + result.stderr).splitlines() if secret in line]


def test_credentials_from_the_environment_and_our_secrets_appear_only_in_the_engines_own_v9_property_lines(
        sts_workspace: EngineWorkspace) -> None:
    stack = _stack_with_credentials_from_env(sts_workspace, "v9")

    result = stack.up(log_verbosity=9, log_to_std_err=True)

    assert '"v":9' in result.stderr, "the engine's verbose log should be in stderr"
    for credential in CREDENTIAL_ENV.values():
        assert _lines_with(result, credential) == [], credential
    for secret in (PLAIN_PASSWORD, SECRET_PASSWORD, _initial_password(stack)):
        lines = _lines_with(result, secret)
        # The engine has each one: it logs it as it passes between program, engine and provider.
        assert lines, secret
        strays = [line for line in lines if '"v":9' not in line or not any(p in line for p in ENGINE_PROPERTY_LINE)]
        assert strays == [], "a secret in a line the engine's property logging did not write"


def test_below_v9_no_secret_of_ours_appears(sts_workspace: EngineWorkspace) -> None:
    stack = _stack_with_credentials_from_env(sts_workspace, "v7")

    result = stack.up(log_verbosity=7, log_to_std_err=True)

    assert '"v":7' in result.stderr, "the engine's verbose log should be in stderr"
    for secret in (*CREDENTIAL_ENV.values(), PLAIN_PASSWORD, SECRET_PASSWORD, _initial_password(stack)):
        assert _lines_with(result, secret) == [], secret
