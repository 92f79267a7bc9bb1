"""Groups, memberships and sign-in settings in the emulator's state file, and a group lifecycle over HTTP."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pulumi_directory_users.testing import (
    ALICLOUD_DIRECTORY_ID,
    TENCENT_ZONE_ID,
    EmulatorProcess,
    EmulatorServer,
    FakeClouds,
    read_state,
)

from .fake_group_clients import AlicloudSdk, SdkCloud, TencentSdk

ZONE, DIRECTORY = TENCENT_ZONE_ID, ALICLOUD_DIRECTORY_ID


def test_every_kind_of_group_and_sign_in_change_survives_a_journal_replay(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    clouds = FakeClouds()
    server = EmulatorServer(clouds, state_file=state_file)  # not serving: changes go straight to the model
    tencent, alicloud = clouds.tencent, clouds.alicloud
    t1 = tencent.create_user(ZoneId=ZONE, UserName="t1")["UserId"]
    t2 = tencent.create_user(ZoneId=ZONE, UserName="t2")["UserId"]
    a1 = alicloud.create_user(DirectoryId=DIRECTORY, UserName="a1")["UserId"]
    tg = tencent.create_group(ZoneId=ZONE, GroupName="tg")["GroupId"]
    ag = alicloud.create_group(DirectoryId=DIRECTORY, GroupName="ag")["GroupId"]
    changes: list[Callable[[], Any]] = [
        lambda: tencent.create_group(ZoneId=ZONE, GroupName="second", Description="d"),
        lambda: tencent.add_member(ZoneId=ZONE, GroupId=tg, UserId=t1),
        lambda: tencent.add_member(ZoneId=ZONE, GroupId=tg, UserId=t2),
        lambda: tencent.update_group(ZoneId=ZONE, GroupId=tg, NewGroupName="renamed"),
        lambda: tencent.remove_member(ZoneId=ZONE, GroupId=tg, UserId=t2),
        lambda: tencent.add_group_role_assignment(ZONE, tg),
        lambda: tencent.remove_user(ZONE, t1),  # leaves its groups
        lambda: alicloud.add_member(DirectoryId=DIRECTORY, GroupId=ag, UserId=a1),
        lambda: alicloud.add_user_to_group(DIRECTORY, a1, "g-outofband"),
        lambda: alicloud.update_user_mfa_authentication_settings(
            DirectoryId=DIRECTORY, UserId=a1, UserMFAAuthenticationSettings="Disabled"
        ),
        lambda: alicloud.reset_user_password(DirectoryId=DIRECTORY, UserId=a1, Password="Correct-Horse-7"),
        lambda: alicloud.remove_member(DirectoryId=DIRECTORY, GroupId=ag, UserId=a1),
        lambda: alicloud.delete_group(DirectoryId=DIRECTORY, GroupId=ag),
    ]
    try:
        for change in changes:
            change()
            server.save_if_changed()
            assert read_state(state_file).to_dict() == clouds.to_dict(), change
    finally:
        server.stop()
    restored = read_state(state_file)
    assert restored.tencent.group_member_ids(ZONE, tg) == []
    assert restored.tencent.find_group(ZONE, "renamed") is not None
    assert restored.alicloud.group_ids_of(DIRECTORY, a1) == ["g-outofband"]
    assert restored.alicloud.login_settings(DIRECTORY, a1) == {
        "mfa": "Disabled", "password_set": True, "password_reset_required": False,
    }
    assert restored.alicloud.password_matches(DIRECTORY, a1, "Correct-Horse-7")
    assert "Correct-Horse-7" not in state_file.read_text(encoding="utf-8")


def test_a_replay_keeps_the_order_the_group_lists_page_through(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    clouds = FakeClouds()
    server = EmulatorServer(clouds, state_file=state_file)
    try:
        users = [clouds.tencent.create_user(ZoneId=ZONE, UserName=f"u{i}")["UserId"] for i in range(3)]
        groups = [clouds.tencent.create_group(ZoneId=ZONE, GroupName=f"g{i}")["GroupId"] for i in range(3)]
        for user_id in reversed(users):
            clouds.tencent.add_member(ZoneId=ZONE, GroupId=groups[1], UserId=user_id)
        server.save_if_changed()
        restored = read_state(state_file).tencent
    finally:
        server.stop()
    listed = restored.list_groups(ZoneId=ZONE)["Groups"]
    assert [g["GroupId"] for g in listed] == groups
    members = restored.list_group_members(ZoneId=ZONE, GroupId=groups[1])["GroupMembers"]
    assert [m["UserId"] for m in members] == list(reversed(users))


def _lifecycle_up_to_membership(cloud: SdkCloud) -> tuple[str, str, str]:
    alice = cloud.create_user("alice")
    devs = cloud.create_group("devs")["GroupId"]
    ops = cloud.create_group("ops")["GroupId"]
    cloud.add(devs, alice)
    cloud.call("UpdateGroup", GroupId=devs, NewGroupName="developers")
    return alice, devs, ops


def test_a_group_lifecycle_against_the_emulator_process_survives_kill_9(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    emulator = EmulatorProcess(tmp_path / "first", ["--state-file", str(state_file)]).start()
    try:
        clouds = [TencentSdk(emulator.endpoint), AlicloudSdk(emulator.endpoint)]
        made = {cloud.name: _lifecycle_up_to_membership(cloud) for cloud in clouds}
        for cloud in clouds:
            alice, devs, ops = made[cloud.name]
            assert cloud.error("DeleteUser", UserId=alice) == cloud.expected.user_in_group
            assert cloud.error("DeleteGroup", GroupId=devs) == cloud.expected.group_not_empty
            cloud.call("DeleteGroup", GroupId=ops)
        logged = [(e.cloud, e.action, e.error) for e in emulator.entries() if "Group" in e.action]
    finally:
        emulator.kill()  # a crash: nothing folded, the journal alone holds the groups
    assert ("tencent", "DeleteGroup", "FailedOperation.DeleteGroupNotAllowExistUser") in logged
    assert ("alicloud", "AddUserToGroup", "OK") in logged
    assert Path(f"{state_file}.journal").stat().st_size > 0

    with EmulatorProcess(tmp_path / "second", ["--state-file", str(state_file)]) as restarted:
        for cloud in (TencentSdk(restarted.endpoint), AlicloudSdk(restarted.endpoint)):
            alice, devs, ops = made[cloud.name]
            assert cloud.get_group(devs)["GroupName"] == "developers"
            assert cloud.error("GetGroup", GroupId=ops) == cloud.expected.group_missing
            joined = cloud.call("ListJoinedGroupsForUser", UserId=alice)["JoinedGroups"]
            assert [g["GroupId"] for g in joined] == [devs]
            cloud.remove(devs, alice)
            cloud.call("DeleteGroup", GroupId=devs)
            cloud.call("DeleteUser", UserId=alice)
            assert cloud.call("ListGroups")["Groups"] == []
    saved = json.loads(state_file.read_text(encoding="utf-8"))
    assert saved["tencent"]["zones"][ZONE]["groups"] == []
    assert saved["alicloud"]["directories"][DIRECTORY]["groups"] == []


def test_a_state_file_from_before_groups_keeps_its_memberships() -> None:
    clouds = FakeClouds()
    alice = clouds.tencent.create_user(ZoneId=ZONE, UserName="alice")["UserId"]
    old = clouds.to_dict()
    old["tencent"]["zones"][ZONE]["users"][0]["groups"] = ["g-legacy"]  # how older versions stored it
    del old["tencent"]["zones"][ZONE]["groups"]
    restored = FakeClouds.from_dict(old)
    assert restored.tencent.group_member_ids(ZONE, "g-legacy") == [alice]
    assert restored.tencent.find_group(ZONE, "g-legacy") is not None
