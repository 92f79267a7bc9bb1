"""Deployments that change several users at once: swaps, chains, moves. The cloud must end up
holding exactly the users the state holds, with the declared fields, and the next preview is clean.
Each runs through both forms of the resources (dynamic and native).
"""

from __future__ import annotations

from typing import Any, Callable

import pulumi
import pytest
from pulumi import automation as auto

from pulumi_directory_users.testing import ALICLOUD_DIRECTORY_ID, TENCENT_ZONE_ID

from .harness import AlicloudSdk, EngineStack, EngineWorkspace, Form, TencentSdk, ops

pytestmark = pytest.mark.engine

People = dict[str, dict[str, Any]]  # resource name -> inputs besides the zone/directory


def _program(form: Form, people: Callable[[], People]) -> Callable[[], None]:
    """Declare each person in both clouds; ``people()`` is read at each run, so tests can change it."""

    def program() -> None:
        for name, fields in people().items():
            tc = form.tencentcloud.User(f"{name}-tc", zone_id=TENCENT_ZONE_ID, **fields)
            ali = form.alicloud.User(f"{name}-ali", directory_id=ALICLOUD_DIRECTORY_ID, **fields)
            pulumi.export(f"{name}-tc", tc.user_id)
            pulumi.export(f"{name}-ali", ali.user_id)

    return program


def _cloud_matches_state(stack: EngineStack, tencent: TencentSdk, alicloud: AlicloudSdk, people: People) -> None:
    """Each cloud holds exactly the stack's users, with the declared names and emails."""
    outputs = stack.outputs()
    for suffix, sdk in (("tc", tencent), ("ali", alicloud)):
        in_cloud = {u["UserId"]: (u["UserName"], u.get("Email") or "") for u in sdk.users()}
        in_state = {outputs[f"{name}-{suffix}"].value: (f["user_name"], f.get("email") or "")
                    for name, f in people.items()}
        assert in_cloud == in_state, suffix


def _stack(workspace: EngineWorkspace, form: Form, people: dict[str, People], project: str) -> EngineStack:
    return workspace.stack(_program(form, lambda: people["now"]), project, form=form)


def test_swapping_names_and_emails_between_users_in_one_up(
    workspace: EngineWorkspace, form: Form, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    before: People = {
        # A and B swap names and emails together, C and D swap only emails, E and F swap only names,
        # G and H form a chain (G takes H's name, H a new one). A and B also carry adopt_existing,
        # which must not make either take over the other's user.
        "a": {"user_name": "alice", "email": "alice@example.com", "adopt_existing": True},
        "b": {"user_name": "bob", "email": "bob@example.com", "adopt_existing": True},
        "c": {"user_name": "carol", "email": "carol@example.com"},
        "d": {"user_name": "dan", "email": "dan@example.com"},
        "e": {"user_name": "erin"},
        "f": {"user_name": "fred"},
        "g": {"user_name": "gina"},
        "h": {"user_name": "hank"},
    }
    after: People = {
        **before,
        "a": {**before["b"]}, "b": {**before["a"]},
        "c": {"user_name": "carol", "email": "dan@example.com"},
        "d": {"user_name": "dan", "email": "carol@example.com"},
        "e": {"user_name": "fred"}, "f": {"user_name": "erin"},
        "g": {"user_name": "hank"}, "h": {"user_name": "ivan"},
    }
    people = {"now": before}
    stack = _stack(workspace, form, people, "directory-users-swaps")
    stack.up()
    old_ids = {k: v.value for k, v in stack.outputs().items()}

    people["now"] = after
    up = stack.up()

    assert ops(up.summary.resource_changes) == {"replace": 12, "update": 4, "same": 1}
    _cloud_matches_state(stack, tencent, alicloud, after)
    new_ids = {k: v.value for k, v in stack.outputs().items()}
    # Every replacement made a new user; the in-place email swaps kept theirs.
    for name in ("a", "b", "e", "f", "g", "h"):
        for suffix in ("tc", "ali"):
            assert new_ids[f"{name}-{suffix}"] not in old_ids.values(), (name, suffix)
    assert all(new_ids[k] == old_ids[k] for k in ("c-tc", "c-ali", "d-tc", "d-ali"))
    assert ops(stack.preview().change_summary) == {"same": 17}

    stack.destroy()
    assert tencent.users() == [] and alicloud.users() == []


def test_a_rename_onto_the_name_of_a_removed_resource_fails_before_deleting_and_works_in_two_ups(
    workspace: EngineWorkspace, form: Form, tencent: TencentSdk, alicloud: AlicloudSdk
) -> None:
    """The engine deletes removed resources only after the program's creates, so the move takes two ups."""
    before: People = {"x": {"user_name": "xena"}, "y": {"user_name": "yuri"}}
    people = {"now": before}
    stack = _stack(workspace, form, people, "directory-users-move")
    stack.up()
    ids_before = {u["UserId"] for u in tencent.users()} | {u["UserId"] for u in alicloud.users()}

    people["now"] = {"y": {"user_name": "xena"}}
    with pytest.raises(auto.CommandError) as refused:
        stack.up()

    message = str(refused.value)
    assert "Nothing was deleted" in message and "remove it in one `pulumi up`" in message, message
    assert {u["UserId"] for u in tencent.users()} | {u["UserId"] for u in alicloud.users()} == ids_before

    # The documented way: remove X first, then rename Y.
    people["now"] = {"y": {"user_name": "yuri"}}
    stack.up()
    people["now"] = {"y": {"user_name": "xena"}}
    stack.up()
    _cloud_matches_state(stack, tencent, alicloud, people["now"])
    assert ops(stack.preview().change_summary) == {"same": 3}
