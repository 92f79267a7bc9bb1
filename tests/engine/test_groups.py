"""Users in groups, through the engine: memberships go before their users, groups rename in place,
a membership removed out of band comes back, and destroy leaves nothing behind.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from pulumi_directory_users import alicloud as ali
from pulumi_directory_users import tencentcloud as tc
from pulumi_directory_users.testing import ALICLOUD_DIRECTORY_ID, TENCENT_ZONE_ID

from .harness import AlicloudSdk, Emulator, EngineWorkspace, TencentSdk, ops

pytestmark = pytest.mark.engine


def _program(shape: dict[str, Any]) -> None:
    """Per cloud: ``shape["users"]`` users, two groups, and each user in the groups ``shape["in"]`` names."""
    for cloud, zone, parent in ((tc, TENCENT_ZONE_ID, "zone_id"), (ali, ALICLOUD_DIRECTORY_ID, "directory_id")):
        prefix = cloud.__name__.rsplit(".", 1)[-1]
        users = {name: cloud.User(f"{prefix}-{name}", **{parent: zone}, user_name=name) for name in shape["users"]}
        groups = {key: cloud.Group(f"{prefix}-group-{key}", **{parent: zone}, group_name=name)
                  for key, name in shape["groups"].items()}
        for user_name, group_key in shape["in"]:
            cloud.GroupMembership(f"{prefix}-{user_name}-in-{group_key}", **{parent: zone},
                                  group_id=groups[group_key].group_id, user_id=users[user_name].user_id)
        for key, group in groups.items():
            pulumi.export(f"{prefix}-group-{key}", group.group_id)


def _memberships(sdk: TencentSdk | AlicloudSdk) -> set[tuple[str, str]]:
    """(user name, group name) of every membership in the cloud."""
    groups = {g["GroupId"]: g["GroupName"] for g in sdk.call("ListGroups", MaxResults=100).get("Groups") or []}
    found = set()
    for user in sdk.users():
        joined = sdk.call("ListJoinedGroupsForUser", UserId=user["UserId"], MaxResults=100).get("JoinedGroups") or []
        found |= {(user["UserName"], groups[g["GroupId"]]) for g in joined}
    return found


def test_users_in_groups_through_create_rename_out_of_band_removal_and_destroy(
    workspace: EngineWorkspace, emulator: Emulator, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    shape: dict[str, Any] = {
        "users": ["alice", "bob"],
        "groups": {"a": "admins", "d": "developers"},
        "in": [("alice", "a"), ("alice", "d"), ("bob", "d")],
    }
    stack = workspace.stack(lambda: _program(shape), "directory-users-groups")

    up = stack.up()

    assert ops(up.summary.resource_changes) == {"create": 15}  # per cloud 2 users, 2 groups, 3 memberships
    expected = {("alice", "admins"), ("alice", "developers"), ("bob", "developers")}
    assert _memberships(tencent) == expected and _memberships(alicloud) == expected
    assert ops(stack.preview().change_summary) == {"same": 15}

    # Bob leaves: his membership goes first, then his user, without a "still a member" refusal.
    shape["users"], shape["in"] = ["alice"], [("alice", "a"), ("alice", "d")]
    mark = emulator.mark()
    up = stack.up()
    assert ops(up.summary.resource_changes) == {"delete": 4, "same": 11}
    for cloud in ("tencent", "alicloud"):
        writes = [c.action for c in emulator.calls_since(mark)
                  if c.cloud == cloud and c.action in ("RemoveUserFromGroup", "DeleteUser")]
        assert writes == ["RemoveUserFromGroup", "DeleteUser"], (cloud, writes)
    assert [u["UserName"] for u in tencent.users()] == ["alice"] == [u["UserName"] for u in alicloud.users()]

    # A group renamed in the program is renamed in place: same id, one UpdateGroup.
    group_ids = {k: v.value for k, v in stack.outputs().items()}
    shape["groups"]["d"] = "engineers"
    up = stack.up()
    assert ops(up.summary.resource_changes) == {"update": 2, "same": 9}
    assert {k: v.value for k, v in stack.outputs().items()} == group_ids
    assert _memberships(tencent) == {("alice", "admins"), ("alice", "engineers")} == _memberships(alicloud)

    # A membership removed in the console: refresh notices, up puts it back.
    for sdk in (tencent, alicloud):
        alice = sdk.user("alice")
        assert alice is not None
        sdk.call("RemoveUserFromGroup", UserId=alice["UserId"], GroupId=group_ids[f"{_prefix(sdk)}-group-a"])
    refresh = stack.refresh()
    assert ops(refresh.summary.resource_changes) == {"delete": 2, "same": 9}
    up = stack.up()
    assert ops(up.summary.resource_changes) == {"create": 2, "same": 9}
    assert _memberships(tencent) == {("alice", "admins"), ("alice", "engineers")} == _memberships(alicloud)
    assert ops(stack.preview().change_summary) == {"same": 11}

    stack.destroy()
    for sdk in (tencent, alicloud):
        assert sdk.users() == [] and not sdk.call("ListGroups", MaxResults=100).get("Groups")


def _prefix(sdk: TencentSdk | AlicloudSdk) -> str:
    return "tencentcloud" if isinstance(sdk, TencentSdk) else "alicloud"
