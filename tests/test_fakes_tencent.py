"""The Tencent Identity Center fake, driven through the real Tencent SDK (in-process mock)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from pulumi_directory_users.testing import (
    TENCENT_SECRET_ID,
    TENCENT_SECRET_KEY,
    TENCENT_ZONE_ID,
    FakeClouds,
    mock_clouds,
    tencent_client,
)
from tencentcloud.common.common_client import CommonClient
from tencentcloud.common.credential import Credential
from tencentcloud.common.exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.organization.v20210331 import models
from tencentcloud.organization.v20210331.organization_client import OrganizationClient

ZONE = TENCENT_ZONE_ID


@pytest.fixture
def clouds() -> Iterator[FakeClouds]:
    with mock_clouds() as fake:
        yield fake


@pytest.fixture
def client(clouds: FakeClouds) -> OrganizationClient:
    return tencent_client()


def request(model: type, **fields: Any) -> Any:
    req = model()
    for name, value in fields.items():
        setattr(req, name, value)
    return req


def create(client: OrganizationClient, name: str, **fields: Any) -> models.UserInfo:
    return client.CreateUser(request(models.CreateUserRequest, ZoneId=ZONE, UserName=name, **fields)).UserInfo


def error_code(call: Any) -> str:
    with pytest.raises(TencentCloudSDKException) as caught:
        call()
    return caught.value.code


def get(client: OrganizationClient, user_id: str, zone: str = ZONE) -> models.UserInfo:
    return client.GetUser(request(models.GetUserRequest, ZoneId=zone, UserId=user_id)).UserInfo


# -- the lifecycle ------------------------------------------------------------------


def test_create_returns_every_user_info_field_and_a_one_time_password(client: OrganizationClient) -> None:
    info = create(client, "alice", Email="alice@example.com", DisplayName="Alice", NeedResetPassword=True)

    assert re.fullmatch(r"u-[a-z0-9]{12}", info.UserId)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", info.CreateTime)
    assert info.UpdateTime == info.CreateTime
    assert (info.UserStatus, info.UserType, info.NeedResetPassword, info.IsSelected) == (
        "Enabled",
        "Manual",
        True,
        False,
    )
    assert info.Password
    # The SDK's UserInfo declares all 14 fields and serialises those it did not receive as null.
    assert [name for name, value in json.loads(info.to_json_string()).items() if value is None] == []
    fetched = get(client, info.UserId)
    assert fetched.Password is None
    assert (fetched.UserName, fetched.Email, fetched.DisplayName) == ("alice", "alice@example.com", "Alice")


def test_timestamps_are_china_standard_time_and_follow_the_fake_clock(
    clouds: FakeClouds, client: OrganizationClient
) -> None:
    # Freezing the timestamp clock must not break signature checks (real time).
    clouds.clock = lambda: datetime(2024, 3, 12, 4, 12, 12, tzinfo=timezone.utc)

    info = create(client, "bob")

    assert info.CreateTime == info.UpdateTime == "2024-03-12 12:12:12"


def test_update_changes_only_the_fields_sent_and_empty_string_clears(
    clouds: FakeClouds, client: OrganizationClient
) -> None:
    user = create(client, "alice", FirstName="Al", LastName="Ice", Description="old", Email="a@example.com")
    clouds.clear_calls()

    updated = client.UpdateUser(
        request(models.UpdateUserRequest, ZoneId=ZONE, UserId=user.UserId, NewDescription="", NewDisplayName="A")
    ).UserInfo

    assert (updated.Description, updated.DisplayName, updated.FirstName, updated.Email) == (
        "",
        "A",
        "Al",
        "a@example.com",
    )
    assert updated.Password is None
    assert clouds.calls[0].params == {
        "ZoneId": ZONE,
        "UserId": user.UserId,
        "NewDescription": "",
        "NewDisplayName": "A",
    }


def test_status_can_be_disabled_and_listed_by_status(client: OrganizationClient) -> None:
    alice, _ = create(client, "alice"), create(client, "bob")
    client.UpdateUserStatus(
        request(models.UpdateUserStatusRequest, ZoneId=ZONE, UserId=alice.UserId, NewUserStatus="Disabled")
    )

    listed = client.ListUsers(request(models.ListUsersRequest, ZoneId=ZONE, UserStatus="Disabled"))

    assert [u.UserName for u in listed.Users] == ["alice"]
    assert get(client, alice.UserId).UserStatus == "Disabled"


def test_deleted_user_is_not_found(client: OrganizationClient) -> None:
    user = create(client, "alice")
    client.DeleteUser(request(models.DeleteUserRequest, ZoneId=ZONE, UserId=user.UserId))

    assert error_code(lambda: get(client, user.UserId)) == "ResourceNotFound.UserNotExist"
    assert (
        error_code(lambda: client.DeleteUser(request(models.DeleteUserRequest, ZoneId=ZONE, UserId=user.UserId)))
        == "ResourceNotFound.UserNotExist"
    )


def test_list_pages_with_next_token_and_counts_all_matches(client: OrganizationClient) -> None:
    for index in range(5):
        create(client, f"user{index}")
    names: list[str] = []
    token = None
    for _ in range(3):
        page = client.ListUsers(request(models.ListUsersRequest, ZoneId=ZONE, MaxResults=2, NextToken=token))
        names += [u.UserName for u in page.Users]
        assert page.TotalCounts == 5
        token = page.NextToken
    assert names == [f"user{i}" for i in range(5)]
    assert page.IsTruncated is False and page.NextToken == ""


def test_list_filter_is_a_substring_of_name_email_id_or_description(client: OrganizationClient) -> None:
    alice = create(client, "alice", Email="alice@corp.example")
    create(client, "bob", Description="works at CORP")
    create(client, "carol", UserType="Synchronized")

    def names(**query: Any) -> list[str]:
        return [u.UserName for u in client.ListUsers(request(models.ListUsersRequest, ZoneId=ZONE, **query)).Users]

    assert names(Filter="corp") == ["alice", "bob"]
    assert names(Filter=alice.UserId[2:8]) == ["alice"]
    assert names(UserType="Synchronized") == ["carol"]
    assert names(SortType="Desc", MaxResults=1) == ["carol"]


def test_filter_groups_marks_members_as_selected(clouds: FakeClouds, client: OrganizationClient) -> None:
    alice, bob = create(client, "alice"), create(client, "bob")
    clouds.tencent.add_user_to_group(ZONE, alice.UserId, "g-1")

    page = client.ListUsers(request(models.ListUsersRequest, ZoneId=ZONE, FilterGroups=["g-1"]))

    assert {u.UserName: u.IsSelected for u in page.Users} == {"alice": True, "bob": False}
    assert bob.IsSelected is False


# -- rules ----------------------------------------------------------------------------


def test_user_name_and_email_are_unique_in_a_zone(clouds: FakeClouds, client: OrganizationClient) -> None:
    create(client, "alice", Email="alice@example.com")
    bob = create(client, "bob")
    clouds.tencent.add_zone("z-otherzone001")

    assert error_code(lambda: create(client, "alice")) == "InvalidParameter.UsernameAlreadyExists"
    assert (
        error_code(lambda: create(client, "carol", Email="ALICE@example.com")) == "InvalidParameter.EmailAlreadyExists"
    )
    assert (
        error_code(
            lambda: client.UpdateUser(
                request(models.UpdateUserRequest, ZoneId=ZONE, UserId=bob.UserId, NewEmail="alice@example.com")
            )
        )
        == "InvalidParameter.EmailAlreadyExists"
    )
    client.CreateUser(request(models.CreateUserRequest, ZoneId="z-otherzone001", UserName="alice"))


@pytest.mark.parametrize("name", ["", "a b", "x" * 65, "ali$ce"])
def test_bad_user_names_are_rejected(client: OrganizationClient, name: str) -> None:
    assert error_code(lambda: create(client, name)) == "InvalidParameter.UsernameFormatError"


def test_zone_must_exist_and_have_identity_center_enabled(clouds: FakeClouds, client: OrganizationClient) -> None:
    clouds.tencent.add_zone("z-closedzone01", identity_center_open=False)

    assert error_code(lambda: get(client, "u-000000000000", zone="z-nonexistent0")) == "FailedOperation.ZoneIdNotExist"
    assert (
        error_code(lambda: get(client, "u-000000000000", zone="z-closedzone01"))
        == "FailedOperation.IdentityCenterNotOpen"
    )


def test_zone_user_limit(clouds: FakeClouds, client: OrganizationClient) -> None:
    clouds.tencent.add_zone(ZONE, user_limit=1)
    create(client, "alice")

    assert error_code(lambda: create(client, "bob")) == "FailedOperation.UserOverUpperLimit"


@pytest.mark.parametrize(
    ("block", "code"),
    [
        (lambda c, uid: c.tencent.add_user_to_group(ZONE, uid, "g-1"), "InvalidParameter.UserAlreadyExistsGroup"),
        (
            lambda c, uid: c.tencent.add_role_assignment(ZONE, uid),
            "FailedOperation.RoleConfigurationAuthorizationExist",
        ),
        (
            lambda c, uid: c.tencent.modify_user(ZONE, uid, UserType="Synchronized"),
            "FailedOperation.SynchronizedUserNotDelete",
        ),
    ],
)
def test_delete_is_blocked_by_groups_role_assignments_and_synchronization(
    clouds: FakeClouds, client: OrganizationClient, block: Any, code: str
) -> None:
    user = create(client, "alice")
    block(clouds, user.UserId)

    assert (
        error_code(lambda: client.DeleteUser(request(models.DeleteUserRequest, ZoneId=ZONE, UserId=user.UserId)))
        == code
    )
    assert clouds.tencent.find_user(ZONE, "alice") is not None


def test_synchronized_users_cannot_be_updated(client: OrganizationClient) -> None:
    user = create(client, "alice", UserType="Synchronized")

    assert (
        error_code(
            lambda: client.UpdateUser(
                request(models.UpdateUserRequest, ZoneId=ZONE, UserId=user.UserId, NewDisplayName="x")
            )
        )
        == "FailedOperation.SynchronizedUserNotUpdate"
    )
    assert (
        error_code(
            lambda: client.UpdateUserStatus(
                request(models.UpdateUserStatusRequest, ZoneId=ZONE, UserId=user.UserId, NewUserStatus="Disabled")
            )
        )
        == "FailedOperation.SynchronizedUserNotUpdate"
    )


def test_request_shape_errors(clouds: FakeClouds) -> None:
    credential = Credential(TENCENT_SECRET_ID, TENCENT_SECRET_KEY)
    common = CommonClient("organization", "2021-03-31", credential, "", ClientProfile(language="en-US"))

    assert error_code(lambda: common.call_json("ListUsers", {"ZoneId": ZONE, "Bogus": 1})) == "UnknownParameter"
    assert error_code(lambda: common.call_json("GetUser", {"ZoneId": ZONE})) == "MissingParameter"
    assert (
        error_code(lambda: common.call_json("ListUsers", {"ZoneId": ZONE, "MaxResults": 101}))
        == "InvalidParameter.ParamError"
    )
    assert (
        error_code(lambda: common.call_json("ListUsers", {"ZoneId": ZONE, "NextToken": "nope"}))
        == "InvalidParameter.NextTokenInvalid"
    )
    assert error_code(lambda: common.call_json("DescribeOrganization", {})) == "InvalidAction"


# -- credentials -------------------------------------------------------------------


def test_wrong_secret_unknown_id_and_stale_timestamp_are_rejected(clouds: FakeClouds) -> None:
    assert error_code(lambda: get(tencent_client(secret_key="wrong-secret"), "u-1")) == "AuthFailure.SignatureFailure"
    assert error_code(lambda: get(tencent_client(secret_id="AKIDunknown"), "u-1")) == "AuthFailure.SecretIdNotFound"
    clouds.signature_clock = lambda: datetime.now(timezone.utc) + timedelta(seconds=301)
    assert error_code(lambda: get(tencent_client(), "u-1")) == "AuthFailure.SignatureExpire"
    assert [call.error for call in clouds.calls] == [
        "AuthFailure.SignatureFailure",
        "AuthFailure.SecretIdNotFound",
        "AuthFailure.SignatureExpire",
    ]


def test_international_and_extra_endpoints_are_intercepted() -> None:
    with mock_clouds(extra_endpoints=["http://127.0.0.1:9"]) as clouds:
        intl = OrganizationClient(
            Credential(TENCENT_SECRET_ID, TENCENT_SECRET_KEY),
            "",
            ClientProfile(httpProfile=HttpProfile(rootDomain="intl.tencentcloudapi.com"), language="en-US"),
        )
        create(intl, "alice")
        create(tencent_client("127.0.0.1:9"), "bob")
    assert [u["UserName"] for u in clouds.tencent.users(ZONE)] == ["alice", "bob"]


# -- faults ----------------------------------------------------------------------------


def test_scripted_throttle_then_success(clouds: FakeClouds, client: OrganizationClient) -> None:
    clouds.faults.fail_next("tencent", "CreateUser", "RequestLimitExceeded")

    assert error_code(lambda: create(client, "alice")) == "RequestLimitExceeded"
    create(client, "alice")
    assert [c.error for c in clouds.calls_for("tencent", "CreateUser")] == ["RequestLimitExceeded", None]


def test_drop_after_commit_looks_like_a_network_error_but_the_user_exists(
    clouds: FakeClouds, client: OrganizationClient
) -> None:
    clouds.faults.drop_after_commit("tencent", "CreateUser")

    assert error_code(lambda: create(client, "alice")) == "ClientNetworkError"
    assert clouds.tencent.find_user(ZONE, "alice") is not None
    assert clouds.calls[-1].dropped and clouds.calls[-1].error is None
    assert error_code(lambda: create(client, "alice")) == "InvalidParameter.UsernameAlreadyExists"


def test_network_fault_drops_before_anything_happens(clouds: FakeClouds, client: OrganizationClient) -> None:
    clouds.faults.drop_next("tencent", "*")

    assert error_code(lambda: create(client, "alice")) == "ClientNetworkError"
    assert clouds.tencent.find_user(ZONE, "alice") is None
    assert clouds.calls[-1].error == "network"


def test_non_200_status_becomes_server_network_error(clouds: FakeClouds, client: OrganizationClient) -> None:
    clouds.faults.fail_next("tencent", "GetUser", "BadGateway", status=502)

    assert error_code(lambda: get(client, "u-1")) == "ServerNetworkError"


def test_rate_limit_throttles_requests_over_the_budget(clouds: FakeClouds, client: OrganizationClient) -> None:
    now = [0.0]  # the limiter's clock, moved by hand: nothing here depends on how fast the test runs
    clouds.faults.clock = lambda: now[0]
    clouds.faults.set_rate_limit("tencent", "CreateUser", per_second=2)

    create(client, "a")
    create(client, "b")
    assert error_code(lambda: create(client, "c")) == "RequestLimitExceeded"
    assert clouds.tencent.find_user(ZONE, "c") is None
    now[0] += 0.5  # one token back at 2 per second
    create(client, "c")
    assert error_code(lambda: create(client, "d")) == "RequestLimitExceeded"


def test_probabilistic_faults_are_reproducible_with_a_seed(clouds: FakeClouds, client: OrganizationClient) -> None:
    def outcomes(seed: int) -> list[str | None]:
        clouds.faults.seed(seed)
        clouds.faults.throttle_probability = clouds.faults.error_probability = 0.3
        result: list[str | None] = []
        for _ in range(8):
            try:
                client.ListUsers(request(models.ListUsersRequest, ZoneId=ZONE))
                result.append(None)
            except TencentCloudSDKException as exc:
                result.append(exc.code)
        return result

    first, second = outcomes(7), outcomes(7)
    assert first == second
    assert {"RequestLimitExceeded", "InternalError", None} >= set(first) and len(set(first)) > 1


# -- out-of-band changes and persistence ----------------------------------------------


def test_out_of_band_changes_are_visible_through_the_api(clouds: FakeClouds, client: OrganizationClient) -> None:
    user = create(client, "alice")
    clouds.tencent.modify_user(ZONE, user.UserId, DisplayName="Changed in console")
    assert get(client, user.UserId).DisplayName == "Changed in console"

    clouds.tencent.add_user_to_group(ZONE, user.UserId, "g-1")
    clouds.tencent.remove_user(ZONE, user.UserId)
    assert error_code(lambda: get(client, user.UserId)) == "ResourceNotFound.UserNotExist"


def test_state_round_trips_through_json(clouds: FakeClouds, client: OrganizationClient) -> None:
    alice = create(client, "alice", Email="a@example.com")
    create(client, "bob")
    clouds.tencent.add_user_to_group(ZONE, alice.UserId, "g-1")

    restored = FakeClouds.from_dict(json.loads(json.dumps(clouds.to_dict())))

    assert restored.tencent.users(ZONE) == clouds.tencent.users(ZONE)
    with pytest.raises(Exception, match="UserAlreadyExistsGroup"):
        restored.tencent.delete_user(ZoneId=ZONE, UserId=alice.UserId)
    assert restored.tencent.create_user(ZoneId=ZONE, UserName="carol")["UserName"] == "carol"
