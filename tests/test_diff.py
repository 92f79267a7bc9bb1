"""diff and update planning: what replaces, what updates in place, and in which order."""

from __future__ import annotations

from typing import Any

import pytest
from pulumi.output import UNKNOWN

from pulumi_directory_users.errors import InvalidRequest
from pulumi_directory_users.dynamic_provider import shown_changes
from pulumi_directory_users.lifecycle import plan_diff, plan_update, refreshed_inputs
from pulumi_directory_users.spec import ALICLOUD_USER, TENCENT_USER

TC_STATE = {
    "zone_id": "z-1os7c9tyugct", "user_name": "alice", "email": "alice@example.com",
    "user_status": "Enabled", "user_type": "Manual", "user_id": "u-abc", "create_time": "t",
    "__provider": "blob-1",
}
ALI_STATE = {
    "directory_id": "d-00fc2p61abcd", "user_name": "bob", "status": "Enabled",
    "tags": {"team": "sre"}, "user_id": "u-def", "provision_type": "Manual",
}


def tc_news(**changes: Any) -> dict[str, Any]:
    news = {"zone_id": TC_STATE["zone_id"], "user_name": "alice", "email": "alice@example.com",
            "__provider": "blob-2"}
    news.update(changes)
    return {k: v for k, v in news.items() if v is not None}


def test_unchanged_inputs_are_no_change_even_with_defaults_left_out_and_a_new_provider_blob() -> None:
    plan = plan_diff(TENCENT_USER, TC_STATE, tc_news())
    assert (plan.changes, plan.replaces) == (False, [])


@pytest.mark.parametrize("field, value", [
    ("display_name", "Alice"), ("first_name", "A"), ("last_name", "L"), ("description", "d"),
    ("email", "other@example.com"), ("user_status", "Disabled"), ("need_reset_password", True),
])
def test_profile_and_status_fields_update_in_place(field: str, value: Any) -> None:
    plan = plan_diff(TENCENT_USER, TC_STATE, tc_news(**{field: value}))
    assert (plan.changes, plan.replaces) == (True, [])


def test_the_engine_is_told_no_changes_or_left_to_show_which_inputs_change() -> None:
    # "Unknown" (None) makes the engine show only the inputs that differ, not every output.
    assert shown_changes(plan_diff(TENCENT_USER, TC_STATE, tc_news())) is False
    assert shown_changes(plan_diff(TENCENT_USER, TC_STATE, tc_news(email="ALICE@example.com"))) is False
    assert shown_changes(plan_diff(TENCENT_USER, TC_STATE, tc_news(user_name="alice2"))) is None
    assert shown_changes(plan_diff(TENCENT_USER, TC_STATE, tc_news(display_name="Alice"))) is None


@pytest.mark.parametrize("changes, replaced", [
    ({"user_name": "alice2"}, ["user_name"]),
    ({"user_name": "alice2", "email": "a2@example.com"}, ["user_name"]),
    ({"user_name": "alice2", "email": None}, ["user_name"]),
    ({"zone_id": "z-otherzone000"}, ["zone_id"]),
    ({"user_type": "Synchronized"}, ["user_type"]),
])
def test_every_replacement_deletes_the_old_user_first_so_swaps_and_chains_can_go_through(
    changes: dict[str, Any], replaced: list[str]
) -> None:
    plan = plan_diff(TENCENT_USER, TC_STATE, tc_news(**changes))
    assert plan.replaces == replaced and plan.delete_before_replace


def test_unknown_zone_counts_as_a_replace() -> None:
    plan = plan_diff(TENCENT_USER, TC_STATE, tc_news(zone_id=UNKNOWN))
    assert plan.changes and plan.replaces == ["zone_id"] and plan.delete_before_replace


def test_unknown_updatable_value_counts_as_a_change_not_a_replace() -> None:
    plan = plan_diff(TENCENT_USER, TC_STATE, tc_news(display_name=UNKNOWN))
    assert (plan.changes, plan.replaces) == (True, [])


def test_adopt_existing_is_ours_alone_and_never_a_change() -> None:
    assert not plan_diff(TENCENT_USER, TC_STATE, tc_news(adopt_existing=True)).changes


def test_alicloud_tag_changes_update_in_place() -> None:
    news = {"directory_id": ALI_STATE["directory_id"], "user_name": "bob", "tags": {"team": "dev"}}
    assert plan_diff(ALICLOUD_USER, ALI_STATE, news).replaces == []
    assert plan_diff(ALICLOUD_USER, ALI_STATE, news).changes


def test_update_plan_sends_only_what_changed_and_clears_removed_fields() -> None:
    current = {**TC_STATE, "display_name": "Old", "description": "keep"}
    wanted = {**tc_news(display_name="New", description="keep", user_status="Disabled")}
    plan = plan_update(TENCENT_USER, current, wanted)
    assert plan.main == {"display_name": "New"} and plan.own == {"user_status": "Disabled"}

    cleared = plan_update(TENCENT_USER, current, tc_news(description="keep", email=None))
    assert cleared.main == {"display_name": "", "email": ""} and not cleared.own


def test_update_plan_for_tags_carries_the_old_and_the_new_tags_for_their_own_action() -> None:
    current = {**ALI_STATE, "tags": {"team": "sre", "env": "dev", "cost": "1"}}
    wanted = {**ALI_STATE, "tags": {"team": "sre", "env": "prod", "owner": "me"}}
    plan = plan_update(ALICLOUD_USER, current, wanted)
    assert plan.own == {"tags": {"team": "sre", "env": "prod", "owner": "me"}}
    assert plan.current == {"tags": {"team": "sre", "env": "dev", "cost": "1"}}
    assert not plan.main


def test_update_plan_refuses_an_immutable_change() -> None:
    with pytest.raises(InvalidRequest, match="user_name cannot change in place"):
        plan_update(TENCENT_USER, TC_STATE, tc_news(user_name="other"))


def test_refreshed_inputs_leave_out_cloud_defaults_and_keep_local_flags() -> None:
    record = {"zone_id": "z-1os7c9tyugct", "user_name": "alice", "display_name": "Changed",
              "description": "", "user_status": "Enabled", "user_type": "Manual",
              "need_reset_password": False, "user_id": "u-abc"}
    old = {**TC_STATE, "adopt_existing": True, "need_reset_password": True}
    assert refreshed_inputs(TENCENT_USER, record, old) == {
        "zone_id": "z-1os7c9tyugct", "user_name": "alice", "display_name": "Changed",
        "need_reset_password": True, "adopt_existing": True,
    }


# Written out by hand: what an update in place of each kind never changes, so the engine may keep it.
STABLE_ON_UPDATE = {
    ("tencentcloud", "user"): {"zone_id", "user_name", "user_type", "user_id", "create_time", "password",
                               "initial_password_lost"},
    ("alicloud", "user"): {"directory_id", "user_name", "user_id", "create_time", "provision_type"},
    ("tencentcloud", "group"): {"zone_id", "group_type", "group_id", "create_time"},
    ("alicloud", "group"): {"directory_id", "group_id", "create_time", "provision_type"},
    ("tencentcloud", "group membership"): {"zone_id", "group_id", "user_id"},
    ("alicloud", "group membership"): {"directory_id", "group_id", "user_id"},
}


def _providers() -> list[Any]:
    from pulumi_directory_users.clouds import alicloud, tencentcloud

    return [tencentcloud.TencentUserProvider(), alicloud.AlicloudUserProvider(), tencentcloud.TencentGroupProvider(),
            alicloud.AlicloudGroupProvider(), tencentcloud.TencentGroupMembershipProvider(),
            alicloud.AlicloudGroupMembershipProvider()]


def test_every_kind_names_its_stable_outputs_and_only_those() -> None:
    assert {(p.spec.cloud, p.spec.kind): set(p.spec.stables) for p in _providers()} == STABLE_ON_UPDATE
    changing = {o.name for p in _providers() for o in p.spec.outputs if o.name not in p.spec.stables}
    assert changing == {"update_time", "member_count"}  # what an update (or a member added) changes


def test_an_update_in_place_tells_the_engine_the_stables_and_a_replacement_none() -> None:
    from pulumi_directory_users.clouds.tencentcloud import TencentUserProvider

    provider = TencentUserProvider()
    in_place = provider.diff("z-1os7c9tyugct#u-abc", TC_STATE, tc_news(display_name="Alice"))
    assert in_place.replaces == [] and set(in_place.stables or ()) == STABLE_ON_UPDATE[("tencentcloud", "user")]
    replaced = provider.diff("z-1os7c9tyugct#u-abc", TC_STATE, tc_news(user_name="alice2"))
    assert replaced.replaces == ["user_name"] and replaced.stables is None
    unknown = provider.diff("z-1os7c9tyugct#u-abc", TC_STATE, tc_news(zone_id=UNKNOWN))
    assert unknown.replaces == ["zone_id"] and unknown.stables is None
