"""The retry policy and where credentials come from, without any cloud."""

from __future__ import annotations

import random
from typing import Callable, Optional

import pytest

from pulumi_directory_users.errors import (
    DeadlineExceeded,
    InvalidRequest,
    MissingCredentials,
    Throttled,
    TransientFailure,
)
from pulumi_directory_users.retry import RetryPolicy
from pulumi_directory_users.settings import ALICLOUD_SOURCES, TENCENT_SOURCES, parse_endpoint, resolve

from .conftest import FakeTime


def policy(time: FakeTime, deadline: float = 60.0) -> RetryPolicy:
    return RetryPolicy(deadline=deadline, base_delay=1.0, max_delay=8.0,
                       clock=lambda: time.now, sleep=time.sleep, rng=random.Random(7))


def failing(times: int, error: Callable[[], Exception]) -> Callable[[], str]:
    calls = {"n": 0}

    def call() -> str:
        calls["n"] += 1
        if calls["n"] <= times:
            raise error()
        return f"ok after {calls['n']} calls"
    return call


def test_throttling_is_retried_until_success_with_capped_jittered_backoff() -> None:
    time = FakeTime()
    result = policy(time).run(failing(6, lambda: Throttled("slow down")), action="CreateUser")
    assert result == "ok after 7 calls"
    assert len(time.pauses) == 6
    assert all(0 <= p <= 8.0 for p in time.pauses)
    assert max(time.pauses) > 1.0  # the exponential step grew past the base delay


def test_retry_after_hint_is_honoured() -> None:
    time = FakeTime()
    policy(time).run(failing(1, lambda: Throttled("wait", retry_after=5.0)), action="GetUser")
    assert time.pauses == [5.0]


def test_deadline_bounds_the_retries_and_says_what_to_do() -> None:
    time = FakeTime()
    with pytest.raises(DeadlineExceeded) as caught:
        policy(time, deadline=10).run(
            failing(1000, lambda: TransientFailure("boom", ambiguous=False, code="InternalError")),
            action="DeleteUser",
        )
    assert time.now <= 10
    message = str(caught.value)
    assert "DeleteUser still failing" in message and "directory-users:retryDeadline" in message
    assert caught.value.code == "InternalError"


def test_non_retryable_errors_fail_at_once_and_remember_an_earlier_lost_answer() -> None:
    time = FakeTime()
    errors = iter([TransientFailure("dropped", ambiguous=True), InvalidRequest("taken")])

    def call() -> None:
        raise next(errors)

    with pytest.raises(InvalidRequest) as caught:
        policy(time).run(call, action="CreateUser")
    assert caught.value.after_ambiguous_failure
    assert len(time.pauses) == 1


def env_lookup(config: dict[str, str]) -> Callable[[str], Optional[str]]:
    return config.get


def test_config_wins_over_environment_and_region_defaults() -> None:
    env = {"TENCENTCLOUD_SECRET_ID": "env-id", "TENCENTCLOUD_SECRET_KEY": "env-key"}
    settings = resolve(TENCENT_SOURCES, "Tencent", env_lookup({"tencentcloud:secretId": "cfg-id",
                                                                  "tencentcloud:secretKey": "cfg-key"}), env)
    assert (settings.key_id, settings.secret) == ("cfg-id", "cfg-key")
    assert settings.endpoint.host == "organization.tencentcloudapi.com"
    assert "cfg-key" not in repr(settings)


def test_alicloud_falls_back_to_the_alicloud_names_and_region() -> None:
    env = {"ALICLOUD_ACCESS_KEY": "id", "ALICLOUD_SECRET_KEY": "secret", "ALICLOUD_REGION": "ap-southeast-1"}
    settings = resolve(ALICLOUD_SOURCES, "Alibaba", env_lookup({}), env)
    assert settings.endpoint.host == "cloudsso.ap-southeast-1.aliyuncs.com"
    assert settings.secret == "secret"


def test_endpoint_override_and_international_domain() -> None:
    intl = resolve(TENCENT_SOURCES, "T", env_lookup({"tencentcloud:domain": "intl.tencentcloudapi.com"}),
                   {"TENCENTCLOUD_SECRET_ID": "a", "TENCENTCLOUD_SECRET_KEY": "b"})
    assert intl.endpoint.host == "organization.intl.tencentcloudapi.com"
    local = resolve(TENCENT_SOURCES, "T", env_lookup({}),
                    {"TENCENTCLOUD_SECRET_ID": "a", "TENCENTCLOUD_SECRET_KEY": "b",
                     "DIRECTORY_USERS_TENCENTCLOUD_ENDPOINT": "http://127.0.0.1:8790"})
    assert (local.endpoint.host, local.endpoint.scheme) == ("127.0.0.1:8790", "http")
    assert parse_endpoint("cloudsso.cn-shanghai.aliyuncs.com").scheme == "https"


def test_missing_credentials_name_every_place_looked_at() -> None:
    with pytest.raises(MissingCredentials) as caught:
        resolve(ALICLOUD_SOURCES, "Alibaba Cloud CloudSSO", env_lookup({}), {})
    message = str(caught.value)
    for name in ("alicloud:accessKey", "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY",
                 "alicloud:secretKey", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECRET_KEY",
                 "ALIBABA_CLOUD_SECURITY_TOKEN"):
        assert name in message


def test_retry_deadline_is_configurable_and_checked() -> None:
    creds = {"TENCENTCLOUD_SECRET_ID": "a", "TENCENTCLOUD_SECRET_KEY": "b"}
    assert resolve(TENCENT_SOURCES, "T", env_lookup({"directory-users:retryDeadline": "12"}), creds).retry_deadline == 12
    with pytest.raises(ValueError, match="not a number of seconds"):
        resolve(TENCENT_SOURCES, "T", env_lookup({}), {**creds, "DIRECTORY_USERS_RETRY_DEADLINE": "soon"})
