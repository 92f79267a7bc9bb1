"""Groups and group memberships in both clouds, and the Alibaba user's password and MFA setting:
the providers through the real SDK clients against the fakes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import pytest

from pulumi_directory_users.clouds.alicloud import (
    AlicloudGroupMembershipProvider,
    AlicloudGroupProvider,
    AlicloudUserProvider,
)
from pulumi_directory_users.clouds.tencentcloud import (
    TencentGroupMembershipProvider,
    TencentGroupProvider,
    TencentUserProvider,
)
from pulumi_directory_users.errors import AlreadyExists, DeleteBlocked
from pulumi_directory_users.dynamic_provider import DirectoryResourceProvider
from pulumi_directory_users.plugin import DirectoryProvider

from .frontends import provider_for
from pulumi_directory_users.testing import ALICLOUD_DIRECTORY_ID, TENCENT_ZONE_ID, FakeClouds


@dataclass
class Directory:
    """One cloud's users, groups and memberships as the tests drive them."""

    name: str
    wire: str
    parent: str
    parent_id: str
    separator: str
    users: Any  # each kind's provider through one front-end (tests/frontends.py)
    groups: Any
    memberships: Any
    backend: Any

    def user(self, user_name: str) -> tuple[str, dict[str, Any]]:
        result = self.users.create({self.parent: self.parent_id, "user_name": user_name})
        return result.id, result.outs

    def group(self, group_name: str, **fields: Any) -> tuple[str, dict[str, Any]]:
        result = self.groups.create({self.parent: self.parent_id, "group_name": group_name, **fields})
        return result.id, result.outs

    def membership(self, group_id: str, user_id: str) -> tuple[str, dict[str, Any]]:
        result = self.memberships.create({self.parent: self.parent_id, "group_id": group_id, "user_id": user_id})
        return result.id, result.outs

    def members(self, group_id: str) -> list[str]:
        return self.backend.group_member_ids(self.parent_id, group_id)


def providers(front_end: str, *bindings: type[DirectoryResourceProvider]) -> list[Any]:
    """The kinds' providers through ``front_end``; the native ones share one plugin process, as in a stack."""
    shared = DirectoryProvider(threads=4) if front_end == "native" else None
    return [provider_for(binding, front_end, shared) for binding in bindings]


@pytest.fixture(params=["tencentcloud", "alicloud"])
def directory(request: pytest.FixtureRequest, clouds: FakeClouds, front_end: str) -> Directory:
    if request.param == "tencentcloud":
        return Directory("tencentcloud", "tencent", "zone_id", TENCENT_ZONE_ID, "#",
                         *providers(front_end, TencentUserProvider, TencentGroupProvider, TencentGroupMembershipProvider),
                         clouds.tencent)
    return Directory("alicloud", "alicloud", "directory_id", ALICLOUD_DIRECTORY_ID, ":",
                     *providers(front_end, AlicloudUserProvider, AlicloudGroupProvider, AlicloudGroupMembershipProvider),
                     clouds.alicloud)


def actions(clouds: FakeClouds, directory: Directory) -> list[str]:
    return [c.action for c in clouds.calls_for(directory.wire)]


# ----------------------------------------------------------------------------- groups


def test_a_group_is_created_with_its_ids_and_times_and_previews_clean(directory: Directory) -> None:
    rid, outs = directory.group("platform", description="The platform team")

    group_id = outs["group_id"]
    assert rid == f"{directory.parent_id}{directory.separator}{group_id}" and group_id.startswith("g-")
    assert outs["group_name"] == "platform" and outs["description"] == "The platform team"
    assert outs["create_time"] and outs["update_time"]
    assert directory.backend.find_group(directory.parent_id, "platform")["GroupId"] == group_id
    assert not directory.groups.diff(rid, outs, {directory.parent: directory.parent_id, "group_name": "platform",
                                                 "description": "The platform team"}).changes


def test_renaming_a_group_updates_it_in_place_with_one_call(directory: Directory, clouds: FakeClouds) -> None:
    rid, outs = directory.group("platform")
    news = {directory.parent: directory.parent_id, "group_name": "platform-eng"}
    plan = directory.groups.diff(rid, outs, news)
    assert plan.replaces == [] and plan.changes is not False
    clouds.clear_calls()

    outs = directory.groups.update(rid, outs, news).outs

    assert actions(clouds, directory) == ["UpdateGroup"]
    assert outs["group_name"] == "platform-eng"
    assert directory.backend.find_group(directory.parent_id, "platform-eng")["GroupId"] == outs["group_id"]


def test_what_diff_calls_stable_is_what_updates_in_place_keep(directory: Directory, clouds: FakeClouds) -> None:
    where = {directory.parent: directory.parent_id}
    clouds.clock = lambda: datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
    group_rid, group = directory.group("platform")
    user_rid, user = directory.user("alice")
    clouds.clock = lambda: datetime(2026, 11, 23, 13, 0, tzinfo=timezone.utc)  # an hour later: times would differ
    for provider, rid, olds, news in (
            (directory.groups, group_rid, group, {**where, "group_name": "platform-eng", "description": "d"}),
            (directory.users, user_rid, user, {**where, "user_name": "alice", "display_name": "Alice"})):
        diff = provider.diff(rid, olds, news)
        outs = provider.update(rid, olds, news).outs
        assert diff.stables and {k: outs.get(k) for k in diff.stables} == {k: olds.get(k) for k in diff.stables}
        assert outs["update_time"] != olds["update_time"]  # the fake's clock moved: a change would show


def test_the_ids_the_fakes_give_pass_the_specs_id_rules(directory: Directory) -> None:
    from pulumi_directory_users.validation import check_inputs

    _, group = directory.group("platform")
    _, user = directory.user("alice")
    ids = {directory.parent: directory.parent_id, "group_id": group["group_id"], "user_id": user["user_id"]}
    assert check_inputs(directory.memberships.spec, ids) == []
    assert len(user["user_id"]) == len(group["group_id"]) == {"tencentcloud": 14, "alicloud": 22}[directory.name]


def test_a_taken_group_name_names_the_group_and_adopt_existing(directory: Directory) -> None:
    existing = directory.backend.create_group(**{_param(directory): directory.parent_id, "GroupName": "ops"})
    with pytest.raises(AlreadyExists) as caught:
        directory.group("ops")
    assert f"Group 'ops' already exists in {_label(directory)} {directory.parent_id} as {existing['GroupId']}" in str(caught.value)
    assert "adopt_existing=True" in str(caught.value)

    rid, outs = directory.group("ops", adopt_existing=True, description="adopted")
    assert outs["group_id"] == existing["GroupId"] and outs["description"] == "adopted"


def test_a_group_deleted_out_of_band_is_dropped_by_refresh_and_its_delete_is_done(directory: Directory) -> None:
    rid, outs = directory.group("platform")
    directory.backend.remove_group(directory.parent_id, outs["group_id"])
    assert directory.groups.read(rid, outs).id is None
    directory.groups.delete(rid, outs)


def test_a_group_with_members_cannot_be_deleted_and_the_error_says_what_to_remove(directory: Directory) -> None:
    rid, outs = directory.group("platform")
    _, user = directory.user("alice")
    directory.membership(outs["group_id"], user["user_id"])
    with pytest.raises(DeleteBlocked, match="members.*GroupMembership"):
        directory.groups.delete(rid, outs)
    assert directory.backend.find_group(directory.parent_id, "platform") is not None


# ----------------------------------------------------------------------------- memberships


def test_a_membership_adds_the_user_reads_back_and_removes_it(directory: Directory, clouds: FakeClouds) -> None:
    _, group = directory.group("platform")
    _, user = directory.user("alice")
    group_id, user_id = group["group_id"], user["user_id"]

    rid, outs = directory.membership(group_id, user_id)

    sep = directory.separator
    assert rid == f"{directory.parent_id}{sep}{group_id}{sep}{user_id}"
    assert directory.members(group_id) == [user_id]
    clouds.clear_calls()
    assert directory.memberships.read(rid, outs).id == rid
    assert actions(clouds, directory) == ["ListJoinedGroupsForUser"]

    directory.memberships.delete(rid, outs)
    assert directory.members(group_id) == []
    directory.memberships.delete(rid, outs)  # already gone: done


def test_a_membership_removed_out_of_band_is_dropped_by_refresh(directory: Directory) -> None:
    _, group = directory.group("platform")
    _, user = directory.user("alice")
    rid, outs = directory.membership(group["group_id"], user["user_id"])
    directory.backend.remove_user_from_group(directory.parent_id, user["user_id"], group["group_id"])
    assert directory.memberships.read(rid, outs).id is None


def test_every_membership_input_replaces(directory: Directory) -> None:
    olds = {directory.parent: directory.parent_id, "group_id": "g-aaa", "user_id": "u-bbb"}
    for name, value in (("group_id", "g-ccc"), ("user_id", "u-ddd")):
        plan = directory.memberships.diff("x", olds, {**olds, name: value})
        assert plan.replaces == [name] and plan.delete_before_replace


def test_a_member_cannot_be_deleted_and_removing_the_membership_first_lets_it_go(directory: Directory) -> None:
    _, group = directory.group("platform")
    user_rid, user = directory.user("alice")
    rid, outs = directory.membership(group["group_id"], user["user_id"])
    with pytest.raises(DeleteBlocked, match="member of a"):
        directory.users.delete(user_rid, user)

    directory.memberships.delete(rid, outs)  # what the engine does first: the membership depends on the user
    directory.users.delete(user_rid, user)
    assert directory.backend.users(directory.parent_id) == []


def test_a_membership_that_exists_already_is_a_conflict_not_a_takeover(directory: Directory) -> None:
    _, group = directory.group("platform")
    _, user = directory.user("alice")
    directory.backend.add_user_to_group(directory.parent_id, user["user_id"], group["group_id"])
    with pytest.raises(AlreadyExists, match="already a member"):
        directory.membership(group["group_id"], user["user_id"])


def _param(directory: Directory) -> str:
    return "ZoneId" if directory.name == "tencentcloud" else "DirectoryId"


def _label(directory: Directory) -> str:
    return "zone" if directory.name == "tencentcloud" else "directory"


# ----------------------------------------------------------------------------- Alibaba password and MFA


ALI = {"directory_id": ALICLOUD_DIRECTORY_ID, "user_name": "bob"}


def test_a_password_is_set_after_create_and_on_change_and_never_read_back(clouds: FakeClouds, front_end: str) -> None:
    provider = provider_for(AlicloudUserProvider, front_end)
    result = provider.create({**ALI, "password": "Str0ng!Pass"})
    user_id = result.outs["user_id"]
    assert [c.action for c in clouds.calls_for("alicloud")] == ["CreateUser", "ResetUserPassword"]
    assert clouds.alicloud.password_matches(ALICLOUD_DIRECTORY_ID, user_id, "Str0ng!Pass")
    clouds.clear_calls()

    refreshed = provider.read(result.id, result.outs)
    assert refreshed.outs["password"] == "Str0ng!Pass"  # kept from state: the cloud never shows it
    assert [c.action for c in clouds.calls_for("alicloud")] == ["ListUsers"]

    provider.update(result.id, result.outs, {**ALI, "password": "N3w!Passw0rd"})
    assert clouds.alicloud.password_matches(ALICLOUD_DIRECTORY_ID, user_id, "N3w!Passw0rd")
    assert "N3w!Passw0rd" not in repr([c.params for c in clouds.calls if c.action != "ResetUserPassword"])


def test_mfa_setting_is_set_read_back_on_refresh_and_restored(clouds: FakeClouds, front_end: str) -> None:
    provider = provider_for(AlicloudUserProvider, front_end)
    result = provider.create({**ALI, "mfa_authentication_settings": "Disabled"})
    user_id = result.outs["user_id"]
    assert [c.action for c in clouds.calls_for("alicloud")] == ["CreateUser", "UpdateUserMFAAuthenticationSettings"]
    assert result.outs["mfa_authentication_settings"] == "Disabled"

    clouds.alicloud.set_mfa_out_of_band(ALICLOUD_DIRECTORY_ID, user_id, "Enabled")
    refreshed = provider.read(result.id, result.outs)
    assert refreshed.inputs["mfa_authentication_settings"] == "Enabled"
    assert provider.diff(result.id, refreshed.outs, {**ALI, "mfa_authentication_settings": "Disabled"}).changes is not False

    clouds.clear_calls()
    provider.update(result.id, refreshed.outs, {**ALI, "mfa_authentication_settings": "Disabled"})
    assert [c.action for c in clouds.calls_for("alicloud")] == ["UpdateUserMFAAuthenticationSettings"]
    assert clouds.alicloud.login_settings(ALICLOUD_DIRECTORY_ID, user_id)["mfa"] == "Disabled"


def test_without_an_mfa_input_refresh_makes_no_mfa_call(clouds: FakeClouds, front_end: str) -> None:
    provider = provider_for(AlicloudUserProvider, front_end)
    result = provider.create(dict(ALI))
    clouds.clear_calls()
    provider.read(result.id, result.outs)
    assert [c.action for c in clouds.calls_for("alicloud")] == ["ListUsers"]


def test_a_group_name_taken_in_another_case_is_a_clear_conflict_at_once(directory: Directory, clouds: FakeClouds) -> None:
    existing = directory.backend.create_group(**{_param(directory): directory.parent_id, "GroupName": "Ops"})
    clouds.clear_calls()
    with pytest.raises(AlreadyExists, match=f"as {existing['GroupId']}"):
        directory.group("ops")
    assert actions(clouds, directory) == ["CreateGroup", "ListGroups"]
