"""Several users changing at once, answers lost, a wrong zone: the provider neither loses nor steals a user.

The tests call the provider the way the engine does in one deployment: ``diff`` for every resource
already in the state, then each replacement as delete-then-create, resources in parallel threads.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace
from typing import Any, Callable

import pytest

from pulumi_directory_users import lifecycle
from pulumi_directory_users.errors import (
    AlreadyExists,
    InvalidRequest,
    NotFound,
    ParentNotFound,
    StillHeld,
    ResourceGone,
)
from pulumi_directory_users.testing import FakeClouds

from .conftest import Cloud

Resource = tuple[str, dict[str, Any]]  # (resource id, outputs) as the state holds them


@pytest.fixture(autouse=True)
def short_diff_grace(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test diffs its resources before their steps: no need to wait for late diffs."""
    monkeypatch.setattr(lifecycle, "DIFF_GRACE", 0.2)


def create(cloud: Cloud, user_name: str, **fields: Any) -> Resource:
    result = cloud.provider.create(cloud.inputs(user_name=user_name, **fields))
    return result.id, result.outs


def replace(cloud: Cloud, resource: Resource, news: dict[str, Any]) -> Resource:
    """What the engine does for a delete-before-replace: the diff said so, then delete, then create."""
    plan = cloud.provider.diff(resource[0], resource[1], news)
    assert plan.replaces and plan.delete_before_replace
    cloud.provider.delete(*resource)
    result = cloud.provider.create(news)
    return result.id, result.outs


def in_parallel(*steps: Callable[[], Any]) -> list[Any]:
    with ThreadPoolExecutor(len(steps)) as pool:
        return [f.result() for f in [pool.submit(step) for step in steps]]


def cloud_users(cloud: Cloud) -> dict[str, tuple[str, str]]:
    """user id -> (user name, email), as the fake cloud holds them."""
    return {u["UserId"]: (u["UserName"], u.get("Email") or "") for u in cloud.backend.users(cloud.parent_id)}


def state_users(cloud: Cloud, *resources: Resource) -> dict[str, tuple[str, str]]:
    return {cloud.user_id(rid): (outs["user_name"], outs.get("email") or "") for rid, outs in resources}


def deployment(cloud: Cloud, changes: list[tuple[Resource, dict[str, Any]]]) -> None:
    """Diff every resource first, as the engine does while the program registers them."""
    for (rid, outs), news in changes:
        cloud.provider.diff(rid, outs, news)


# ----------------------------------------------------------------------------- swaps, chains, moves


@pytest.mark.parametrize("swap_emails", [False, True], ids=["names", "names-and-emails"])
def test_a_swap_of_user_names_in_one_deployment_ends_with_both_users_and_nothing_else(
    cloud: Cloud, swap_emails: bool
) -> None:
    a = create(cloud, "alice", email="alice@example.com")
    b = create(cloud, "bob", email="bob@example.com")
    a_news = cloud.inputs(user_name="bob", email="bob@example.com" if swap_emails else "a2@example.com")
    b_news = cloud.inputs(user_name="alice", email="alice@example.com" if swap_emails else "b2@example.com")
    deployment(cloud, [(a, a_news), (b, b_news)])

    new_a, new_b = in_parallel(lambda: replace(cloud, a, a_news), lambda: replace(cloud, b, b_news))

    assert cloud_users(cloud) == state_users(cloud, new_a, new_b)
    assert sorted(name for name, _ in cloud_users(cloud).values()) == ["alice", "bob"]
    assert new_a[1]["user_name"] == "bob" and new_b[1]["user_name"] == "alice"


def test_a_swap_with_adopt_existing_on_both_never_takes_over_the_other_resources_user(cloud: Cloud) -> None:
    a = create(cloud, "alice", adopt_existing=True)
    b = create(cloud, "bob", adopt_existing=True)
    a_news, b_news = cloud.inputs(user_name="bob", adopt_existing=True), cloud.inputs(user_name="alice", adopt_existing=True)
    deployment(cloud, [(a, a_news), (b, b_news)])

    new_a, new_b = in_parallel(lambda: replace(cloud, a, a_news), lambda: replace(cloud, b, b_news))

    # Two users in the cloud, the ones the state holds: fresh ids, not the other resource's old user.
    assert cloud_users(cloud) == state_users(cloud, new_a, new_b)
    assert {cloud.user_id(new_a[0]), cloud.user_id(new_b[0])}.isdisjoint({cloud.user_id(a[0]), cloud.user_id(b[0])})


def test_a_chain_of_renames_waits_for_the_next_link(cloud: Cloud) -> None:
    a, b = create(cloud, "ann"), create(cloud, "ben")
    a_news, b_news = cloud.inputs(user_name="ben"), cloud.inputs(user_name="cat")
    deployment(cloud, [(a, a_news), (b, b_news)])

    new_a, new_b = in_parallel(lambda: replace(cloud, a, a_news), lambda: replace(cloud, b, b_news))

    assert cloud_users(cloud) == state_users(cloud, new_a, new_b)
    assert sorted(name for name, _ in cloud_users(cloud).values()) == ["ben", "cat"]


def test_a_swap_of_emails_updates_both_users_in_place(cloud: Cloud, clouds: FakeClouds) -> None:
    a = create(cloud, "alice", email="alice@example.com")
    b = create(cloud, "bob", email="bob@example.com")
    a_news = cloud.inputs(user_name="alice", email="bob@example.com")
    b_news = cloud.inputs(user_name="bob", email="alice@example.com")
    deployment(cloud, [(a, a_news), (b, b_news)])

    new_a, new_b = in_parallel(
        lambda: cloud.provider.update(a[0], a[1], a_news).outs,
        lambda: cloud.provider.update(b[0], b[1], b_news).outs,
    )

    assert cloud_users(cloud) == {
        cloud.user_id(a[0]): ("alice", "bob@example.com"),
        cloud.user_id(b[0]): ("bob", "alice@example.com"),
    }
    assert (new_a["email"], new_b["email"]) == ("bob@example.com", "alice@example.com")


def test_a_rename_onto_a_name_no_resource_gives_up_deletes_nothing(cloud: Cloud, clouds: FakeClouds) -> None:
    """The move case: the holder belongs to no resource the deployment has diffed (a removed one, or a stranger)."""
    stranger = create(cloud, "alice")
    cloud.provider.lifecycle().ledger.note_deleted(cloud.user_id(stranger[0]))  # forget it: as if another stack made it
    y = create(cloud, "bob")
    y_news = cloud.inputs(user_name="alice")
    deployment(cloud, [(y, y_news)])
    before = cloud_users(cloud)

    with pytest.raises(AlreadyExists) as caught:
        replace(cloud, y, y_news)

    message = str(caught.value)
    assert f"held by user {cloud.user_id(stranger[0])}" in message and "Nothing was deleted" in message
    assert "removed from the program" in message and "next" in message
    assert cloud_users(cloud) == before
    assert [c.action for c in clouds.calls_for(cloud.wire) if c.action == "DeleteUser"] == []


def test_waiting_for_a_name_is_bounded_and_names_the_holder(cloud: Cloud, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIRECTORY_USERS_RETRY_DEADLINE", "1")
    a, b = create(cloud, "alice"), create(cloud, "bob")
    a_news, b_news = cloud.inputs(user_name="bob"), cloud.inputs(user_name="carol")
    deployment(cloud, [(a, a_news), (b, b_news)])
    cloud.provider.delete(*a)  # B's step never comes: its user keeps the name

    with pytest.raises(StillHeld) as caught:
        cloud.provider.create(a_news)

    assert f"'bob' in " in str(caught.value) and cloud.user_id(b[0]) in str(caught.value)
    assert "directory-users:retryDeadline" in str(caught.value)
    assert sorted(name for name, _ in cloud_users(cloud).values()) == ["bob"]


# ----------------------------------------------------------------------------- adoption


def test_adoption_never_takes_over_a_user_another_resource_of_the_stack_holds(cloud: Cloud) -> None:
    held = create(cloud, "bob")
    deployment(cloud, [(held, cloud.inputs(user_name="bob"))])

    with pytest.raises(AlreadyExists, match="another resource of this stack manages it"):
        cloud.provider.create(cloud.inputs(user_name="bob", adopt_existing=True, display_name="Thief"))

    assert cloud_users(cloud) == state_users(cloud, held)
    assert cloud.user(cloud.user_id(held[0])).get("DisplayName", "") == ""


def test_the_conflict_recommends_adopt_existing_only_for_a_user_outside_the_stack(cloud: Cloud) -> None:
    held = create(cloud, "bob")
    deployment(cloud, [(held, cloud.inputs(user_name="bob"))])
    with pytest.raises(AlreadyExists) as inside:
        cloud.provider.create(cloud.inputs(user_name="bob"))
    assert "adopt_existing" not in str(inside.value)
    assert "another resource of this stack" in str(inside.value)

    foreign = cloud.precreate("zed")
    with pytest.raises(AlreadyExists) as outside:
        cloud.provider.create(cloud.inputs(user_name="zed"))
    assert "adopt_existing=True" in str(outside.value) and foreign["UserId"] in str(outside.value)


# ----------------------------------------------------------------------------- only "this user is gone" means gone


def _remove_parent(cloud: Cloud, clouds: FakeClouds) -> None:
    containers = clouds.tencent.zones if cloud.name == "tencentcloud" else clouds.alicloud.directories
    containers.pop(cloud.parent_id)


def test_a_removed_zone_or_directory_fails_read_update_and_delete_loudly(cloud: Cloud, clouds: FakeClouds) -> None:
    rid, outs = create(cloud, "alice")
    _remove_parent(cloud, clouds)

    with pytest.raises(ParentNotFound, match=f"{cloud.parent_id} does not exist"):
        cloud.provider.read(rid, outs)
    with pytest.raises(ParentNotFound):
        cloud.provider.update(rid, outs, cloud.inputs(user_name="alice", display_name="x"))
    with pytest.raises(ParentNotFound):
        cloud.provider.delete(rid, outs)


def test_a_generic_not_found_is_not_taken_for_a_deleted_user(tencent: Cloud, clouds: FakeClouds) -> None:
    rid, outs = create(tencent, "alice")
    # A refresh reads the listing, then asks GetUser about a user the listing could not show.
    clouds.faults.fail_next("tencent", "ListUsers", "ResourceNotFound.Zone")
    clouds.faults.fail_next("tencent", "GetUser", "ResourceNotFound.Zone")
    clouds.faults.fail_next("tencent", "DeleteUser", "ResourceNotFound.Zone")

    with pytest.raises(NotFound) as read_error:
        tencent.provider.read(rid, outs)
    with pytest.raises(NotFound) as delete_error:
        tencent.provider.delete(rid, outs)

    assert not isinstance(read_error.value, ResourceGone) and not isinstance(delete_error.value, ResourceGone)
    assert clouds.faults.pending() == 0
    assert [(c.action, c.error) for c in clouds.calls_for("tencent")][-3:] == [
        ("ListUsers", "ResourceNotFound.Zone"), ("GetUser", "ResourceNotFound.Zone"),
        ("DeleteUser", "ResourceNotFound.Zone")]
    assert tencent.user_ids() == [tencent.user_id(rid)]


def test_the_cloud_saying_this_user_is_gone_drops_it(cloud: Cloud) -> None:
    rid, outs = create(cloud, "alice")
    cloud.backend.remove_user(cloud.parent_id, cloud.user_id(rid))
    assert cloud.provider.read(rid, outs).id is None
    cloud.provider.delete(rid, outs)  # already gone: done


# ----------------------------------------------------------------------------- recovery after a lost answer



def test_after_a_server_error_a_foreign_same_named_user_is_not_taken_over(cloud: Cloud, clouds: FakeClouds) -> None:
    foreign = cloud.precreate("alice", DisplayName="Someone Else")
    # The server error lands after the real create would have collided: the retry meets "name taken".
    clouds.faults.fail_next(cloud.wire, "CreateUser", cloud.server_error_code)

    with pytest.raises(AlreadyExists, match=foreign["UserId"]):
        cloud.provider.create(cloud.inputs(user_name="alice", display_name="Alice Declared"))

    assert clouds.faults.pending() == 0
    assert [(c.action, c.error) for c in clouds.calls_for(cloud.wire, "CreateUser")] == [
        ("CreateUser", cloud.server_error_code), ("CreateUser", cloud.name_taken_code)]
    assert cloud.user(foreign["UserId"])["DisplayName"] == "Someone Else"
    assert cloud.user_ids() == [foreign["UserId"]]


def test_an_old_user_with_the_same_fields_is_not_mistaken_for_our_lost_create(cloud: Cloud, clouds: FakeClouds) -> None:
    real_clock = clouds.clock
    clouds.clock = lambda: datetime.now(timezone.utc) - timedelta(hours=2)
    old = cloud.precreate("alice")
    clouds.clock = real_clock
    clouds.faults.fail_next(cloud.wire, "CreateUser", cloud.server_error_code)

    with pytest.raises(AlreadyExists, match=old["UserId"]):
        cloud.provider.create(cloud.inputs(user_name="alice"))
    assert clouds.faults.pending() == 0


FIRST_ATTEMPT = datetime(2026, 11, 23, 12, 0, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("age, ours", [(60, False), (25, True)])
def test_only_a_user_created_within_the_clock_skew_allowance_of_our_first_attempt_is_claimed(
        cloud: Cloud, clouds: FakeClouds, monkeypatch: pytest.MonkeyPatch, age: int, ours: bool) -> None:
    # Our first attempt starts at FIRST_ATTEMPT by the provider's clock; the cloud made the same-named
    # user with identical fields `age` seconds before, by its own. 30 s of skew are allowed: 25 s is
    # taken for our lost create, 60 s is someone else's user.
    monkeypatch.setattr(lifecycle, "time", SimpleNamespace(time=FIRST_ATTEMPT.timestamp, monotonic=time.monotonic))
    clouds.clock = lambda: FIRST_ATTEMPT - timedelta(seconds=age)
    existing = cloud.precreate("alice", DisplayName="Alice")
    clouds.faults.fail_next(cloud.wire, "CreateUser", cloud.server_error_code)

    if ours:
        rid, _ = create(cloud, "alice", display_name="Alice")
        assert cloud.user_id(rid) == existing["UserId"]
    else:
        with pytest.raises(AlreadyExists, match=existing["UserId"]):
            create(cloud, "alice", display_name="Alice")
    assert [c.error for c in clouds.calls_for(cloud.wire, "CreateUser")] == [
        cloud.server_error_code, cloud.name_taken_code]
    assert cloud.user_ids() == [existing["UserId"]]


def test_a_genuinely_lost_answer_recovers_our_own_user(cloud: Cloud, clouds: FakeClouds) -> None:
    clouds.faults.drop_after_commit(cloud.wire, "CreateUser")

    rid, outs = create(cloud, "alice", display_name="Alice Example")

    assert clouds.faults.pending() == 0
    # The first CreateUser committed and its answer was dropped; the retry met the name taken.
    assert [c.error for c in clouds.calls_for(cloud.wire, "CreateUser")] == [None, cloud.name_taken_code]
    assert cloud.user_ids() == [cloud.user_id(rid)]
    assert outs["display_name"] == "Alice Example"


def test_a_lost_tencent_answer_says_the_initial_password_is_lost(
    tencent: Cloud, clouds: FakeClouds, capsys: pytest.CaptureFixture[str]
) -> None:
    clouds.faults.drop_after_commit("tencent", "CreateUser")

    rid, outs = create(tencent, "alice")

    assert clouds.faults.pending() == 0
    assert outs["initial_password_lost"] is True and "password" not in outs
    warning = capsys.readouterr().err
    assert "answer was lost" in warning and "need_reset_password" in warning and tencent.user_id(rid) in warning
    # Kept across refresh, like the password it replaces.
    assert tencent.provider.read(rid, outs).outs["initial_password_lost"] is True


def test_a_normal_tencent_create_has_a_password_and_no_loss_flag(tencent: Cloud) -> None:
    _, outs = create(tencent, "alice")
    assert outs["password"] and "initial_password_lost" not in outs



# ----------------------------------------------------------------------------- no silent parameter loss


def test_a_parameter_the_sdk_model_does_not_know_is_refused_before_anything_is_sent(
    cloud: Cloud, clouds: FakeClouds
) -> None:
    api = cloud.provider.lifecycle().api()
    with pytest.raises(InvalidRequest, match="NewUserNmae.*silently drop.*nothing was sent"):
        api._request("UpdateUser", cloud.parent_id, {"user_id": "u-x"}, NewUserNmae="typo")
    assert clouds.calls_for(cloud.wire, "UpdateUser") == []


def test_a_name_conflict_whose_holder_never_shows_stops_after_three_more_tries(cloud: Cloud, clouds: FakeClouds) -> None:
    # The cloud says "taken" but lists no such user (a replica lagging, say): a race, tried a few times only.
    clouds.faults.fail_next(cloud.wire, "CreateUser", cloud.name_taken_code, times=10)

    with pytest.raises(AlreadyExists):
        cloud.provider.create(cloud.inputs(user_name="alice"))

    assert [c.error for c in clouds.calls_for(cloud.wire, "CreateUser")] == [cloud.name_taken_code] * 4
    assert clouds.faults.pending() == 6 and cloud.user_ids() == []
