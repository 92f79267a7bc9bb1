"""Changes made behind the engine's back (in the console, by a script): refresh sees them, up repairs them."""

from __future__ import annotations

import pytest

from .harness import AlicloudSdk, EngineStack, EngineWorkspace, TencentSdk, ops

pytestmark = pytest.mark.engine


def _user_urns(stack: EngineStack) -> list[str]:
    resources = stack.stack.export_stack().deployment.get("resources") or []
    return [r["urn"] for r in resources if r["type"].endswith(":User")]


def test_users_deleted_out_of_band_are_dropped_by_refresh_and_recreated_by_up(
    workspace: EngineWorkspace, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    stack = workspace.example("both")
    stack.up()
    tencent.delete(tencent.user("carol")["UserId"])  # type: ignore[index]
    alicloud.delete(alicloud.user("carol")["UserId"])  # type: ignore[index]

    refresh = stack.refresh()

    assert ops(refresh.summary.resource_changes) == {"delete": 2, "same": 1}
    assert _user_urns(stack) == []

    up = stack.up()

    assert ops(up.summary.resource_changes) == {"create": 2, "same": 1}
    tc_user, ali_user = tencent.user("carol"), alicloud.user("carol")
    assert tc_user is not None and ali_user is not None
    assert up.outputs["tencent_user_id"].value == tc_user["UserId"]
    assert up.outputs["alibaba_user_id"].value == ali_user["UserId"]
    assert len(_user_urns(stack)) == 2


def test_a_refresh_without_changes_in_the_clouds_leaves_nothing_to_do(
    workspace: EngineWorkspace, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    stack = workspace.example("both")
    stack.up()

    refresh = stack.refresh()

    assert ops(refresh.summary.resource_changes) == {"same": 3}
    assert ops(stack.preview().change_summary) == {"same": 3}


def test_a_display_name_changed_out_of_band_shows_as_a_diff_after_refresh_and_up_restores_it(
    workspace: EngineWorkspace, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    stack = workspace.example("both")
    stack.up()
    tc_id, ali_id = tencent.user("carol")["UserId"], alicloud.user("carol")["UserId"]  # type: ignore[index]
    tencent.update(tc_id, NewDisplayName="Changed In Console")
    alicloud.update(ali_id, NewDisplayName="Changed In Console")

    # Without a refresh the engine only knows its own state: nothing to do.
    assert ops(stack.preview().change_summary) == {"same": 3}
    stack.refresh()
    preview = stack.preview()

    assert ops(preview.change_summary) == {"update": 2, "same": 1}

    up = stack.up()

    assert ops(up.summary.resource_changes) == {"update": 2, "same": 1}
    assert tencent.get(tc_id)["DisplayName"] == "Carol Example"
    assert alicloud.get(ali_id)["DisplayName"] == "Carol Example"
    assert ops(stack.preview().change_summary) == {"same": 3}
