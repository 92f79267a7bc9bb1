"""Users that exist before the program: read them with ``User.get``, or take them over with ``adopt_existing``."""

from __future__ import annotations

import pulumi
import pytest
from pulumi import automation as auto

from pulumi_directory_users import alicloud as ali_resources
from pulumi_directory_users import tencentcloud as tc_resources
from pulumi_directory_users.testing import ALICLOUD_DIRECTORY_ID, TENCENT_ZONE_ID

from .harness import AlicloudSdk, EngineWorkspace, Form, TencentSdk, ops

pytestmark = pytest.mark.engine

_TC_FIELDS = ("zone_id", "user_name", "display_name", "email", "description", "user_status", "user_type",
              "user_id", "create_time", "update_time")
_ALI_FIELDS = ("directory_id", "user_name", "display_name", "email", "description", "status", "tags",
               "user_id", "create_time", "update_time", "provision_type")


def _pre_create_erin(tencent: TencentSdk, alicloud: AlicloudSdk) -> tuple[dict, dict]:
    tc = tencent.create("erin", DisplayName="Erin Existing", Email="erin@example.com", Description="from SDK")
    ali = alicloud.create("erin", DisplayName="Erin Existing", Email="erin@example.com",
                          Tags=[{"Key": "team", "Value": "sre"}])
    return tc, ali


def _get_erin(form: Form, tc_id: str, ali_id: str) -> None:
    """A program that reads Erin from both clouds by resource id and exports her fields."""
    tc = form.tencentcloud.User.get("erin-tc", f"{TENCENT_ZONE_ID}#{tc_id}")
    ali = form.alicloud.User.get("erin-ali", f"{ALICLOUD_DIRECTORY_ID}:{ali_id}")
    pulumi.export("tc", {name: getattr(tc, name) for name in _TC_FIELDS})
    pulumi.export("ali", {name: getattr(ali, name) for name in _ALI_FIELDS})


def test_user_get_reads_existing_users_into_the_program_and_destroy_leaves_them_alone(
    workspace: EngineWorkspace, form: Form, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    tc_user, ali_user = _pre_create_erin(tencent, alicloud)
    stack = workspace.stack(lambda: _get_erin(form, tc_user["UserId"], ali_user["UserId"]), "directory-users-get",
                            form=form)

    up = stack.up()

    assert ops(up.summary.resource_changes) == {"create": 1}  # the stack; the users are only read
    assert [op for op, name in stack.steps() if name.startswith("erin")] == ["read", "read"]
    # Everything comes from the cloud, the zone/directory id from the resource id.
    assert up.outputs["tc"].value == {
        "zone_id": TENCENT_ZONE_ID, "user_name": "erin", "display_name": "Erin Existing",
        "email": "erin@example.com", "description": "from SDK", "user_status": "Enabled", "user_type": "Manual",
        "user_id": tc_user["UserId"], "create_time": tc_user["CreateTime"], "update_time": tc_user["UpdateTime"],
    }
    assert up.outputs["ali"].value == {
        "directory_id": ALICLOUD_DIRECTORY_ID, "user_name": "erin", "display_name": "Erin Existing",
        "email": "erin@example.com", "description": None, "status": "Enabled", "tags": {"team": "sre"}, "user_id": ali_user["UserId"],
        "create_time": ali_user["CreateTime"], "update_time": ali_user["UpdateTime"], "provision_type": "Manual",
    }

    stack.destroy()

    assert [u["UserId"] for u in tencent.users()] == [tc_user["UserId"]]
    assert [u["UserId"] for u in alicloud.users()] == [ali_user["UserId"]]


def _declare(adopt: bool) -> None:
    """The program of the adoption stories: one person in both clouds, as the team wants them."""
    common = dict(user_name="frank", display_name="Frank Declared", email="frank@example.com",
                  description="managed by Pulumi", adopt_existing=adopt or None)
    tc = tc_resources.User("frank-tc", zone_id=TENCENT_ZONE_ID, **common)
    ali = ali_resources.User("frank-ali", directory_id=ALICLOUD_DIRECTORY_ID, tags={"team": "platform"}, **common)
    pulumi.export("tc_user_id", tc.user_id)
    pulumi.export("ali_user_id", ali.user_id)


def _pre_create_frank(tencent: TencentSdk, alicloud: AlicloudSdk) -> tuple[str, str]:
    """Frank as someone created him in the consoles before the program existed."""
    tc = tencent.create("frank", DisplayName="Frank Console", Email="frank@example.com")
    ali = alicloud.create("frank", DisplayName="Frank Console", Email="frank@example.com")
    return tc["UserId"], ali["UserId"]


def test_up_refuses_to_take_over_an_existing_user_and_names_it_and_adopt_existing(
    workspace: EngineWorkspace, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    tc_id, ali_id = _pre_create_frank(tencent, alicloud)
    stack = workspace.stack(lambda: _declare(adopt=False), "directory-users-adopt")

    with pytest.raises(auto.CommandError) as refused:
        # (The engine stops at the first failed step unless told to go on: both refusals are wanted here.)
        stack.up(continue_on_error=True)

    message = str(refused.value)
    for cloud_label, user_id in (("zone", tc_id), ("directory", ali_id)):
        assert f"User 'frank' already exists in {cloud_label}" in message, message
        assert f"as {user_id}" in message, message
    assert "adopt_existing=True" in message, message
    # Nothing was changed or added.
    assert [(u["UserId"], u["DisplayName"]) for u in tencent.users()] == [(tc_id, "Frank Console")]
    assert [(u["UserId"], u["DisplayName"]) for u in alicloud.users()] == [(ali_id, "Frank Console")]


def test_adopt_existing_takes_over_existing_users_and_updates_them_to_the_declared_fields(
    workspace: EngineWorkspace, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    tc_id, ali_id = _pre_create_frank(tencent, alicloud)
    stack = workspace.stack(lambda: _declare(adopt=True), "directory-users-adopt")

    up = stack.up()

    assert ops(up.summary.resource_changes) == {"create": 3}
    assert (up.outputs["tc_user_id"].value, up.outputs["ali_user_id"].value) == (tc_id, ali_id)
    assert [u["UserId"] for u in tencent.users()] == [tc_id]
    assert [u["UserId"] for u in alicloud.users()] == [ali_id]
    tc, ali = tencent.get(tc_id), alicloud.get(ali_id)
    assert (tc["DisplayName"], tc["Description"]) == ("Frank Declared", "managed by Pulumi")
    assert (ali["DisplayName"], ali["Description"]) == ("Frank Declared", "managed by Pulumi")
    assert {t["Key"]: t["Value"] for t in ali["Tags"]} == {"team": "platform"}
    # From now on the users are managed like any other.
    assert ops(stack.preview().change_summary) == {"same": 3}
