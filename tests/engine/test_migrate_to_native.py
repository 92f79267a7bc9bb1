"""Moving a stack from the dynamic classes to the native provider: the state moves, the clouds are not touched.

A stack made with ``pulumi_directory_users.tencentcloud/alicloud`` (users, a group and a membership
in each cloud; an Alibaba password; a Tencent user whose initial password is a secret output) is
moved with ``directory-users-migrate``; the program then imports ``pulumi_directory_users.native``.
The emulator's log proves no write during the move, the native program previews clean, a later
rename still deletes the old user first, and destroy leaves both directories empty.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pulumi
import pytest

from pulumi_directory_users import alicloud, tencentcloud
from pulumi_directory_users.native import alicloud as native_alicloud
from pulumi_directory_users.native import tencentcloud as native_tencentcloud
from pulumi_directory_users.testing import ALICLOUD_DIRECTORY_ID, TENCENT_ZONE_ID

from .harness import AlicloudSdk, Call, Emulator, EngineStack, EngineWorkspace, TencentSdk, ops

pytestmark = pytest.mark.engine

ALIBABA_PASSWORD = "Migrate-Me-9!x"
# The calls that change a directory; reads (Get*, List*) are allowed, none of these are.
WRITE_PREFIXES = ("Create", "Update", "Delete", "Add", "Remove", "Reset", "Tag", "Untag", "Set")
RESOURCES = 6  # per cloud a user, a group, a membership
DYNAMIC = (tencentcloud, alicloud)
NATIVE = (native_tencentcloud, native_alicloud)


def _program(form: dict[str, Any]) -> None:
    """The same stack through ``form["classes"]`` (the dynamic or the native modules), users named ``form["user"]``."""
    tc, ali = form["classes"]
    t_user = tc.User("t-user", zone_id=TENCENT_ZONE_ID, user_name=form["user"], display_name="Carol",
                     email="carol@example.com", need_reset_password=True)
    t_group = tc.Group("t-group", zone_id=TENCENT_ZONE_ID, group_name="platform", description="The platform team")
    tc.GroupMembership("t-member", zone_id=TENCENT_ZONE_ID, group_id=t_group.group_id, user_id=t_user.user_id)
    a_user = ali.User("a-user", directory_id=ALICLOUD_DIRECTORY_ID, user_name=form["user"], display_name="Carol",
                      email="carol@example.com", password=pulumi.Output.secret(ALIBABA_PASSWORD),
                      tags={"team": "platform"})
    a_group = ali.Group("a-group", directory_id=ALICLOUD_DIRECTORY_ID, group_name="platform")
    ali.GroupMembership("a-member", directory_id=ALICLOUD_DIRECTORY_ID, group_id=a_group.group_id,
                        user_id=a_user.user_id)
    pulumi.export("tencent_user_id", t_user.user_id)
    pulumi.export("tencent_password", t_user.password)
    pulumi.export("alibaba_user_id", a_user.user_id)
    pulumi.export("membership_ids", pulumi.Output.all(t_group.group_id, a_group.group_id))


def _writes(calls: list[Call]) -> list[Call]:
    return [c for c in calls if c.action.startswith(WRITE_PREFIXES)]


def _migrate(workspace: EngineWorkspace, stack: EngineStack) -> subprocess.CompletedProcess[str]:
    """``directory-users-migrate`` in the stack's project directory, with the workspace's CLI environment."""
    return subprocess.run(
        [sys.executable, "-m", "pulumi_directory_users.migrate", "--stack", stack.stack.name,
         "--cwd", str(stack.work_dir)],
        env={**os.environ, **workspace.env}, capture_output=True, text=True, timeout=300, check=False,
    )


def _exported(workspace: EngineWorkspace, stack: EngineStack) -> str:
    """``pulumi stack export`` as a user runs it: secrets not shown."""
    return subprocess.run(
        ["pulumi", "stack", "export", "--stack", stack.stack.name], cwd=stack.work_dir,
        env={**os.environ, **workspace.env}, capture_output=True, text=True, timeout=120, check=True,
    ).stdout


def _inputs(stack: EngineStack) -> dict[str, Any]:
    """Each resource's inputs by URN, secrets decrypted (the Automation API exports with --show-secrets)."""
    return {r["urn"]: r.get("inputs") for r in stack.stack.export_stack().deployment["resources"]}


def test_a_dynamic_stack_moves_to_the_native_provider_without_a_write_and_keeps_its_lifecycle(
    workspace: EngineWorkspace, emulator: Emulator, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    form: dict[str, Any] = {"classes": DYNAMIC, "user": "carol"}
    stack = workspace.stack(lambda: _program(form), "directory-users-migrate")
    assert ops(stack.up().summary.resource_changes) == {"create": RESOURCES + 1}
    before = stack.outputs()
    tencent_password = before["tencent_password"]
    assert tencent_password.secret and tencent_password.value
    assert '"pulumi-python:dynamic/tencentcloud:User"' in _exported(workspace, stack)
    mark = emulator.mark()

    migrated = _migrate(workspace, stack)

    assert migrated.returncode == 0, migrated.stderr
    assert emulator.calls_since(mark) == []  # not even a read: the move is the state's alone
    state = json.loads(_exported(workspace, stack))["deployment"]
    by_name = {r["urn"].rsplit("::", 1)[-1]: r for r in state["resources"]}
    assert {r["type"] for r in state["resources"]} == {
        "pulumi:pulumi:Stack", "pulumi:providers:directory-users",
        *(f"directory-users:{cloud}:{kind}" for cloud in ("tencentcloud", "alicloud")
          for kind in ("User", "Group", "GroupMembership")),
    }
    assert set(by_name["t-member"]["dependencies"]) == {by_name["t-user"]["urn"], by_name["t-group"]["urn"]}
    assert by_name["a-member"]["propertyDependencies"]["userId"] == [by_name["a-user"]["urn"]]
    assert by_name["a-user"]["inputs"]["password"]["ciphertext"]
    assert by_name["t-user"]["outputs"]["password"]["ciphertext"]
    text = json.dumps(state)
    assert ALIBABA_PASSWORD not in text and tencent_password.value not in text and "__provider" not in text

    moved = _inputs(stack)

    # The program now imports the native classes; the credentials moved to directory-users: keys.
    form["classes"] = NATIVE
    preview = stack.preview()
    assert ops(preview.change_summary) == {"same": RESOURCES + 1}
    up = stack.up()
    assert ops(up.summary.resource_changes) == {"same": RESOURCES + 1}
    # What the engine wrote from the native program (the default provider's inputs from the stack
    # config included) is what the move had written.
    assert _inputs(stack) == moved
    # Neither the move nor the native provider's first preview and update wrote (or even read) anything.
    assert emulator.calls_since(mark) == []
    after = stack.outputs()
    assert {k: v.value for k, v in after.items()} == {k: v.value for k, v in before.items()}
    assert after["tencent_password"].secret

    # A rename still replaces delete-first, through the native provider and the moved config.
    form["user"] = "caroline"
    mark = emulator.mark()
    renamed = stack.up()
    assert ops(renamed.summary.resource_changes) == {"same": 3, "replace": 4}  # both users and memberships
    for cloud in ("tencent", "alicloud"):
        actions = [c.action for c in _writes(emulator.calls_since(mark)) if c.cloud == cloud]
        assert actions.index("DeleteUser") < actions.index("CreateUser"), actions
    assert [u["UserName"] for u in tencent.users()] == ["caroline"]
    assert [u["UserName"] for u in alicloud.users()] == ["caroline"]

    stack.destroy()
    for sdk in (tencent, alicloud):
        assert sdk.users() == [] and not sdk.call("ListGroups", MaxResults=100).get("Groups")
