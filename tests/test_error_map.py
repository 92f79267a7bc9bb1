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
    AlreadyExists,
    AuthFailure,
    DeadlineExceeded,
    DeleteBlocked,
    DirectoryUserError,
    InvalidRequest,
    ManagedElsewhere,
    NotFound,
    ParentNotFound,
    QuotaExceeded,
    ServiceNotEnabled,
    Throttled,
    TransientFailure,
    UnexpectedError,
    ResourceGone,
)
from pulumi_directory_users.testing import FakeClouds

from .conftest import Cloud, make_cloud

# Written out by hand, not read from the maps under test: the error each cloud code must raise.
# Codes the adapters pick from an HTTP status or a failed connection (not sent on the wire as
# codes) are covered by their own tests below.
TENCENT_EXPECTED: dict[str, type[DirectoryUserError]] = {
    "AuthFailure": AuthFailure,
    "AuthFailure.SignatureExpire": AuthFailure,
    "AuthFailure.UnauthorizedOperation": AuthFailure,
    "UnauthorizedOperation": AuthFailure,
    "InvalidCredential": AuthFailure,
    "RequestLimitExceeded": Throttled,
    "LimitExceeded": Throttled,
    "InternalError": TransientFailure,
    "ServerNetworkError": TransientFailure,
    "ClientNetworkError": TransientFailure,
    "ResourceUnavailable": TransientFailure,
    "InvalidParameter.UsernameAlreadyExists": AlreadyExists,
    "InvalidParameter.EmailAlreadyExists": AlreadyExists,
    "InvalidParameter.UsernameFormatError": InvalidRequest,
    "InvalidParameter.UserTypeError": InvalidRequest,
    "InvalidParameter": InvalidRequest,
    "MissingParameter": InvalidRequest,
    "ResourceNotFound.UserNotExist": ResourceGone,
    "ResourceNotFound": NotFound,
    "FailedOperation.ZoneIdNotExist": ParentNotFound,
    "FailedOperation.IdentityCenterNotOpen": ServiceNotEnabled,
    "FailedOperation.UserOverUpperLimit": QuotaExceeded,
    "InvalidParameter.UserAlreadyExistsGroup": DeleteBlocked,
    "FailedOperation.RoleConfigurationAuthorizationExist": DeleteBlocked,
    "FailedOperation.UserProvisioningExists": DeleteBlocked,
    "FailedOperation.SynchronizedUserNotDelete": ManagedElsewhere,
    "FailedOperation.SynchronizedUserNotUpdate": ManagedElsewhere,
    "FailedOperation.ManualUserNotDelete": ManagedElsewhere,
    "FailedOperation.ManualUserNotUpdate": ManagedElsewhere,
}
ALICLOUD_EXPECTED: dict[str, type[DirectoryUserError]] = {
    "InvalidAccessKeyId": AuthFailure,
    "SignatureDoesNotMatch": AuthFailure,
    "IncompleteSignature": AuthFailure,
    "InvalidSecurityToken": AuthFailure,
    "InvalidCredentials": AuthFailure,
    "InvalidTimeStamp": AuthFailure,
    "Forbidden": AuthFailure,
    "NoPermission": AuthFailure,
    "Throttling": Throttled,
    "ServiceUnavailable": TransientFailure,
    "InternalError": TransientFailure,
    "EntityAlreadyExists.User": AlreadyExists,
    "EntityAlreadyExists.User.Email": AlreadyExists,
    "EntityNotExists.User": ResourceGone,
    "EntityNotExists.Directory": ParentNotFound,
    "LimitExceeded.User": QuotaExceeded,
    "QuotaExceeded": QuotaExceeded,
    "QuotaExceeded.Tag": InvalidRequest,
    "DeletionConflict.User.AccessAssigment": DeleteBlocked,
    "DeletionConflict.User.Group": DeleteBlocked,
    "DeletionConflict.User": DeleteBlocked,
    "OperationConflict.User.Synchronized": ManagedElsewhere,
    "InvalidParameter": InvalidRequest,
    "MissingParameter": InvalidRequest,
}
# Not wire codes: the Alibaba adapter picks them from the HTTP status or a failed connection.
ALICLOUD_STATUS_CODES = {"NetworkError", "ServerError"}
# Retried until the deadline: throttling, 5xx and network failures, and nothing else.
RETRIED = {"RequestLimitExceeded", "LimitExceeded", "InternalError", "ServerNetworkError", "ClientNetworkError",
           "ResourceUnavailable", "Throttling", "ServiceUnavailable"}

EXPECTED = {"tencentcloud": TENCENT_EXPECTED, "alicloud": ALICLOUD_EXPECTED}
CASES = [(cloud, code) for cloud, table in EXPECTED.items() for code in table]


def test_every_code_in_the_maps_has_a_written_expectation() -> None:
    assert set(tc_adapter.ERRORS) == set(TENCENT_EXPECTED)
    assert set(ali_adapter.ERRORS) == set(ALICLOUD_EXPECTED) | ALICLOUD_STATUS_CODES


def raise_from_update(cloud: Cloud, clouds: FakeClouds, code: str) -> DirectoryUserError:
    """Answer UpdateUser with `code`; with a zero retry deadline a retryable code ends at once."""
    created = cloud.provider.create(cloud.inputs())
    clouds.faults.fail_next(cloud.wire, "UpdateUser", code, message="cloud says no")
    with pytest.raises(DirectoryUserError) as caught:
        cloud.provider.update(created.id, created.outs, cloud.inputs(display_name="x"))
    assert clouds.faults.pending() == 0
    return caught.value


@pytest.mark.parametrize("cloud_name, code", CASES)
def test_each_code_maps_to_its_error(cloud_name: str, code: str, clouds: FakeClouds,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIRECTORY_USERS_RETRY_DEADLINE", "0")
    cloud = make_cloud(cloud_name, clouds)
    error = raise_from_update(cloud, clouds, code)
    if code in RETRIED:
        assert type(error) is DeadlineExceeded, str(error)
        error = error.__cause__
    assert type(error) is EXPECTED[cloud_name][code], str(error)
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
    assert clouds.faults.pending() == 0
    assert [(c.action, c.error, c.dropped) for c in clouds.calls_for("alicloud", "GetUser")] == [
        ("GetUser", "Mystery", False), ("GetUser", "network", True)]


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
