"""Every error code in each cloud's error map reaches the user as our error, with advice.

Each code is answered by the fake on the wire, so the path is: fake -> SDK exception -> our
translation -> the exception the provider raises.
"""

from __future__ import annotations

import pytest

from pulumi_directory_users.clouds import alicloud as ali_adapter
from pulumi_directory_users.clouds import tencentcloud as tc_adapter
from pulumi_directory_users.clouds.base import lookup_rule
from pulumi_directory_users.errors import (
    DeadlineExceeded,
    DirectoryUserError,
    NotFound,
    UnexpectedError,
)
from pulumi_directory_users.testing import FakeClouds

from .conftest import Cloud, make_cloud

# Not wire codes: the adapter picks them from the HTTP status or a failed connection.
NOT_ON_THE_WIRE = {"NetworkError", "ServerError"}


RULES = {"tencentcloud": tc_adapter.ERRORS, "alicloud": ali_adapter.ERRORS}
CASES = [(cloud, code) for cloud, rules in RULES.items() for code in sorted(set(rules) - NOT_ON_THE_WIRE)]


def raise_from_update(cloud: Cloud, clouds: FakeClouds, code: str) -> DirectoryUserError:
    """Answer UpdateUser with `code`; with a zero retry deadline a retryable code ends at once."""
    created = cloud.provider.create(cloud.inputs())
    clouds.faults.fail_next(cloud.wire, "UpdateUser", code, message="cloud says no")
    with pytest.raises(DirectoryUserError) as caught:
        cloud.provider.update(created.id, created.outs, cloud.inputs(display_name="x"))
    return caught.value


@pytest.mark.parametrize("cloud_name, code", CASES)
def test_each_code_maps_to_its_error(cloud_name: str, code: str, clouds: FakeClouds,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIRECTORY_USERS_RETRY_DEADLINE", "0")
    cloud = make_cloud(cloud_name, clouds)
    rule = RULES[cloud_name][code]
    error = raise_from_update(cloud, clouds, code)
    expected = DeadlineExceeded if rule.error.retryable else rule.error
    assert type(error) is expected, str(error)
    assert error.code == code
    assert "{" not in str(error)  # every placeholder of the advice was filled


def test_alicloud_status_and_connection_failures_without_a_known_code(
        alibaba: Cloud, clouds: FakeClouds, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIRECTORY_USERS_RETRY_DEADLINE", "0")
    error = raise_from_update(alibaba, clouds, "SomethingNew.Broken")
    assert isinstance(error, UnexpectedError) and "cloud says no" in str(error)
    clouds.faults.fail_next("alicloud", "GetUser", "Mystery", status=502)
    with pytest.raises(DeadlineExceeded, match="server error"):
        alibaba.provider.read(f"{alibaba.parent_id}:u-x", {})
    clouds.faults.drop_next("alicloud", "GetUser")
    with pytest.raises(DeadlineExceeded, match="could not reach CloudSSO"):
        alibaba.provider.read(f"{alibaba.parent_id}:u-x", {})


def test_codes_match_by_their_nearest_dotted_prefix() -> None:
    assert lookup_rule(tc_adapter.ERRORS, "AuthFailure.SecretIdNotFound") is tc_adapter.ERRORS["AuthFailure"]
    assert lookup_rule(tc_adapter.ERRORS, "RequestLimitExceeded.UinLimitExceeded") is tc_adapter.ERRORS["RequestLimitExceeded"]
    assert lookup_rule(ali_adapter.ERRORS, "Throttling.User") is ali_adapter.ERRORS["Throttling"]
    assert lookup_rule(ali_adapter.ERRORS, "Nope") is None


def test_not_found_on_read_means_gone_but_on_update_is_an_error(tencent: Cloud) -> None:
    created = tencent.provider.create(tencent.inputs())
    tencent.backend.remove_user(tencent.parent_id, tencent.user_id(created.id))
    assert not tencent.provider.read(created.id, created.outs).id
    with pytest.raises(NotFound, match="does not exist"):
        tencent.provider.update(created.id, created.outs, tencent.inputs(display_name="x"))
