"""What preview announces is what up does: an in-place change of a user or a group does not show
the memberships that name them as replaced, in either cloud and either form of the resources.
"""

from __future__ import annotations

from typing import Any

import pytest

from pulumi_directory_users.testing import ALICLOUD_DIRECTORY_ID, TENCENT_ZONE_ID

from .harness import EngineStack, EngineWorkspace, Form, ops

pytestmark = pytest.mark.engine


def _program(form: Form, shape: dict[str, str]) -> None:
    """Per cloud: one user, one group, the user in the group, and a second user in it too."""
    for cloud, zone, parent in ((form.tencentcloud, TENCENT_ZONE_ID, "zone_id"),
                                (form.alicloud, ALICLOUD_DIRECTORY_ID, "directory_id")):
        prefix = cloud.__name__.rsplit(".", 1)[-1]
        where: dict[str, Any] = {parent: zone}
        alice = cloud.User(f"{prefix}-alice", **where, user_name="alice", display_name=shape["display_name"])
        bob = cloud.User(f"{prefix}-bob", **where, user_name="bob")
        group = cloud.Group(f"{prefix}-group", **where, group_name=shape["group_name"])
        for name, user in (("alice", alice), ("bob", bob)):
            cloud.GroupMembership(f"{prefix}-{name}-in-group", **where, group_id=group.group_id, user_id=user.user_id)


def _step_ops(stack: EngineStack, names: list[str]) -> dict[str, tuple[str, ...]]:
    """Resource name -> the steps the last operation took for it, in order (a replacement takes three)."""
    taken: dict[str, tuple[str, ...]] = {}
    for op, name in stack.steps():
        taken[name] = (*taken.get(name, ()), op)
    return {name: taken.get(name, ()) for name in names}


def _plan_then_apply(stack: EngineStack, names: list[str]) -> tuple[dict[str, tuple[str, ...]], ...]:
    stack.preview()
    previewed = _step_ops(stack, names)
    stack.up()
    return previewed, _step_ops(stack, names)


def test_renaming_a_group_or_a_users_display_name_previews_exactly_the_steps_up_takes(
    workspace: EngineWorkspace, form: Form,
) -> None:
    shape = {"display_name": "Alice", "group_name": "admins"}
    stack = workspace.stack(lambda: _program(form, shape), "directory-users-preview-matches-up", form=form)
    assert ops(stack.up().summary.resource_changes) == {"create": 11}  # and the stack
    names = [f"{c}-{n}" for c in ("tencentcloud", "alicloud")
             for n in ("alice", "bob", "group", "alice-in-group", "bob-in-group")]
    unchanged = {name: ("same",) for name in names}

    shape["group_name"] = "administrators"
    previewed, applied = _plan_then_apply(stack, names)
    expected = {**unchanged, "tencentcloud-group": ("update",), "alicloud-group": ("update",)}
    assert previewed == expected, previewed
    assert applied == expected, applied

    shape["display_name"] = "Alice Example"
    previewed, applied = _plan_then_apply(stack, names)
    expected = {**unchanged, "tencentcloud-alice": ("update",), "alicloud-alice": ("update",)}
    assert previewed == expected, previewed
    assert applied == expected, applied
