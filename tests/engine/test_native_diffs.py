"""What ``preview --diff`` prints with the native provider: each changed property, whether it updates
or replaces, nothing the cloud fills in as removed, and drift per property after ``refresh``.

The dynamic form cannot answer with a detailed diff (the engine then guesses from the inputs);
these tests are the native provider's.
"""

from __future__ import annotations

import re
from typing import Any

import pulumi
import pytest

from pulumi_directory_users import native
from pulumi_directory_users.testing import ALICLOUD_DIRECTORY_ID, TENCENT_ZONE_ID

from .harness import NATIVE, AlicloudSdk, Emulator, EngineStack, EngineWorkspace, TencentSdk, ops

pytestmark = pytest.mark.engine

RESOURCES = ("alice-tc", "alice-ali")
# A resource's block in `preview --diff`: "    ~ directory-users:tencentcloud:User: (update)", then its
# [id=...] and [urn=...::name] lines, then one line per property shown.
_HEADER = re.compile(r"^\s*(\+-|[~+-]) ?[\w:.-]+: \((\w[\w-]*)\)$")
_URN = re.compile(r"^\s*\[urn=.*::([\w-]+)\]$")


def _program(shape: dict[str, str]) -> None:
    tc = native.tencentcloud.User("alice-tc", zone_id=TENCENT_ZONE_ID, user_name=shape["user_name"],
                                  display_name=shape["display_name"])
    ali = native.alicloud.User("alice-ali", directory_id=ALICLOUD_DIRECTORY_ID, user_name=shape["user_name"],
                               display_name=shape["display_name"])
    pulumi.export("tc_user_id", tc.user_id)
    pulumi.export("ali_user_id", ali.user_id)


def _stack(workspace: EngineWorkspace, shape: dict[str, str], project: str) -> EngineStack:
    stack = workspace.stack(lambda: _program(shape), project, form=NATIVE)
    assert ops(stack.up().summary.resource_changes) == {"create": 3}
    return stack


def _diff_blocks(stdout: str) -> dict[str, tuple[str, list[str]]]:
    """Resource name -> (the operation, the property lines) of each changed resource in ``preview --diff``."""
    blocks: dict[str, tuple[str, list[str]]] = {}
    op, lines = "", None
    for line in stdout.splitlines():
        header, urn = _HEADER.match(line), _URN.match(line)
        if header:
            op, lines = header.group(2), None
        elif urn and op not in ("", "same"):
            lines = []
            blocks[urn.group(1)] = (op, lines)
        elif lines is not None and line.startswith("      ") and not line.strip().startswith("["):
            lines.append(re.sub(r" +:", ":", " ".join(line.split())))  # names are padded to align
        elif not line.startswith("      "):
            op, lines = "", None
    return blocks


def _detailed_diffs(stack: EngineStack) -> dict[str, tuple[str, list[str], dict[str, str]]]:
    """Resource name -> (op, replace reasons, property -> diff kind) of the steps of the last operation."""
    found = {}
    for event in stack.events:
        pre = event.resource_pre_event
        if pre is not None and pre.metadata.op.value in ("update", "replace"):
            meta = pre.metadata
            found[meta.urn.rsplit("::", 1)[-1]] = (
                meta.op.value, list(meta.keys or []),
                {name: diff.diff_kind.value for name, diff in (meta.detailed_diff or {}).items()})
    return found


def test_a_display_name_change_previews_as_an_update_of_that_property_and_a_rename_as_a_replace_by_user_name(
    workspace: EngineWorkspace, emulator: Emulator, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    shape = {"user_name": "alice", "display_name": "Alice"}
    stack = _stack(workspace, shape, "directory-users-native-diffs")

    shape["display_name"] = "Alice Example"
    preview = stack.preview(diff=True)

    assert _diff_blocks(preview.stdout) == {
        name: ("update", ['~ displayName: "Alice" => "Alice Example"']) for name in RESOURCES
    }, preview.stdout
    assert _detailed_diffs(stack) == {name: ("update", [], {"displayName": "update"}) for name in RESOURCES}

    shape["display_name"] = "Alice"
    shape["user_name"] = "alicia"
    mark = emulator.mark()
    preview = stack.preview(diff=True)

    # Only the name, as the reason of the replacement: nothing the cloud fills in (the user id, the
    # times, the status) shows as removed.
    assert _diff_blocks(preview.stdout) == {
        name: ("replace", ['~ userName: "alice" => "alicia"']) for name in RESOURCES
    }, preview.stdout
    assert _detailed_diffs(stack) == {name: ("replace", ["userName"], {"userName": "update-replace"})
                                      for name in RESOURCES}
    assert "[diff: ~userName]" in stack.preview().stdout
    assert emulator.calls_since(mark) == []  # previews ask the clouds nothing here

    old_ids = {k: v.value for k, v in stack.outputs().items()}
    up = stack.up()

    assert ops(up.summary.resource_changes) == {"replace": 2, "same": 1}
    # Delete first: the old user goes before its replacement takes the name back (a swap needs that).
    for name in RESOURCES:
        taken = [op for op, resource in stack.steps() if resource == name]
        assert taken == ["delete-replaced", "replace", "create-replacement"], (name, taken)
    for cloud in ("tencent", "alicloud"):
        writes = [c.action for c in emulator.calls_since(mark) if c.cloud == cloud and c.action in
                  ("CreateUser", "DeleteUser")]
        assert writes == ["DeleteUser", "CreateUser"], (cloud, writes)
    for sdk, key in ((tencent, "tc_user_id"), (alicloud, "ali_user_id")):
        assert [(u["UserName"], u["UserId"] == old_ids[key]) for u in sdk.users()] == [("alicia", False)]
    assert ops(stack.preview().change_summary) == {"same": 3}


def _disable(sdk: TencentSdk | AlicloudSdk, user_id: str) -> None:
    status = "NewUserStatus" if isinstance(sdk, TencentSdk) else "NewStatus"
    sdk.call("UpdateUserStatus", UserId=user_id, **{status: "Disabled"})


def test_drift_shows_per_property_after_refresh_and_up_puts_it_back(
    workspace: EngineWorkspace, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    shape = {"user_name": "alice", "display_name": "Alice"}
    stack = _stack(workspace, shape, "directory-users-native-drift")
    ids = {"tc": tencent.user("alice")["UserId"], "ali": alicloud.user("alice")["UserId"]}  # type: ignore[index]
    for sdk, user_id in ((tencent, ids["tc"]), (alicloud, ids["ali"])):
        sdk.update(user_id, NewDisplayName="Changed In Console")
        _disable(sdk, user_id)

    # Without a refresh the engine only knows its own state: nothing to do.
    assert ops(stack.preview().change_summary) == {"same": 3}
    refresh = stack.refresh()
    assert ops(refresh.summary.resource_changes) == {"update": 2, "same": 1}
    preview = stack.preview(diff=True)

    # The status is not declared: the program wants the cloud's default back, and the preview says so.
    status = {"alice-tc": "userStatus", "alice-ali": "status"}
    assert _diff_blocks(preview.stdout) == {
        name: ("update", ['~ displayName: "Changed In Console" => "Alice"', f'~ {status[name]}: "Disabled" => "Enabled"'])
        for name in RESOURCES
    }, preview.stdout

    up = stack.up()

    assert ops(up.summary.resource_changes) == {"update": 2, "same": 1}
    for sdk, user_id, field in ((tencent, ids["tc"], "UserStatus"), (alicloud, ids["ali"], "Status")):
        user: dict[str, Any] = sdk.get(user_id)
        assert (user["DisplayName"], user[field]) == ("Alice", "Enabled")
    assert ops(stack.preview().change_summary) == {"same": 3}
