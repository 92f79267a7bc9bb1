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
TENCENT_CLOUD_EXPECTED: dict[str, type[DirectoryUserError]] = {
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
    "InvalidParameter": InvalidRequest,
    "MissingParameter": InvalidRequest,
    "ResourceNotFound": NotFound,
    "FailedOperation.ZoneIdNotExist": ParentNotFound,
    "FailedOperation.IdentityCenterNotOpen": ServiceNotEnabled,
}
TENCENT_EXPECTED: dict[str, type[DirectoryUserError]] = {
    **TENCENT_CLOUD_EXPECTED,
    "InvalidParameter.UsernameAlreadyExists": AlreadyExists,
    "InvalidParameter.EmailAlreadyExists": AlreadyExists,
    "InvalidParameter.UsernameFormatError": InvalidRequest,
    "InvalidParameter.UserTypeError": InvalidRequest,
    "ResourceNotFound.UserNotExist": ResourceGone,
    "FailedOperation.UserOverUpperLimit": QuotaExceeded,
    "InvalidParameter.UserAlreadyExistsGroup": DeleteBlocked,
    "FailedOperation.RoleConfigurationAuthorizationExist": DeleteBlocked,
    "FailedOperation.UserProvisioningExists": DeleteBlocked,
    "FailedOperation.SynchronizedUserNotDelete": ManagedElsewhere,
    "FailedOperation.SynchronizedUserNotUpdate": ManagedElsewhere,
    "FailedOperation.ManualUserNotDelete": ManagedElsewhere,
    "FailedOperation.ManualUserNotUpdate": ManagedElsewhere,
}
TENCENT_GROUP_EXPECTED: dict[str, type[DirectoryUserError]] = {
    **TENCENT_CLOUD_EXPECTED,
    "InvalidParameter.GroupNameAlreadyExists": AlreadyExists,
    "InvalidParameter.GroupNameFormatError": InvalidRequest,
    "InvalidParameter.GroupNotExist": ResourceGone,
    "FailedOperation.DeleteGroupNotAllowExistUser": DeleteBlocked,
    "FailedOperation.RoleConfigurationAuthorizationExist": DeleteBlocked,
    "FailedOperation.GroupOverUpperLimit": QuotaExceeded,
    "FailedOperation.SynchronizedGroupNotDelete": ManagedElsewhere,
    "FailedOperation.SynchronizedGroupNotUpdate": ManagedElsewhere,
    "FailedOperation.ManualGroupNotDelete": ManagedElsewhere,
    "FailedOperation.ManualGroupNotUpdate": ManagedElsewhere,
}
TENCENT_MEMBERSHIP_EXPECTED: dict[str, type[DirectoryUserError]] = {
    **TENCENT_CLOUD_EXPECTED,
    "InvalidParameter.GroupUserAlreadyExists": AlreadyExists,
    # A membership is gone with its group or its user.
    "InvalidParameter.GroupUserNotExist": ResourceGone,
    "InvalidParameter.GroupNotExist": ResourceGone,
    "ResourceNotFound.UserNotExist": ResourceGone,
    "FailedOperation.SynchronizedGroupNotAddUser": ManagedElsewhere,
    "FailedOperation.SynchronizedGroupNotRemoveUser": ManagedElsewhere,
    "FailedOperation.GroupTypeUserTypeNotMatch": InvalidRequest,
    "FailedOperation.GroupUserCountOverUpperLimit": QuotaExceeded,
    "FailedOperation.UserAddGroupCountOverUpperLimit": QuotaExceeded,
}
ALICLOUD_CLOUD_EXPECTED: dict[str, type[DirectoryUserError]] = {
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
    "EntityNotExists.Directory": ParentNotFound,
    "InvalidParameter": InvalidRequest,
    "MissingParameter": InvalidRequest,
}
ALICLOUD_EXPECTED: dict[str, type[DirectoryUserError]] = {
    **ALICLOUD_CLOUD_EXPECTED,
    "EntityAlreadyExists.User": AlreadyExists,
    "EntityAlreadyExists.User.Email": AlreadyExists,
    "EntityNotExists.User": ResourceGone,
    "LimitExceeded.User": QuotaExceeded,
    "QuotaExceeded": QuotaExceeded,
    "QuotaExceeded.Tag": InvalidRequest,
    "DeletionConflict.User.AccessAssigment": DeleteBlocked,
    "DeletionConflict.User.Group": DeleteBlocked,
    "DeletionConflict.User": DeleteBlocked,
    "OperationConflict.User.Synchronized": ManagedElsewhere,
}
ALICLOUD_GROUP_EXPECTED: dict[str, type[DirectoryUserError]] = {
    **ALICLOUD_CLOUD_EXPECTED,
    "EntityAlreadyExists.Group": AlreadyExists,
    "EntityNotExists.Group": ResourceGone,
    "LimitExceeded.Group": QuotaExceeded,
    "DeletionConflict.Group.AccessAssigment": DeleteBlocked,
    "DeletionConflict.Group": DeleteBlocked,
    "OperationConflict.Group.Synchronized": ManagedElsewhere,
}
ALICLOUD_MEMBERSHIP_EXPECTED: dict[str, type[DirectoryUserError]] = {
    **ALICLOUD_CLOUD_EXPECTED,
    "EntityAlreadyExists.GroupMember": AlreadyExists,
    "EntityNotExists.GroupMember": ResourceGone,
    "EntityNotExists.Group": ResourceGone,
    "EntityNotExists.User": ResourceGone,
    "OperationConflict.Group.Synchronized": ManagedElsewhere,
}
# Not wire codes: the Alibaba adapter picks them from the HTTP status or a failed connection.
ALICLOUD_STATUS_CODES = {"NetworkError", "ServerError"}
# Retried until the deadline: throttling, 5xx and network failures, and nothing else.
RETRIED = {"RequestLimitExceeded", "LimitExceeded", "InternalError", "ServerNetworkError", "ClientNetworkError",
           "ResourceUnavailable", "Throttling", "ServiceUnavailable"}

EXPECTED = {
    ("tencentcloud", "user"): TENCENT_EXPECTED,
    ("tencentcloud", "group"): TENCENT_GROUP_EXPECTED,
    ("tencentcloud", "group membership"): TENCENT_MEMBERSHIP_EXPECTED,
    ("alicloud", "user"): ALICLOUD_EXPECTED,
    ("alicloud", "group"): ALICLOUD_GROUP_EXPECTED,
    ("alicloud", "group membership"): ALICLOUD_MEMBERSHIP_EXPECTED,
}
CASES = [(cloud, kind, code) for (cloud, kind), table in EXPECTED.items() for code in table]
ADAPTERS = {"tencentcloud": tc_adapter, "alicloud": ali_adapter}


@pytest.mark.parametrize("cloud_name, kind", list(EXPECTED))
def test_every_code_in_the_maps_has_a_written_expectation(cloud_name: str, kind: str) -> None:
    extra = ALICLOUD_STATUS_CODES if cloud_name == "alicloud" else set()
    assert set(ADAPTERS[cloud_name].ERRORS_BY_KIND[kind]) == set(EXPECTED[(cloud_name, kind)]) | extra


def raise_from_update(cloud: Cloud, clouds: FakeClouds, code: str) -> DirectoryUserError:
    """Answer UpdateUser with `code`; with a zero retry deadline a retryable code ends at once."""
    created = cloud.provider.create(cloud.inputs())
    clouds.faults.fail_next(cloud.wire, "UpdateUser", code, message="cloud says no")
    with pytest.raises(DirectoryUserError) as caught:
        cloud.provider.update(created.id, created.outs, cloud.inputs(display_name="x"))
    assert clouds.faults.pending() == 0
    return caught.value


GROUP_PROVIDERS = {"tencentcloud": tc_adapter.TencentGroupProvider, "alicloud": ali_adapter.AlicloudGroupProvider}
MEMBERSHIP_PROVIDERS = {"tencentcloud": tc_adapter.TencentGroupMembershipProvider,
                        "alicloud": ali_adapter.AlicloudGroupMembershipProvider}


def raise_from_group_update(cloud: Cloud, clouds: FakeClouds, code: str) -> DirectoryUserError:
    """Answer UpdateGroup (a new description) with `code`."""
    groups = GROUP_PROVIDERS[cloud.name]()
    created = groups.create({cloud.parent: cloud.parent_id, "group_name": "devs"})
    clouds.faults.fail_next(cloud.wire, "UpdateGroup", code, message="cloud says no")
    with pytest.raises(DirectoryUserError) as caught:
        groups.update(created.id, created.outs, {cloud.parent: cloud.parent_id, "group_name": "devs", "description": "x"})
    assert clouds.faults.pending() == 0
    return caught.value


def raise_from_membership_create(cloud: Cloud, clouds: FakeClouds, code: str) -> DirectoryUserError:
    """Answer AddUserToGroup with `code`."""
    clouds.faults.fail_next(cloud.wire, "AddUserToGroup", code, message="cloud says no")
    with pytest.raises(DirectoryUserError) as caught:
        MEMBERSHIP_PROVIDERS[cloud.name]().create(
            {cloud.parent: cloud.parent_id, "group_id": "g-devs", "user_id": "u-alice"})
    assert clouds.faults.pending() == 0
    return caught.value


RAISE_FROM = {"user": raise_from_update, "group": raise_from_group_update,
              "group membership": raise_from_membership_create}


@pytest.mark.parametrize("cloud_name, kind, code", CASES)
def test_each_code_maps_to_its_error(cloud_name: str, kind: str, code: str, clouds: FakeClouds,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIRECTORY_USERS_RETRY_DEADLINE", "0")
    cloud = make_cloud(cloud_name, clouds)
    error = RAISE_FROM[kind](cloud, clouds, code)
    if code in RETRIED:
        assert type(error) is DeadlineExceeded, str(error)
        error = error.__cause__
    assert type(error) is EXPECTED[(cloud_name, kind)][code], str(error)
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


@pytest.mark.parametrize("kind, code, rule", [
    ("user", "InvalidParameter.UsernameFormatError", "use 1 to 64 characters from letters, digits and + = , . @ - _."),
    ("group", "InvalidParameter.GroupNameFormatError", "use 1 to 128 characters from letters, digits and -."),
])
def test_tencent_name_format_errors_state_the_rule_check_states(
        kind: str, code: str, rule: str, tencent: Cloud, clouds: FakeClouds) -> None:
    error = RAISE_FROM[kind](tencent, clouds, code)
    assert rule in str(error)


def test_alibaba_tag_quota_error_states_the_tag_limit(alibaba: Cloud, clouds: FakeClouds) -> None:
    error = raise_from_update(alibaba, clouds, "QuotaExceeded.Tag")
    assert "would carry more than 20 tags (cloud says no)" in str(error)
