"""Users that exist before the program: read them with ``User.get``, or take them over with ``adopt_existing``."""

from __future__ import annotations

import pulumi
import pytest
from pulumi import automation as auto

from pulumi_directory_users import alicloud as ali_resources
from pulumi_directory_users import tencentcloud as tc_resources
from pulumi_directory_users.testing import ALICLOUD_DIRECTORY_ID, TENCENT_ZONE_ID

from .harness import AlicloudSdk, EngineWorkspace, TencentSdk, ops

pytestmark = pytest.mark.engine

_TC_FIELDS = ("zone_id", "user_name", "display_name", "email", "description", "user_status", "user_type",
              "user_id", "create_time", "update_time")
_ALI_FIELDS = ("directory_id", "user_name", "display_name", "email", "description", "status", "tags",
               "user_id", "create_time", "update_time", "provision_type")


def test_user_get_reads_existing_users_into_the_program_and_destroy_leaves_them_alone(
    workspace: EngineWorkspace, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    tc_user = tencent.create("erin", DisplayName="Erin Existing", Email="erin@example.com", Description="from SDK")
    ali_user = alicloud.create("erin", DisplayName="Erin Existing", Email="erin@example.com",
                               Tags=[{"Key": "team", "Value": "sre"}])

    def program() -> None:
        tc = tc_resources.User.get("erin-tc", f"{TENCENT_ZONE_ID}#{tc_user['UserId']}")
        ali = ali_resources.User.get("erin-ali", f"{ALICLOUD_DIRECTORY_ID}:{ali_user['UserId']}")
        pulumi.export("tc", {name: getattr(tc, name) for name in _TC_FIELDS})
        pulumi.export("ali", {name: getattr(ali, name) for name in _ALI_FIELDS})

    stack = workspace.stack(program, "directory-users-get")
    up = stack.up()

    assert ops(up.summary.resource_changes) == {"create": 1}  # the stack; the users are only read
    assert [op for op, name in stack.steps() if name.startswith("erin")] == ["read", "read"]
    tc_out, ali_out = up.outputs["tc"].value, up.outputs["ali"].value
    assert tc_out == {
        "zone_id": TENCENT_ZONE_ID, "user_name": "erin", "display_name": "Erin Existing",
        "email": "erin@example.com", "description": "from SDK", "user_status": "Enabled",
        "user_type": "Manual", "user_id": tc_user["UserId"], "create_time": tc_user["CreateTime"],
        "update_time": tc_user["UpdateTime"],
    }
    assert ali_out == {
        "directory_id": ALICLOUD_DIRECTORY_ID, "user_name": "erin", "display_name": "Erin Existing",
        "email": "erin@example.com", "description": None, "status": "Enabled", "tags": {"team": "sre"},
        "user_id": ali_user["UserId"], "create_time": ali_user["CreateTime"],
        "update_time": ali_user["UpdateTime"], "provision_type": "Manual",
    }

    stack.destroy()

    assert [u["UserId"] for u in tencent.users()] == [tc_user["UserId"]]
    assert [u["UserId"] for u in alicloud.users()] == [ali_user["UserId"]]


def _declare(cloud: str, adopt: bool) -> None:
    """The program of the adoption story: the person as the team wants them."""
    common = dict(user_name="frank", display_name="Frank Declared", email="frank@example.com",
                  description="managed by Pulumi")
    if cloud == "tencentcloud":
        user = tc_resources.User("frank", zone_id=TENCENT_ZONE_ID, adopt_existing=adopt or None, **common)
    else:
        user = ali_resources.User("frank", directory_id=ALICLOUD_DIRECTORY_ID, tags={"team": "platform"},
                                  adopt_existing=adopt or None, **common)
    pulumi.export("user_id", user.user_id)


@pytest.mark.parametrize("cloud", ["tencentcloud", "alicloud"])
def test_adopt_existing_takes_over_a_user_that_a_plain_up_refuses_to_touch(
    cloud: str, workspace: EngineWorkspace, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    sdk = tencent if cloud == "tencentcloud" else alicloud
    existing = sdk.create("frank", DisplayName="Frank Console", Email="frank@example.com")
    stack = workspace.stack(lambda: _declare(cloud, adopt=False), f"directory-users-adopt-{cloud}")

    with pytest.raises(auto.CommandError) as refused:
        stack.up()

    message = str(refused.value)
    assert existing["UserId"] in message and "adopt_existing" in message, message
    assert [(u["UserId"], u["DisplayName"]) for u in sdk.users()] == [(existing["UserId"], "Frank Console")]

    up = stack.up(program=lambda: _declare(cloud, adopt=True))

    assert ops(up.summary.resource_changes) == {"create": 1, "same": 1}
    assert up.outputs["user_id"].value == existing["UserId"]
    (user,) = sdk.users()
    full = sdk.get(existing["UserId"])
    assert (user["UserId"], full["DisplayName"], full["Description"]) == (
        existing["UserId"], "Frank Declared", "managed by Pulumi"
    )
    if cloud == "alicloud":
        assert {t["Key"]: t["Value"] for t in full["Tags"]} == {"team": "platform"}
    # From now on the user is managed like any other.
    assert ops(stack.preview(program=lambda: _declare(cloud, adopt=True)).change_summary) == {"same": 2}
