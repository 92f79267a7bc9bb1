"""Stacks of many users: reads share a paged listing, updates make one call, calls are paced,
and a program can declare thousands of users.

Call counts are read from the fakes' recorded calls; out-of-band changes are made in the
fakes' state directly, as another tool would make them in the cloud.
"""

from __future__ import annotations

import json

import math
import pickle
import threading
from typing import Any

import pulumi
import pytest

from pulumi_directory_users import settings
from pulumi_directory_users.errors import ParentNotFound
from pulumi_directory_users.listing import Listings
from pulumi_directory_users.ratelimit import RateLimiter, TokenBucket, parse_limits
from pulumi_directory_users.testing import FakeClouds

from .conftest import Cloud

PAGE = 100  # ListUsers' largest page, in both clouds


def seed_users(cloud: Cloud, count: int, prefix: str = "user") -> dict[str, str]:
    """``count`` users made in the fake cloud directly: {user_name: resource id}."""
    parent_param = cloud.provider.spec.field(cloud.parent).api_name
    ids = {}
    for i in range(count):
        name = f"{prefix}{i:04d}"
        user = cloud.backend.create_user(**{parent_param: cloud.parent_id, "UserName": name,
                                            "DisplayName": f"User {i}"})
        ids[name] = f"{cloud.parent_id}{cloud.separator}{user['UserId']}"
    return ids


def state_of(cloud: Cloud, resource_id: str, user_name: str) -> dict[str, Any]:
    """The outputs a stack would hold for a user it created with only a display name."""
    return {cloud.parent: cloud.parent_id, "user_name": user_name, "display_name": "stale",
            "user_id": cloud.user_id(resource_id)}


def actions(clouds: FakeClouds, cloud: Cloud) -> list[str]:
    return [c.action for c in clouds.calls_for(cloud.wire)]


def fresh_provider(cloud: Cloud) -> Cloud:
    """The same cloud behind a new provider object: a new provider process, no listing yet."""
    return Cloud(**{**cloud.__dict__, "provider": cloud.fresh_provider()})


# ----------------------------------------------------------------------------- refresh by pages


@pytest.mark.parametrize("count", [40, 250])
def test_a_refresh_reads_every_user_with_pages_instead_of_one_get_each(
        cloud: Cloud, clouds: FakeClouds, count: int) -> None:
    ids = seed_users(cloud, count)
    clouds.clear_calls()
    results = {name: cloud.provider.read(rid, state_of(cloud, rid, name)) for name, rid in ids.items()}
    assert all(r.id == ids[name] and r.outs["display_name"] == f"User {int(name[4:])}"
               for name, r in results.items())
    made = actions(clouds, cloud)
    pages = math.ceil(count / PAGE)
    assert made.count("ListUsers") == pages
    # Reads of users beyond the first page use GetUser until that costs as much as the pages left.
    assert made.count("GetUser") == pages - 1
    assert len(made) <= 2 * pages + 2


def test_out_of_band_changes_and_deletions_before_the_refresh_show_up(
        cloud: Cloud, clouds: FakeClouds) -> None:
    ids = seed_users(cloud, 230)
    changed, deleted = ["user0003", "user0150", "user0229"], ["user0007", "user0120", "user0228"]
    for name in changed:
        cloud.backend.modify_user(cloud.parent_id, cloud.user_id(ids[name]), DisplayName=f"{name} renamed")
    for name in deleted:
        cloud.backend.remove_user(cloud.parent_id, cloud.user_id(ids[name]))
    clouds.clear_calls()
    results = {name: cloud.provider.read(rid, state_of(cloud, rid, name)) for name, rid in ids.items()}
    for name in changed:
        assert results[name].outs["display_name"] == f"{name} renamed"
        assert results[name].inputs["display_name"] == f"{name} renamed"
    assert sorted(name for name, r in results.items() if not r.id) == deleted
    assert all(results[name].outs == {} for name in deleted)
    # Each deletion was confirmed by the cloud saying this very user does not exist.
    not_found = [c.params["UserId"] for c in clouds.calls_for(cloud.wire, "GetUser")
                 if c.error in ("ResourceNotFound.UserNotExist", "EntityNotExists.User")]
    assert sorted(not_found) == sorted(cloud.user_id(ids[name]) for name in deleted)


def test_a_user_created_after_the_listing_is_confirmed_with_get_user(cloud: Cloud, clouds: FakeClouds) -> None:
    first = seed_users(cloud, 3)
    cloud.provider.read(first["user0000"], state_of(cloud, first["user0000"], "user0000"))
    late = seed_users(cloud, 1, prefix="late")  # e.g. by another process, after the listing
    clouds.clear_calls()
    result = cloud.provider.read(late["late0000"], state_of(cloud, late["late0000"], "late0000"))
    assert result.id == late["late0000"] and result.outs["user_name"] == "late0000"
    assert actions(clouds, cloud) == ["GetUser"]


def test_a_failed_listing_is_never_taken_for_gone(cloud: Cloud, clouds: FakeClouds) -> None:
    ids = seed_users(cloud, 2)
    code = "UnauthorizedOperation" if cloud.wire == "tencent" else "NoPermission"
    clouds.faults.fail_next(cloud.wire, "ListUsers", code)
    results = [cloud.provider.read(rid, state_of(cloud, rid, name)) for name, rid in ids.items()]
    assert [r.id for r in results] == list(ids.values())
    assert actions(clouds, cloud) == ["ListUsers", "GetUser", "GetUser"]
    assert clouds.calls_for(cloud.wire, "ListUsers")[0].error == code


def test_a_missing_zone_or_directory_fails_the_refresh_loudly(cloud: Cloud, clouds: FakeClouds) -> None:
    ids = seed_users(cloud, 1)
    code = "FailedOperation.ZoneIdNotExist" if cloud.wire == "tencent" else "EntityNotExists.Directory"
    clouds.faults.fail_next(cloud.wire, "ListUsers", code)
    clouds.faults.fail_next(cloud.wire, "GetUser", code)
    with pytest.raises(ParentNotFound):
        cloud.provider.read(ids["user0000"], state_of(cloud, ids["user0000"], "user0000"))


def test_our_own_update_is_never_hidden_by_an_older_listing(cloud: Cloud, clouds: FakeClouds) -> None:
    ids = seed_users(cloud, 3)
    rid = ids["user0001"]
    before = cloud.provider.read(rid, state_of(cloud, rid, "user0001"))
    cloud.provider.update(rid, before.outs, {**before.inputs, "display_name": "Updated"})
    clouds.clear_calls()
    after = cloud.provider.read(rid, before.outs)
    assert after.outs["display_name"] == "Updated"
    assert actions(clouds, cloud) == ["ListUsers"]  # a new listing, taken after our write


def test_a_listing_is_reused_for_a_bounded_time_only(cloud: Cloud, clouds: FakeClouds) -> None:
    ids = seed_users(cloud, 2)
    now = [0.0]
    cloud.provider.lifecycle().listings = Listings(ttl=60.0, clock=lambda: now[0])
    read = lambda name: cloud.provider.read(ids[name], state_of(cloud, ids[name], name))  # noqa: E731
    read("user0000")
    cloud.backend.modify_user(cloud.parent_id, cloud.user_id(ids["user0001"]), DisplayName="Later")
    now[0] = 59.0
    assert read("user0001").outs["display_name"] == "User 1"  # within the window: the listing's view
    now[0] = 61.0
    assert read("user0001").outs["display_name"] == "Later"
    assert actions(clouds, cloud).count("ListUsers") == 2


def test_each_provider_process_takes_its_own_listing(cloud: Cloud, clouds: FakeClouds) -> None:
    ids = seed_users(cloud, 2)
    cloud.provider.read(ids["user0000"], state_of(cloud, ids["user0000"], "user0000"))
    cloud.backend.modify_user(cloud.parent_id, cloud.user_id(ids["user0000"]), DisplayName="Changed")
    other = fresh_provider(cloud)
    assert other.provider.read(ids["user0000"], {}).outs["display_name"] == "Changed"
    if cloud.front_end == "dynamic":  # the native provider is a process, never serialized
        assert pickle.loads(pickle.dumps(cloud.provider)).__dict__ == {}


def test_alicloud_tags_come_from_the_listing(alibaba: Cloud, clouds: FakeClouds) -> None:
    ids = seed_users(alibaba, 2)
    alibaba.backend.set_tags_out_of_band(alibaba.parent_id, alibaba.user_id(ids["user0001"]),
                                         {"team": "sre", "acs:system": "1"})
    clouds.clear_calls()
    result = alibaba.provider.read(ids["user0001"], state_of(alibaba, ids["user0001"], "user0001"))
    assert result.outs["tags"] == {"team": "sre"}
    assert actions(clouds, alibaba) == ["ListUsers"]


# ----------------------------------------------------------------------------- one call per update


def test_a_profile_change_is_one_update_user_call_whose_answer_is_the_new_state(
        cloud: Cloud, clouds: FakeClouds) -> None:
    result = cloud.provider.create(cloud.inputs(display_name="Alice"))
    clouds.clear_calls()
    outs = cloud.provider.update(result.id, result.outs, cloud.inputs(display_name="Al")).outs
    assert actions(clouds, cloud) == ["UpdateUser"]
    stored = cloud.user(cloud.user_id(result.id))
    assert outs["display_name"] == "Al" and outs["update_time"] == stored["UpdateTime"]
    assert outs["create_time"] == result.outs["create_time"]


def test_status_and_profile_together_take_two_calls_and_no_read(cloud: Cloud, clouds: FakeClouds) -> None:
    result = cloud.provider.create(cloud.inputs(display_name="Alice"))
    clouds.clear_calls()
    news = cloud.inputs(display_name="Al", **{cloud.status: "Disabled"})
    outs = cloud.provider.update(result.id, result.outs, news).outs
    assert actions(clouds, cloud) == ["UpdateUserStatus", "UpdateUser"]
    assert outs[cloud.status] == "Disabled" and outs["display_name"] == "Al"
    assert outs["update_time"] == cloud.user(cloud.user_id(result.id))["UpdateTime"]


def test_a_tag_only_change_makes_only_the_tag_call(alibaba: Cloud, clouds: FakeClouds) -> None:
    result = alibaba.provider.create(alibaba.inputs(tags={"team": "sre"}))
    clouds.clear_calls()
    outs = alibaba.provider.update(result.id, result.outs, alibaba.inputs(tags={"team": "ops"})).outs
    assert actions(clouds, alibaba) == ["TagResources"]
    assert outs["tags"] == {"team": "ops"} and outs["user_id"] == result.outs["user_id"]


def test_alicloud_keeps_its_tags_when_update_user_answers_without_them(
        alibaba: Cloud, clouds: FakeClouds) -> None:
    result = alibaba.provider.create(alibaba.inputs(tags={"team": "sre", "env": "dev"}))
    clouds.clear_calls()
    news = alibaba.inputs(display_name="Alice", status="Disabled", tags={"team": "sre"})
    outs = alibaba.provider.update(result.id, result.outs, news).outs
    assert actions(clouds, alibaba) == ["UpdateUserStatus", "UntagResources", "UpdateUser"]
    assert outs["tags"] == {"team": "sre"} and outs["status"] == "Disabled" and outs["display_name"] == "Alice"
    assert alibaba.user(alibaba.user_id(result.id))["Tags"] == [{"Key": "team", "Value": "sre"}]


# ----------------------------------------------------------------------------- the client-side rate limit


def test_a_bucket_spaces_calls_at_its_rate_in_the_order_they_came() -> None:
    now = [0.0]
    bucket = TokenBucket(per_second=20, clock=lambda: now[0])
    assert [bucket.reserve() for _ in range(4)] == pytest.approx([0.0, 0.05, 0.10, 0.15])
    now[0] = 10.0  # long idle: at most `capacity` (one) token saved up
    assert [bucket.reserve() for _ in range(2)] == pytest.approx([0.0, 0.05])


def test_one_bucket_per_action_shared_by_every_thread() -> None:
    waits: list[float] = []
    lock = threading.Lock()

    def sleep(seconds: float) -> None:
        with lock:
            waits.append(seconds)

    limiter = RateLimiter({"CreateUser": 20, "*": 100}, clock=lambda: 0.0, sleep=sleep)
    threads = [threading.Thread(target=limiter.acquire, args=("CreateUser",)) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(waits) == pytest.approx([0.05 * i for i in range(1, 10)])  # the first went at once
    assert limiter.acquire("GetUser") == 0.0 and limiter.acquire("GetUser") == pytest.approx(0.01)


def test_rate_limits_come_from_the_documented_quotas_then_config_then_environment() -> None:
    def resolve(config: dict[str, str], env: dict[str, str]) -> dict[str, float]:
        env = {"TENCENTCLOUD_SECRET_ID": "id", "TENCENTCLOUD_SECRET_KEY": "key", **env}
        return dict(settings.resolve(settings.TENCENT_SOURCES, "Tencent", config.get, env).rate_limits)

    assert resolve({}, {}) == {"*": 20.0}
    env = {"DIRECTORY_USERS_TENCENTCLOUD_RATE_LIMITS": "CreateUser=5"}
    assert resolve({}, env) == {"*": 20.0, "CreateUser": 5.0}
    config = {"directory-users:tencentcloudRateLimits": "CreateUser=50, *=0"}
    assert resolve(config, env) == {"*": 0.0, "CreateUser": 50.0}
    assert "directory-users:tencentcloudRateLimits" in settings.TENCENT_SOURCES.config_keys
    assert "directory-users:alicloudRateLimits" in settings.ALICLOUD_SOURCES.config_keys


@pytest.mark.parametrize("bad", ["CreateUser", "CreateUser=fast", "=3", "CreateUser=-1", "Create User=1",
                                 "CreateUser=inf"])
def test_a_malformed_rate_limit_names_the_setting_and_the_rule(bad: str) -> None:
    env = {"TENCENTCLOUD_SECRET_ID": "id", "TENCENTCLOUD_SECRET_KEY": "key",
           "DIRECTORY_USERS_TENCENTCLOUD_RATE_LIMITS": bad}
    with pytest.raises(ValueError) as caught:
        settings.resolve(settings.TENCENT_SOURCES, "Tencent", {}.get, env)
    message = str(caught.value)
    assert "directory-users:tencentcloudRateLimits" in message and "DIRECTORY_USERS_TENCENTCLOUD_RATE_LIMITS" in message
    assert "ACTION=N" in message and "requests per second" in message


def test_parse_limits_accepts_a_per_second_suffix_and_spaces() -> None:
    assert parse_limits(" CreateUser=20/s ,DeleteUser = 10 ") == {"CreateUser": 20.0, "DeleteUser": 10.0}


# ----------------------------------------------------------------------------- thousands of registrations


class _RecordingMocks(pulumi.runtime.Mocks):
    """Plays the engine; keeps the serialized provider each resource was registered with."""

    def __init__(self) -> None:
        self.providers: dict[str, str] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.providers[args.name] = args.inputs["__provider"]
        return f"{args.inputs['zone_id']}#u-{args.name}", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list]:
        return {}, []


REGISTRATIONS = 2000  # the SDK's leak alone fails at about 960


@pytest.fixture
def recording_mocks() -> _RecordingMocks:
    mocks = _RecordingMocks()
    pulumi.runtime.set_mocks(mocks, preview=True)
    return mocks


@pulumi.runtime.test
def test_thousands_of_users_register_in_one_program_and_leave_the_pickler_as_they_found_it(
        recording_mocks: _RecordingMocks) -> Any:
    from pulumi_directory_users import tencentcloud

    pickler = pickle._Pickler  # type: ignore[attr-defined]
    before = (pickler.__dict__["_batch_setitems"], pickler.__dict__["save_dict"])
    users = [tencentcloud.User(f"user{i}", zone_id="z-1os7c9tyugct", user_name=f"user{i}")
             for i in range(REGISTRATIONS)]
    assert (pickler.__dict__["_batch_setitems"], pickler.__dict__["save_dict"]) == before

    def check(_: Any) -> None:
        providers = recording_mocks.providers
        assert len(providers) == REGISTRATIONS
        # The provider serializes the same after thousands of registrations as at first.
        assert providers["user0"] == providers[f"user{REGISTRATIONS - 1}"]
        assert len({json.dumps(p, sort_keys=True) for p in providers.values()}) == 1  # a secret: a dict

    return pulumi.Output.all(*(u.user_id for u in users)).apply(check)
