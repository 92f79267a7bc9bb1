"""Explicit providers of the native form: several accounts in one stack, each resource acting in its
provider's account only, the provider recorded in its state, the credentials stored only encrypted;
and the default provider configured from the ``directory-users:`` stack config or the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pulumi
import pytest
from pulumi import automation as auto

from pulumi_directory_users import native
from pulumi_directory_users.testing import (
    ALICLOUD_ACCESS_KEY_ID,
    ALICLOUD_ACCESS_KEY_SECRET,
    ALICLOUD_DIRECTORY_ID,
    TENCENT_SECRET_ID,
    TENCENT_SECRET_KEY,
    TENCENT_ZONE_ID,
    stack_config,
)

from .harness import NATIVE, AlicloudSdk, Emulator, EngineStack, EngineWorkspace, TencentSdk, ops
from .test_secrets import _leaks, _strings

pytestmark = pytest.mark.engine


class Account:
    """One account of each cloud, behind its own emulator, which accepts only this account's keys."""

    def __init__(self, name: str, directory: Path) -> None:
        self.name = name
        self.tencent = (f"AKID{name}account00000000000000001"[:36], f"{name}-tencent-secret-0000000001")
        self.alicloud = (f"LTAI{name}account0000001"[:24], f"{name}-alicloud-secret-0000000001")
        self.emulator = Emulator(directory, ["--tencent-key", ":".join(self.tencent),
                                             "--alicloud-key", ":".join(self.alicloud)])

    @property
    def secrets(self) -> tuple[str, ...]:
        return (*self.tencent, *self.alicloud)

    def provider(self) -> native.Provider:
        url = self.emulator.url
        return native.Provider(
            self.name, tencentcloud_secret_id=self.tencent[0], tencentcloud_secret_key=self.tencent[1],
            alicloud_access_key=self.alicloud[0], alicloud_secret_key=self.alicloud[1],
            tencentcloud_endpoint=url, alicloud_endpoint=url, retry_deadline=10)

    def users(self) -> dict[str, list[str]]:
        """The user names in this account, per cloud."""
        endpoint = self.emulator.endpoint
        tencent, alicloud = TencentSdk(endpoint, key=self.tencent), AlicloudSdk(endpoint, key=self.alicloud)
        return {"tencent": sorted(u["UserName"] for u in tencent.users()),
                "alicloud": sorted(u["UserName"] for u in alicloud.users())}


@pytest.fixture
def accounts(tmp_path: Path) -> Iterator[tuple[Account, Account]]:
    first, second = Account("first", tmp_path / "first"), Account("second", tmp_path / "second")
    first.emulator.start()
    second.emulator.start()
    try:
        yield first, second
    finally:
        first.emulator.stop()
        second.emulator.stop()


def _program(first: Account, second: Account) -> None:
    """Alice in the first account, Bob and a group holding him in the second, in both clouds."""
    for account, person in ((first, "alice"), (second, "bob")):
        on = pulumi.ResourceOptions(provider=account.provider())
        tc = native.tencentcloud.User(f"{person}-tc", zone_id=TENCENT_ZONE_ID, user_name=person, opts=on)
        native.alicloud.User(f"{person}-ali", directory_id=ALICLOUD_DIRECTORY_ID, user_name=person, opts=on)
        if person == "bob":
            ops_group = native.tencentcloud.Group("ops-tc", zone_id=TENCENT_ZONE_ID, group_name="ops", opts=on)
            native.tencentcloud.GroupMembership("bob-in-ops-tc", zone_id=TENCENT_ZONE_ID, group_id=ops_group.group_id,
                                                user_id=tc.user_id, opts=on)


PROVIDER_OF = {"alice-tc": "first", "alice-ali": "first",
               "bob-tc": "second", "bob-ali": "second", "ops-tc": "second", "bob-in-ops-tc": "second"}


def _provider_name(reference: str) -> str:
    """``urn:...::pulumi:providers:directory-users::first::<id>`` -> ``first``."""
    return reference.split("::")[-2]


def test_two_explicit_providers_each_act_in_their_own_account_and_their_state_records_them(
    workspace: EngineWorkspace, emulator: Emulator, accounts: tuple[Account, Account]
) -> None:
    first, second = accounts
    # The default provider points at a third emulator, which must not be called at all.
    stack = workspace.stack(lambda: _program(first, second), "directory-users-two-accounts", form=NATIVE)

    up = stack.up()

    assert ops(up.summary.resource_changes) == {"create": 9}  # the stack, 2 providers, 6 resources
    # Each emulator accepts only its own account's keys: every call to it was signed with them and answered.
    assert {(c.cloud, c.action, c.error) for c in first.emulator.calls()} == {
        ("tencent", "CreateUser", "OK"), ("alicloud", "CreateUser", "OK")}
    assert {(c.cloud, c.action, c.error) for c in second.emulator.calls()} == {
        ("tencent", "CreateUser", "OK"), ("alicloud", "CreateUser", "OK"),
        ("tencent", "CreateGroup", "OK"), ("tencent", "AddUserToGroup", "OK")}
    assert emulator.calls() == []
    assert first.users() == {"tencent": ["alice"], "alicloud": ["alice"]}
    assert second.users() == {"tencent": ["bob"], "alicloud": ["bob"]}

    resources = stack.stack.export_stack().deployment["resources"]
    recorded = {r["urn"].rsplit("::", 1)[-1]: _provider_name(r["provider"])
                for r in resources if r["type"].startswith("directory-users:")}
    assert recorded == PROVIDER_OF
    assert not [r for r in resources if r["type"] == "pulumi:providers:directory-users"
                and r["urn"].endswith("::default")], "no resource should have used the default provider"

    # refresh and destroy find each resource's provider, and its account, in the state.
    assert ops(stack.refresh().summary.resource_changes) == {"same": 9}
    stack.destroy()
    assert first.users() == second.users() == {"tencent": [], "alicloud": []}


def test_credentials_given_to_a_provider_are_stored_only_encrypted(
    workspace: EngineWorkspace, accounts: tuple[Account, Account]
) -> None:
    first, second = accounts
    stack = workspace.stack(lambda: _program(first, second), "directory-users-provider-secrets", form=NATIVE)

    up = stack.up()

    secrets = (*first.secrets, *second.secrets)
    assert _leaks(up.stdout, secrets) == []
    # The export decrypts secrets but keeps them marked: each credential is there only as a secret,
    # in the inputs of its provider resource.
    deployment = stack.stack.export_stack().deployment
    exported = list(_strings(deployment))
    for secret in secrets:
        assert [s for s, is_secret in exported if secret in s and not is_secret] == [], f"{secret} outside a secret"
    providers = {r["urn"].rsplit("::", 1)[-1]: r for r in deployment["resources"]
                 if r["type"] == "pulumi:providers:directory-users"}
    for account in (first, second):
        held = [s for s, is_secret in _strings(providers[account.name]["inputs"]) if is_secret]
        assert set(account.secrets) <= set(held), account.name
    # The backend's files and the stack settings: no plaintext at all.
    files = stack.state_files() + sorted(Path(stack.work_dir).glob("Pulumi.*.yaml"))
    assert any(p.name == "engine.json" for p in files), files
    hits = {str(p.relative_to(stack.backend_dir.parent)): _leaks(p.read_text(encoding="utf-8", errors="replace"),
                                                               secrets) for p in files}
    assert {where: found for where, found in hits.items() if found} == {}


def _engine_log(stack: EngineStack, operation: str, verbosity: int) -> list[str]:
    """The lines of the engine's own log (``-v=verbosity --logtostderr``) and output of one operation."""
    lines: list[str] = []
    getattr(stack, operation)(log_verbosity=verbosity, log_to_std_err=True, on_error=lines.append,
                              on_output=lines.append)
    return [line for chunk in lines for line in chunk.splitlines()]


def _hits(lines: list[str], secret: str) -> list[str]:
    return [line for line in lines if _leaks(line, (secret,))]


def test_the_engines_verbose_log_shows_provider_credentials_only_at_v9_in_its_own_marshaling_lines(
    workspace: EngineWorkspace, accounts: tuple[Account, Account]
) -> None:
    """The figures of the README's "Dynamic or native" table, for the native form.

    Up to -v=8 the log holds no credential. At -v=9 the engine logs every property it marshals,
    a secret's value included, which no provider can prevent: 4 lines per credential in an up or
    a preview (RegisterResource in and out, CheckConfig, Configure), 1 in a refresh or a destroy.
    """
    first, second = accounts
    stack = workspace.stack(lambda: _program(first, second), "directory-users-provider-log", form=NATIVE)
    secrets = (*first.secrets, *second.secrets)

    up = _engine_log(stack, "up", 8)
    assert first.users()["tencent"] == ["alice"]  # the up did run through the providers
    assert {secret: len(_hits(up, secret)) for secret in secrets} == {secret: 0 for secret in secrets}

    preview = _engine_log(stack, "preview", 9)
    assert {secret: len(_hits(preview, secret)) for secret in secrets} == {secret: 4 for secret in secrets}
    for secret in secrets:
        assert all("arshaling property for RPC" in line for line in _hits(preview, secret)), _hits(preview, secret)


# ----------------------------------------------------------------------------- the default provider


def _carol() -> None:
    native.tencentcloud.User("carol-tc", zone_id=TENCENT_ZONE_ID, user_name="carol")
    native.alicloud.User("carol-ali", directory_id=ALICLOUD_DIRECTORY_ID, user_name="carol")


NATIVE_KEYS = ("directory-users:tencentcloudSecretId", "directory-users:tencentcloudSecretKey",
               "directory-users:alicloudAccessKey", "directory-users:alicloudSecretKey",
               "directory-users:tencentcloudEndpoint", "directory-users:alicloudEndpoint",
               "directory-users:retryDeadline")


@pytest.mark.parametrize("source", ["config", "environment"])
def test_the_default_provider_reads_the_directory_users_config_or_the_environment(
    source: str, workspace: EngineWorkspace, emulator: Emulator, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    if source == "environment":
        workspace.env.update({
            "TENCENTCLOUD_SECRET_ID": TENCENT_SECRET_ID, "TENCENTCLOUD_SECRET_KEY": TENCENT_SECRET_KEY,
            "ALIBABA_CLOUD_ACCESS_KEY_ID": ALICLOUD_ACCESS_KEY_ID,
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET": ALICLOUD_ACCESS_KEY_SECRET,
            "DIRECTORY_USERS_TENCENTCLOUD_ENDPOINT": emulator.url, "DIRECTORY_USERS_ALICLOUD_ENDPOINT": emulator.url,
            "DIRECTORY_USERS_RETRY_DEADLINE": "10",
        })
    stack = workspace.stack(_carol, f"directory-users-default-from-{source}", form=NATIVE)
    if source == "environment":
        stack.stack.remove_all_config(list(NATIVE_KEYS))
    assert [k for k in stack.stack.get_all_config() if k.startswith("directory-users:")] == (
        [] if source == "environment" else sorted(NATIVE_KEYS))

    up = stack.up()

    assert ops(up.summary.resource_changes) == {"create": 3}
    assert tencent.user("carol") is not None and alicloud.user("carol") is not None
    stack.destroy()
    assert tencent.users() == [] and alicloud.users() == []


def test_the_dynamic_forms_cloud_config_keys_do_not_reach_the_default_native_provider(
    workspace: EngineWorkspace, emulator: Emulator
) -> None:
    """`tencentcloud:secretId` and the like are another package's namespace: the engine keeps them from us."""
    stack = workspace.stack(_carol, "directory-users-foreign-keys", form=NATIVE)
    stack.stack.remove_all_config(["directory-users:tencentcloudSecretId", "directory-users:tencentcloudSecretKey",
                                   "directory-users:alicloudAccessKey", "directory-users:alicloudSecretKey"])
    stack.set_config(stack_config(emulator.url))  # the dynamic form's keys, and our endpoints

    with pytest.raises(auto.CommandError) as failed:
        stack.up()

    message = str(failed.value)
    assert "directory-users:tencentcloudSecretId" in message or "tencentcloudSecretId" in message, message
    assert emulator.calls() == []


def test_rotated_keys_and_a_moved_endpoint_update_the_provider_and_refresh_and_destroy_then_use_them(
    workspace: EngineWorkspace, tmp_path: Path
) -> None:
    """The account's keys are rotated and its endpoint moves: the provider updates in place, its
    resources stay, and a later refresh and destroy (configured from the state) use the new keys."""
    state = ["--state-file", str(tmp_path / "cloud.json")]
    keys = {"old": ("AKIDoldaccountkey00000000000000000001", "old-tencent-secret-0000000001"),
            "new": ("AKIDnewaccountkey00000000000000000001", "new-tencent-secret-0000000001")}
    current: dict[str, Any] = {}

    def program() -> None:
        key_id, secret = keys[current["keys"]]
        account = native.Provider("account", tencentcloud_secret_id=key_id, tencentcloud_secret_key=secret,
                                  tencentcloud_endpoint=current["emulator"].url, retry_deadline=10)
        native.tencentcloud.User("alice-tc", zone_id=TENCENT_ZONE_ID, user_name="alice",
                                 opts=pulumi.ResourceOptions(provider=account))

    old = Emulator(tmp_path / "old", [*state, "--tencent-key", ":".join(keys["old"])]).start()
    current.update(keys="old", emulator=old)
    stack = workspace.stack(program, "directory-users-rotation", form=NATIVE)
    try:
        assert ops(stack.up().summary.resource_changes) == {"create": 3}
    finally:
        old.stop()
    # The same cloud behind another endpoint, which no longer accepts the old key.
    new = Emulator(tmp_path / "new", [*state, "--tencent-key", ":".join(keys["new"])]).start()
    try:
        current.update(keys="new", emulator=new)
        preview = stack.preview(diff=True)
        assert ops(preview.change_summary) == {"update": 1, "same": 2}, preview.stdout
        assert "tencentcloudEndpoint" in preview.stdout and keys["new"][1] not in preview.stdout
        assert ops(stack.up().summary.resource_changes) == {"update": 1, "same": 2}
        assert [c.action for c in new.calls()] == []  # the provider's update calls no cloud

        # Configured from the state: the new keys and endpoint, or these would fail.
        assert ops(stack.refresh().summary.resource_changes) == {"same": 3}
        stack.destroy()
        assert [(c.action, c.error) for c in new.calls()] == [("ListUsers", "OK"), ("DeleteUser", "OK")]
    finally:
        new.stop()
