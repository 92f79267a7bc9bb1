"""The Alibaba CloudSSO fake, driven through the real CloudSSO SDK (in-process mock)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from alibabacloud_cloudsso20210515 import models
from alibabacloud_cloudsso20210515.client import Client
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException, ThrottlingException
from alibabacloud_tea_openapi.utils_models import OpenApiRequest, Params
from darabonba.exceptions import UnretryableException
from darabonba.runtime import RuntimeOptions
from pulumi_directory_users.testing import ALICLOUD_DIRECTORY_ID, FakeClouds, alicloud_client, mock_clouds

DIRECTORY = ALICLOUD_DIRECTORY_ID


@pytest.fixture
def clouds() -> Iterator[FakeClouds]:
    with mock_clouds() as fake:
        yield fake


@pytest.fixture
def client(clouds: FakeClouds) -> Client:
    return alicloud_client()


def create(
    client: Client, name: str, tags: dict[str, str] | None = None, **fields: Any
) -> models.CreateUserResponseBodyUser:
    tag_models = [models.CreateUserRequestTags(key=k, value=v) for k, v in (tags or {}).items()]
    req = models.CreateUserRequest(directory_id=DIRECTORY, user_name=name, tags=tag_models or None, **fields)
    return client.create_user(req).body.user


def get(client: Client, user_id: str) -> models.GetUserResponseBodyUser:
    return client.get_user(models.GetUserRequest(directory_id=DIRECTORY, user_id=user_id)).body.user


def list_names(client: Client, **query: Any) -> list[str]:
    body = client.list_users(models.ListUsersRequest(directory_id=DIRECTORY, **query)).body
    return [user.user_name for user in body.users]


def failure(call: Any) -> tuple[str, int]:
    with pytest.raises((ClientException, ServerException)) as caught:
        call()
    return caught.value.code, caught.value.status_code


def call_tag_api(client: Client, action: str, query: dict[str, str]) -> dict[str, Any]:
    params = Params(
        action=action,
        version="2021-05-15",
        protocol="HTTPS",
        pathname="/",
        method="POST",
        auth_type="AK",
        style="RPC",
        req_body_type="formData",
        body_type="json",
    )
    return client.call_api(params, OpenApiRequest(query=query), RuntimeOptions())


def tag(client: Client, user_id: str, tags: dict[str, str]) -> dict[str, Any]:
    query = {"DirectoryId": DIRECTORY, "ResourceType": "user", "ResourceId.1": user_id}
    for index, (key, value) in enumerate(tags.items(), start=1):
        query |= {f"Tag.{index}.Key": key, f"Tag.{index}.Value": value}
    return call_tag_api(client, "TagResources", query)


def untag(client: Client, user_id: str, keys: list[str]) -> dict[str, Any]:
    query = {"DirectoryId": DIRECTORY, "ResourceType": "user", "ResourceId.1": user_id}
    query |= {f"TagKey.{index}": key for index, key in enumerate(keys, start=1)}
    return call_tag_api(client, "UntagResources", query)


def tags_of(user: Any) -> dict[str, str]:
    return {t.key: t.value for t in user.tags or []}


# -- the lifecycle ------------------------------------------------------------------


def test_create_returns_the_user_with_tags(client: Client) -> None:
    user = create(client, "alice", {"env": "dev"}, email="alice@example.com", display_name="Alice")

    assert re.fullmatch(r"u-[a-z0-9]{20}", user.user_id)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", user.create_time)
    assert (user.status, user.provision_type, user.email, user.display_name) == (
        "Enabled",
        "Manual",
        "alice@example.com",
        "Alice",
    )
    assert tags_of(user) == {"env": "dev"}
    fetched = get(client, user.user_id)
    assert tags_of(fetched) == {"env": "dev"} and fetched.external_id is None


def test_timestamps_are_utc(clouds: FakeClouds) -> None:
    clouds.clock = lambda: datetime(2021, 10, 26, 11, 3, 42, tzinfo=timezone(timedelta(hours=8)))

    assert clouds.alicloud.create_user(DirectoryId=DIRECTORY, UserName="bob")["CreateTime"] == "2021-10-26T03:03:42Z"


def test_update_sends_only_changed_fields_clears_with_empty_string_and_omits_tags(
    clouds: FakeClouds, client: Client
) -> None:
    user = create(client, "alice", {"env": "dev"}, first_name="Al", description="old", email="a@example.com")
    clouds.clear_calls()

    updated = client.update_user(
        models.UpdateUserRequest(
            directory_id=DIRECTORY, user_id=user.user_id, new_description="", new_email="b@example.com"
        )
    ).body.user

    assert (updated.description, updated.email, updated.first_name) == ("", "b@example.com", "Al")
    assert (
        "Tags"
        not in client.update_user(models.UpdateUserRequest(directory_id=DIRECTORY, user_id=user.user_id)).body.to_map()[
            "User"
        ]
    )
    assert clouds.calls[0].params == {
        "DirectoryId": DIRECTORY,
        "UserId": user.user_id,
        "NewDescription": "",
        "NewEmail": "b@example.com",
    }


def test_status_delete_and_not_found(client: Client) -> None:
    user = create(client, "alice")
    client.update_user_status(
        models.UpdateUserStatusRequest(directory_id=DIRECTORY, user_id=user.user_id, new_status="Disabled")
    )
    assert get(client, user.user_id).status == "Disabled"
    assert list_names(client, status="Enabled") == []

    client.delete_user(models.DeleteUserRequest(directory_id=DIRECTORY, user_id=user.user_id))

    assert failure(lambda: get(client, user.user_id)) == ("EntityNotExists.User", 404)
    assert failure(
        lambda: client.delete_user(models.DeleteUserRequest(directory_id=DIRECTORY, user_id=user.user_id))
    ) == ("EntityNotExists.User", 404)


def test_list_filters_and_pages(clouds: FakeClouds, client: Client) -> None:
    for name in ("alice", "alina", "bob", "carol"):
        create(client, name)
    clouds.alicloud.create_synchronized_user(DIRECTORY, "scim-user")

    assert list_names(client, filter="UserName eq alice") == ["alice"]
    assert list_names(client, filter="UserName sw ali") == ["alice", "alina"]
    assert list_names(client, provision_type="Synchronized") == ["scim-user"]
    first = client.list_users(models.ListUsersRequest(directory_id=DIRECTORY, max_results=3)).body
    second = client.list_users(
        models.ListUsersRequest(directory_id=DIRECTORY, max_results=3, next_token=first.next_token)
    ).body
    assert (first.total_counts, first.is_truncated, second.is_truncated, second.next_token) == (5, True, False, None)
    assert [u.user_name for u in first.users + second.users] == ["alice", "alina", "bob", "carol", "scim-user"]


def test_list_rejects_malformed_filter_and_page_size(client: Client) -> None:
    assert failure(lambda: list_names(client, filter="DisplayName eq x")) == ("InvalidParameter.Filter", 400)
    assert failure(lambda: list_names(client, max_results=0)) == ("InvalidParameter.MaxResults", 400)
    assert failure(lambda: list_names(client, next_token="garbage")) == ("InvalidParameter.NextToken", 400)


# -- rules ----------------------------------------------------------------------------


def test_user_name_and_email_are_unique_in_a_directory(client: Client) -> None:
    create(client, "alice", email="alice@example.com")
    bob = create(client, "bob")

    assert failure(lambda: create(client, "alice")) == ("EntityAlreadyExists.User", 409)
    assert failure(lambda: create(client, "carol", email="Alice@Example.com")) == (
        "EntityAlreadyExists.User.Email",
        409,
    )
    assert failure(
        lambda: client.update_user(
            models.UpdateUserRequest(directory_id=DIRECTORY, user_id=bob.user_id, new_email="alice@example.com")
        )
    ) == ("EntityAlreadyExists.User.Email", 409)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("al ice", "InvalidParameter.UserName.InvalidChars"),
        ("a+b", "InvalidParameter.UserName.InvalidChars"),
        ("x" * 65, "InvalidParameter.UserName.Length"),
    ],
)
def test_bad_user_names_are_rejected(client: Client, name: str, code: str) -> None:
    assert failure(lambda: create(client, name)) == (code, 400)


def test_directory_must_exist_and_quota_is_enforced(clouds: FakeClouds, client: Client) -> None:
    missing = models.GetUserRequest(directory_id="d-nonexistent0", user_id="u-1")
    assert failure(lambda: client.get_user(missing)) == ("EntityNotExists.Directory", 404)

    clouds.alicloud.add_directory(DIRECTORY, user_limit=1)
    create(client, "alice")
    assert failure(lambda: create(client, "bob")) == ("LimitExceeded.User", 409)


def test_required_parameters_are_checked(client: Client) -> None:
    assert failure(lambda: client.get_user(models.GetUserRequest(directory_id=DIRECTORY))) == ("MissingUserId", 400)


@pytest.mark.parametrize(
    ("block", "code"),
    [
        (lambda c, uid: c.alicloud.add_access_assignment(DIRECTORY, uid), "DeletionConflict.User.AccessAssigment"),
        (lambda c, uid: c.alicloud.add_user_to_group(DIRECTORY, uid, "g-1"), "DeletionConflict.User.Group"),
    ],
)
def test_delete_is_blocked_by_access_assignments_and_groups(
    clouds: FakeClouds, client: Client, block: Any, code: str
) -> None:
    user = create(client, "alice")
    block(clouds, user.user_id)

    assert failure(
        lambda: client.delete_user(models.DeleteUserRequest(directory_id=DIRECTORY, user_id=user.user_id))
    ) == (
        code,
        409,
    )


def test_scim_users_show_their_external_id_and_cannot_be_changed(clouds: FakeClouds, client: Client) -> None:
    user_id = clouds.alicloud.create_synchronized_user(DIRECTORY, "scim", external_id="ext-1")["UserId"]

    fetched = get(client, user_id)
    assert (fetched.provision_type, fetched.external_id.id, fetched.external_id.issuer) == (
        "Synchronized",
        "ext-1",
        "SCIM",
    )
    conflict = ("OperationConflict.User.Synchronized", 409)
    assert (
        failure(lambda: client.delete_user(models.DeleteUserRequest(directory_id=DIRECTORY, user_id=user_id)))
        == conflict
    )
    assert (
        failure(
            lambda: client.update_user(
                models.UpdateUserRequest(directory_id=DIRECTORY, user_id=user_id, new_display_name="x")
            )
        )
        == conflict
    )


# -- tags through the generic API ---------------------------------------------------


def test_tag_and_untag_resources(clouds: FakeClouds, client: Client) -> None:
    user = create(client, "alice", {"env": "dev", "team": "a"})

    assert tag(client, user.user_id, {"env": "prod", "owner": "x y"})["statusCode"] == 200
    assert tags_of(get(client, user.user_id)) == {"env": "prod", "team": "a", "owner": "x y"}
    untag(client, user.user_id, ["team", "missing"])
    assert tags_of(get(client, user.user_id)) == {"env": "prod", "owner": "x y"}
    assert clouds.calls_for("alicloud", "UntagResources")[0].params == {
        "DirectoryId": DIRECTORY,
        "ResourceType": "user",
        "ResourceId.1": user.user_id,
        "TagKey.1": "team",
        "TagKey.2": "missing",
    }


@pytest.mark.parametrize(
    ("tags", "code"),
    [
        ({f"k{i}": "v" for i in range(21)}, "QuotaExceeded.Tag"),
        ({"aliyun-owner": "v"}, "InvalidParameter.TagKey"),
        ({"acs:x": "v"}, "InvalidParameter.TagKey"),
        ({"see https://x": "v"}, "InvalidParameter.TagKey"),
        ({"k" * 129: "v"}, "InvalidParameter.TagKey"),
        ({"k": "v" * 129}, "InvalidParameter.TagValue"),
    ],
)
def test_tag_limits(client: Client, tags: dict[str, str], code: str) -> None:
    user = create(client, "alice")

    assert failure(lambda: tag(client, user.user_id, tags)) == (code, 400)
    assert failure(lambda: create(client, "bob", tags)) == (code, 400)


def test_tagging_a_missing_user_or_other_resource_type_fails(client: Client) -> None:
    assert failure(lambda: tag(client, "u-missing", {"k": "v"})) == ("EntityNotExists.User", 404)
    query = {"DirectoryId": DIRECTORY, "ResourceType": "group", "ResourceId.1": "g-1", "Tag.1.Key": "k"}
    assert failure(lambda: call_tag_api(client, "TagResources", query)) == ("InvalidParameter.ResourceType", 400)


def test_unknown_action_is_not_found(client: Client) -> None:
    assert failure(lambda: call_tag_api(client, "ListTagResources", {})) == ("InvalidAction.NotFound", 404)


# -- credentials -------------------------------------------------------------------


def test_wrong_secret_and_unknown_key_are_rejected(clouds: FakeClouds) -> None:
    request = models.GetUserRequest(directory_id=DIRECTORY, user_id="u-1")

    assert failure(lambda: alicloud_client(access_key_secret="wrong").get_user(request)) == (
        "SignatureDoesNotMatch",
        400,
    )
    assert failure(lambda: alicloud_client(access_key_id="LTAIunknown").get_user(request)) == (
        "InvalidAccessKeyId.NotFound",
        404,
    )
    clouds.signature_clock = lambda: datetime.now(timezone.utc) - timedelta(hours=1)
    assert failure(lambda: alicloud_client().get_user(request)) == ("InvalidTimeStamp.Expired", 400)


def test_legacy_v1_signature_is_verified(client: Client) -> None:
    user = create(client, "alice", {"env": "a b"})
    v1 = alicloud_client(signature_algorithm="v2")

    assert tags_of(v1.get_user(models.GetUserRequest(directory_id=DIRECTORY, user_id=user.user_id)).body.user) == {
        "env": "a b"
    }
    wrong = alicloud_client(signature_algorithm="v2", access_key_secret="wrong")
    assert failure(lambda: wrong.get_user(models.GetUserRequest(directory_id=DIRECTORY, user_id=user.user_id))) == (
        "SignatureDoesNotMatch",
        400,
    )


# -- faults ----------------------------------------------------------------------------


def test_throttling_carries_retry_after_then_succeeds(clouds: FakeClouds, client: Client) -> None:
    clouds.faults.fail_next("alicloud", "CreateUser", "Throttling.User")

    with pytest.raises(ThrottlingException) as caught:
        create(client, "alice")
    assert (caught.value.code, caught.value.status_code, caught.value.retry_after) == ("Throttling.User", 400, 100)
    create(client, "alice")
    assert [c.error for c in clouds.calls_for("alicloud", "CreateUser")] == ["Throttling.User", None]


def test_service_unavailable_is_a_server_exception(clouds: FakeClouds, client: Client) -> None:
    clouds.faults.fail_next("alicloud", "*", "ServiceUnavailable")

    with pytest.raises(ServerException) as caught:
        list_names(client)
    assert (caught.value.code, caught.value.status_code) == ("ServiceUnavailable", 503)


def test_drop_after_commit_looks_like_a_network_error_but_the_user_exists(clouds: FakeClouds, client: Client) -> None:
    clouds.faults.drop_after_commit("alicloud", "CreateUser")

    with pytest.raises(UnretryableException):
        create(client, "alice")
    assert clouds.alicloud.find_user(DIRECTORY, "alice") is not None
    assert failure(lambda: create(client, "alice")) == ("EntityAlreadyExists.User", 409)


def test_rate_limit_answers_throttling(clouds: FakeClouds, client: Client) -> None:
    now = [0.0]  # the limiter's clock, moved by hand: nothing here depends on how fast the test runs
    clouds.faults.clock = lambda: now[0]
    clouds.faults.set_rate_limit("alicloud", "ListUsers", per_second=1)

    list_names(client)
    with pytest.raises(ThrottlingException) as caught:
        list_names(client)
    assert caught.value.code == "Throttling.User"
    now[0] += 1.0  # a second later the bucket holds a token again
    list_names(client)
    assert [c.error for c in clouds.calls_for("alicloud", "ListUsers")] == [None, "Throttling.User", None]


def test_out_of_band_changes_are_visible(clouds: FakeClouds, client: Client) -> None:
    user = create(client, "alice", {"env": "dev"})
    clouds.alicloud.modify_user(DIRECTORY, user.user_id, Email="console@example.com")
    clouds.alicloud.set_tags_out_of_band(DIRECTORY, user.user_id, {"aliyun:system": "1"})

    fetched = get(client, user.user_id)
    assert (fetched.email, tags_of(fetched)) == ("console@example.com", {"aliyun:system": "1"})
    clouds.alicloud.remove_user(DIRECTORY, user.user_id)
    assert failure(lambda: get(client, user.user_id)) == ("EntityNotExists.User", 404)
