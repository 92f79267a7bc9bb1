"""What ``preview`` says before anything is created: bad inputs fail early, unknown inputs do not."""

from __future__ import annotations

import pulumi
import pytest
from pulumi import automation as auto

from pulumi_directory_users import alicloud as ali_resources
from pulumi_directory_users import tencentcloud as tc_resources
from pulumi_directory_users.testing import ALICLOUD_DIRECTORY_ID, TENCENT_ZONE_ID

from .harness import AlicloudSdk, Emulator, EngineWorkspace, TencentSdk, ops
from .zone_source import PassThrough

pytestmark = pytest.mark.engine

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"  # the engine's marker of a value not known yet


@pytest.mark.parametrize("example, resource, product", [
    ("tencentcloud", "alice", "Tencent Cloud Identity Center"),
    ("alicloud", "bob", "Alibaba Cloud CloudSSO"),
])
def test_a_bad_user_name_fails_the_preview_naming_the_field_and_creates_nothing(
    example: str, resource: str, product: str,
    workspace: EngineWorkspace, emulator: Emulator, tencent: TencentSdk, alicloud: AlicloudSdk,
) -> None:
    stack = workspace.example(example, {"userName": "bad name!"})
    mark = emulator.mark()

    with pytest.raises(auto.CommandError) as failed:
        stack.preview()

    # check() is pure: the preview did not call the clouds at all.
    assert emulator.calls_since(mark) == []

    output = str(failed.value)
    assert f"User ({resource}):" in output, output
    assert (f"User resource '{resource}' has a problem: "
            f"user_name 'bad name!' contains ' ', '!', which {product} does not allow") in output, output
    assert tencent.users() == [] and alicloud.users() == []


def _users_in_zone_and_directory_from_other_resources() -> None:
    zone = PassThrough("zone", source=TENCENT_ZONE_ID)
    directory = PassThrough("directory", source=ALICLOUD_DIRECTORY_ID)
    tc = tc_resources.User("gina-tc", zone_id=zone.value, user_name="gina", email="gina@example.com")
    ali = ali_resources.User("gina-ali", directory_id=directory.value, user_name="gina", email="gina@example.com")
    pulumi.export("tc_id", tc.id)
    pulumi.export("ali_id", ali.id)


def test_a_zone_id_known_only_after_another_resource_is_created_previews_cleanly_then_ups(
    workspace: EngineWorkspace, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    stack = workspace.stack(_users_in_zone_and_directory_from_other_resources, "directory-users-unknowns")

    preview = stack.preview()

    assert ops(preview.change_summary) == {"create": 5}
    planned = {
        e.resource_pre_event.metadata.urn.rsplit("::", 1)[-1]: e.resource_pre_event.metadata.new.inputs
        for e in stack.events
        if e.resource_pre_event is not None and e.resource_pre_event.metadata.new is not None
    }
    # The test is only worth something if the parent ids really were unknown at preview.
    assert planned["gina-tc"]["zone_id"] == UNKNOWN
    assert planned["gina-ali"]["directory_id"] == UNKNOWN
    assert "error" not in preview.stdout.lower() and "warning" not in preview.stdout.lower(), preview.stdout
    assert tencent.users() == [] and alicloud.users() == []

    up = stack.up()

    assert ops(up.summary.resource_changes) == {"create": 5}
    tc_user, ali_user = tencent.user("gina"), alicloud.user("gina")
    assert tc_user is not None and ali_user is not None
    assert up.outputs["tc_id"].value == f"{TENCENT_ZONE_ID}#{tc_user['UserId']}"
    assert up.outputs["ali_id"].value == f"{ALICLOUD_DIRECTORY_ID}:{ali_user['UserId']}"
