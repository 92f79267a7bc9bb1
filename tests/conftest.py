"""Shared fixtures: the provider of each cloud talking, through the real SDKs, to the fakes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

import pytest
import requests

from pulumi_directory_users import lifecycle
from pulumi_directory_users.clouds.alicloud import AlicloudUserProvider
from pulumi_directory_users.clouds.tencentcloud import TencentUserProvider
from pulumi_directory_users.retry import RetryPolicy
from pulumi_directory_users.testing import (
    ALICLOUD_ACCESS_KEY_ID,
    ALICLOUD_ACCESS_KEY_SECRET,
    ALICLOUD_DIRECTORY_ID,
    TENCENT_SECRET_ID,
    TENCENT_SECRET_KEY,
    TENCENT_ZONE_ID,
    FakeClouds,
    mock_clouds,
)

from .frontends import FRONT_ENDS, provider_for

CREDENTIAL_ENV = {
    "TENCENTCLOUD_SECRET_ID": TENCENT_SECRET_ID,
    "TENCENTCLOUD_SECRET_KEY": TENCENT_SECRET_KEY,
    "ALIBABA_CLOUD_ACCESS_KEY_ID": ALICLOUD_ACCESS_KEY_ID,
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET": ALICLOUD_ACCESS_KEY_SECRET,
}
AMBIENT_ENV = [
    "TENCENTCLOUD_SECURITY_TOKEN", "TENCENTCLOUD_REGION", "TENCENTCLOUD_DOMAIN",
    "ALIBABA_CLOUD_SECURITY_TOKEN", "ALIBABA_CLOUD_REGION_ID", "ALICLOUD_ACCESS_KEY",
    "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN", "ALICLOUD_REGION",
    "DIRECTORY_USERS_TENCENTCLOUD_ENDPOINT", "DIRECTORY_USERS_ALICLOUD_ENDPOINT",
    "DIRECTORY_USERS_RETRY_DEADLINE",
]
# The client-side rate limits pace calls on the retry policy's clock, which these tests fake:
# their waits would count as retry pauses. Off here; the tests of the limits set their own.
NO_CLIENT_RATE_LIMITS = {
    "DIRECTORY_USERS_TENCENTCLOUD_RATE_LIMITS": "*=0",
    "DIRECTORY_USERS_ALICLOUD_RATE_LIMITS": "*=0",
}


class FakeTime:
    """A clock that only moves when the retry policy sleeps: retries cost no real time."""

    def __init__(self) -> None:
        self.now = 0.0
        self.pauses: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    time = FakeTime()

    def policy(deadline: float) -> RetryPolicy:
        return RetryPolicy(deadline=deadline, clock=lambda: time.now, sleep=time.sleep)

    monkeypatch.setattr(lifecycle, "RetryPolicy", policy)
    return time


@pytest.fixture
def clouds(monkeypatch: pytest.MonkeyPatch, fake_time: FakeTime) -> Iterator[FakeClouds]:
    """Both fake clouds behind `responses`, and credentials in the environment."""
    for name in AMBIENT_ENV + list(CREDENTIAL_ENV):
        monkeypatch.delenv(name, raising=False)
    for name, value in {**CREDENTIAL_ENV, **NO_CLIENT_RATE_LIMITS}.items():
        monkeypatch.setenv(name, value)
    with mock_clouds() as fake:
        yield fake


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[requests.PreparedRequest]:
    """Every HTTP request the SDKs send, as it leaves the client (URL, headers, body).

    Both SDKs send through ``requests.Session``; what is recorded here is what goes on the wire.
    """
    recorded: list[requests.PreparedRequest] = []
    send = requests.Session.send

    def recording_send(session: requests.Session, request: requests.PreparedRequest, **kwargs: Any) -> Any:
        recorded.append(request)
        return send(session, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", recording_send)
    return recorded


@dataclass
class Cloud:
    """One cloud as the lifecycle tests see it: its provider, its inputs, its fake backend."""

    name: str
    provider: Any  # the kind's provider through one front-end (see tests/frontends.py)
    parent: str
    parent_id: str
    status: str
    backend: Any
    separator: str
    wire: str  # the cloud's name in the fakes' faults and recorded calls
    throttle_code: str
    server_error_code: str
    name_taken_code: str  # what CreateUser answers when the user name is taken
    email_taken_code: str  # what CreateUser and UpdateUser answer when the email is taken
    invalid_parameter_code: str
    parent_param: str  # the zone/directory's API parameter name
    front_end: str = "dynamic"

    def fresh_provider(self) -> Any:
        """The same kind behind a new provider object: a new provider process, nothing learnt yet."""
        binding = TencentUserProvider if self.name == "tencentcloud" else AlicloudUserProvider
        return provider_for(binding, self.front_end)

    def precreate(self, user_name: str, **api_fields: Any) -> dict[str, Any]:
        """A user made behind the provider's back (in the console, by another tool), in API field names."""
        return self.backend.create_user(**{self.parent_param: self.parent_id, "UserName": user_name, **api_fields})

    def inputs(self, **fields: Any) -> dict[str, Any]:
        values = {self.parent: self.parent_id, "user_name": "alice", **fields}
        return {k: v for k, v in values.items() if v is not None}

    def user(self, user_id: str) -> dict[str, Any]:
        """The user as the fake cloud holds it, in the API's field names."""
        return next(u for u in self.backend.users(self.parent_id) if u["UserId"] == user_id)

    def user_ids(self) -> list[str]:
        return [u["UserId"] for u in self.backend.users(self.parent_id)]

    def user_id(self, resource_id: str) -> str:
        return resource_id.split(self.separator, 1)[1]


def make_cloud(name: str, fake: FakeClouds, front_end: str = "dynamic") -> Cloud:
    if name == "tencentcloud":
        return Cloud(name, provider_for(TencentUserProvider, front_end), "zone_id", TENCENT_ZONE_ID, "user_status",
                     fake.tencent, "#", "tencent", "RequestLimitExceeded", "InternalError",
                     "InvalidParameter.UsernameAlreadyExists", "InvalidParameter.EmailAlreadyExists",
                     "InvalidParameter", "ZoneId", front_end)
    return Cloud(name, provider_for(AlicloudUserProvider, front_end), "directory_id", ALICLOUD_DIRECTORY_ID, "status",
                 fake.alicloud, ":", "alicloud", "Throttling.User", "ServiceUnavailable",
                 "EntityAlreadyExists.User", "EntityAlreadyExists.User.Email", "InvalidParameter", "DirectoryId",
                 front_end)


@pytest.fixture(params=FRONT_ENDS)
def front_end(request: pytest.FixtureRequest) -> str:
    """Each provider-level scenario runs through both front-ends of the one lifecycle."""
    return str(request.param)


@pytest.fixture(params=["tencentcloud", "alicloud"])
def cloud(request: pytest.FixtureRequest, clouds: FakeClouds, front_end: str) -> Cloud:
    return make_cloud(request.param, clouds, front_end)


@pytest.fixture
def tencent(clouds: FakeClouds, front_end: str) -> Cloud:
    return make_cloud("tencentcloud", clouds, front_end)


@pytest.fixture
def alibaba(clouds: FakeClouds, front_end: str) -> Cloud:
    return make_cloud("alicloud", clouds, front_end)

