"""Create, update, replace and destroy users through the real engine, running the examples."""

from __future__ import annotations

import pytest

from .harness import AlicloudSdk, Emulator, EngineWorkspace, TencentSdk, ops

pytestmark = pytest.mark.engine


def test_up_creates_the_person_in_both_clouds_then_preview_is_clean_and_destroy_empties_them(
    workspace: EngineWorkspace, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    stack = workspace.example("both")

    up = stack.up()

    assert ops(up.summary.resource_changes) == {"create": 3}
    outputs = {name: value.value for name, value in up.outputs.items()}
    tc_user, ali_user = tencent.user("carol"), alicloud.user("carol")
    assert tc_user is not None and ali_user is not None
    assert outputs["tencent_user_id"] == tc_user["UserId"]
    assert outputs["tencent_create_time"] == tc_user["CreateTime"]
    assert outputs["alibaba_user_id"] == ali_user["UserId"]
    assert outputs["alibaba_create_time"] == ali_user["CreateTime"]
    assert (tc_user["DisplayName"], tc_user["Email"]) == ("Carol Example", "carol@example.com")
    # The CloudSSO user was built from the Identity Center user's outputs.
    ali_full = alicloud.get(ali_user["UserId"])
    assert ali_full["DisplayName"] == "Carol Example"
    assert ali_full["Description"] == f"Tencent Identity Center user {tc_user['UserId']}"
    assert {t["Key"]: t["Value"] for t in ali_full["Tags"]} == {
        "tencent-user-id": tc_user["UserId"], "team": "platform"
    }

    preview = stack.preview()
    assert ops(preview.change_summary) == {"same": 3}

    destroy = stack.destroy()
    assert ops(destroy.summary.resource_changes) == {"delete": 3}
    assert tencent.users() == [] and alicloud.users() == []


@pytest.mark.parametrize("example, user_name", [("tencentcloud", "alice"), ("alicloud", "bob")])
def test_each_single_cloud_example_ups_and_destroys_cleanly(
    example: str, user_name: str, workspace: EngineWorkspace, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    cloud = tencent if example == "tencentcloud" else alicloud
    stack = workspace.example(example)

    up = stack.up()

    assert ops(up.summary.resource_changes) == {"create": 2}
    user = cloud.user(user_name)
    assert user is not None and up.outputs["user_id"].value == user["UserId"]
    assert up.outputs["create_time"].value == user["CreateTime"]
    if example == "alicloud":
        tags = {t["Key"]: t["Value"] for t in alicloud.get(user["UserId"])["Tags"]}
        assert tags == {"team": "platform", "env": "demo"}

    destroy = stack.destroy()

    assert ops(destroy.summary.resource_changes) == {"delete": 2}
    assert cloud.users() == []
    stack.stack.workspace.remove_stack("engine")


def test_changing_the_display_name_updates_both_users_in_place(
    workspace: EngineWorkspace, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    stack = workspace.example("both")
    stack.up()
    tc_id, ali_id = tencent.user("carol")["UserId"], alicloud.user("carol")["UserId"]  # type: ignore[index]

    stack.set_config({"displayName": "Carol Renamed"})
    preview = stack.preview()
    up = stack.up()

    # The CloudSSO user takes its display name from the Identity Center user: both update.
    assert ops(preview.change_summary) == {"update": 2, "same": 1}
    assert ops(up.summary.resource_changes) == {"update": 2, "same": 1}
    assert tencent.get(tc_id)["DisplayName"] == "Carol Renamed"
    assert alicloud.get(ali_id)["DisplayName"] == "Carol Renamed"
    assert [u["UserId"] for u in tencent.users()] == [tc_id]
    assert [u["UserId"] for u in alicloud.users()] == [ali_id]


@pytest.mark.parametrize("example, old_name, email", [
    ("tencentcloud", "alice", "alice@example.com"),
    ("alicloud", "bob", "bob@example.com"),
])
def test_renaming_with_the_same_email_replaces_the_user_deleting_the_old_one_first(
    example: str, old_name: str, email: str,
    workspace: EngineWorkspace, emulator: Emulator, tencent: TencentSdk, alicloud: AlicloudSdk,
) -> None:
    cloud = tencent if example == "tencentcloud" else alicloud
    stack = workspace.example(example)
    stack.up()
    old_id = cloud.user(old_name)["UserId"]  # type: ignore[index]
    mark = emulator.mark()

    stack.set_config({"userName": f"{old_name}2"})
    up = stack.up()

    assert ops(up.summary.resource_changes) == {"replace": 1, "same": 1}
    steps = [op for op, name in stack.steps() if name == old_name]
    # Both users want the same email, which is unique: the old one must go first.
    assert steps.index("delete-replaced") < steps.index("create-replacement"), steps
    writes = [c.action for c in emulator.calls_since(mark) if c.action in ("CreateUser", "DeleteUser")]
    assert writes == ["DeleteUser", "CreateUser"]
    (new_user,) = cloud.users()
    assert new_user["UserName"] == f"{old_name}2" and new_user["Email"] == email
    assert new_user["UserId"] != old_id and up.outputs["user_id"].value == new_user["UserId"]


def test_renaming_with_a_new_email_also_deletes_the_old_user_first_after_checking_the_name_is_free(
    workspace: EngineWorkspace, emulator: Emulator, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    stack = workspace.example("both")
    stack.up()
    mark = emulator.mark()

    # examples/both derives the email from the name: a new name means a new email too.
    stack.set_config({"userName": "dave"})
    up = stack.up()

    assert ops(up.summary.resource_changes) == {"replace": 2, "same": 1}
    for resource in ("tencent-user", "alibaba-user"):
        steps = [op for op, name in stack.steps() if name == resource]
        assert steps.index("delete-replaced") < steps.index("create-replacement"), (resource, steps)
    for cloud in ("tencent", "alicloud"):
        calls = [c.action for c in emulator.calls_since(mark) if c.cloud == cloud]
        # Before deleting, one listing checks that the new name and email are free.
        assert [a for a in calls if a in ("CreateUser", "DeleteUser")] == ["DeleteUser", "CreateUser"], cloud
        assert "ListUsers" in calls[: calls.index("DeleteUser")], (cloud, calls)
    assert [(u["UserName"], u["Email"]) for u in tencent.users()] == [("dave", "dave@example.com")]
    assert [(u["UserName"], u["Email"]) for u in alicloud.users()] == [("dave", "dave@example.com")]
    assert up.outputs["tencent_user_id"].value == tencent.users()[0]["UserId"]
