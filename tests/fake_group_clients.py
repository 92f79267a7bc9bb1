"""One way to drive either cloud's group API through its real SDK, for the group tests of the fakes.

Each :class:`SdkCloud` takes the API's own parameter names (``GroupName=...``),
builds the SDK's typed request model from them, calls the SDK's typed method
(which signs and sends real HTTP) and returns the typed response model as the
API's field names. An API error comes back as :class:`ApiError` with the code.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass
from typing import Any

from alibabacloud_cloudsso20210515 import models as ali
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException, ThrottlingException
from pulumi_directory_users.testing import (
    ALICLOUD,
    ALICLOUD_DIRECTORY_ID,
    TENCENT,
    TENCENT_ZONE_ID,
    AlicloudCloudSSO,
    FakeClouds,
    TencentIdentityCenter,
    alicloud_client,
    tencent_client,
)
from tencentcloud.common.exception import TencentCloudSDKException
from tencentcloud.organization.v20210331 import models as tc


class ApiError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Expected:
    """A cloud's answers to the rules, written out from the SDK error codes and the fakes' documented choices."""

    group_id: re.Pattern[str]
    group_missing: str
    user_missing: str
    name_in_use: str
    bad_name_chars: str
    bad_name_length: str
    user_in_group: str
    group_not_empty: str
    group_assigned: str
    already_member: str
    not_member: str
    bad_token: str
    unknown_parameter: str


TENCENT_EXPECTED = Expected(
    group_id=re.compile(r"^g-[0-9a-z]{12}$"),
    group_missing="InvalidParameter.GroupNotExist",
    user_missing="ResourceNotFound.UserNotExist",
    name_in_use="InvalidParameter.GroupNameAlreadyExists",
    bad_name_chars="InvalidParameter.GroupNameFormatError",
    bad_name_length="InvalidParameter.GroupNameFormatError",
    user_in_group="InvalidParameter.UserAlreadyExistsGroup",
    group_not_empty="FailedOperation.DeleteGroupNotAllowExistUser",
    group_assigned="FailedOperation.RoleConfigurationAuthorizationExist",
    already_member="InvalidParameter.GroupUserAlreadyExists",
    not_member="InvalidParameter.GroupUserNotExist",
    bad_token="InvalidParameter.NextTokenInvalid",
    unknown_parameter="UnknownParameter",
)

ALICLOUD_EXPECTED = Expected(
    group_id=re.compile(r"^g-[0-9a-z]{20}$"),
    group_missing="EntityNotExists.Group",
    user_missing="EntityNotExists.User",
    name_in_use="EntityAlreadyExists.Group",
    bad_name_chars="InvalidParameter.GroupName.InvalidChars",
    bad_name_length="InvalidParameter.GroupName.Length",
    user_in_group="DeletionConflict.User.Group",
    group_not_empty="DeletionConflict.Group.User",
    group_assigned="DeletionConflict.Group.AccessAssigment",
    already_member="EntityAlreadyExists.GroupMember",
    not_member="EntityNotExists.GroupMember",
    bad_token="InvalidParameter.NextToken",
    unknown_parameter="InvalidParameter",
)

# The Alibaba SDK's method names where they are not the snake case of the action.
_ALICLOUD_METHODS = {
    "GetUserMFAAuthenticationSettings": "get_user_mfaauthentication_settings",
    "UpdateUserMFAAuthenticationSettings": "update_user_mfaauthentication_settings",
}


class SdkCloud:
    """One cloud's SDK pointed at the fakes (``endpoint`` ``None``: the in-process mock)."""

    name: str
    parent: str
    origin_field: str
    expected: Expected

    def call(self, action: str, **params: Any) -> dict[str, Any]:
        raise NotImplementedError

    def model(self, clouds: FakeClouds) -> TencentIdentityCenter | AlicloudCloudSSO:
        return clouds.tencent if self.name == TENCENT else clouds.alicloud

    # -- the calls the tests make often -----------------------------------------------

    def create_user(self, name: str) -> str:
        user_key = "UserInfo" if self.name == TENCENT else "User"
        return str(self.call("CreateUser", UserName=name)[user_key]["UserId"])

    def create_group(self, name: str, **fields: Any) -> dict[str, Any]:
        return self.call("CreateGroup", GroupName=name, **fields)[self.group_key]

    def get_group(self, group_id: str) -> dict[str, Any]:
        return self.call("GetGroup", GroupId=group_id)[self.group_key]

    def add(self, group_id: str, user_id: str) -> None:
        self.call("AddUserToGroup", GroupId=group_id, UserId=user_id)

    def remove(self, group_id: str, user_id: str) -> None:
        self.call("RemoveUserFromGroup", GroupId=group_id, UserId=user_id)

    def error(self, action: str, **params: Any) -> str:
        """The error code ``action`` answers; fails the test if it succeeds."""
        try:
            self.call(action, **params)
        except ApiError as exc:
            return exc.code
        raise AssertionError(f"{self.name} {action} succeeded")

    @property
    def group_key(self) -> str:
        return "GroupInfo" if self.name == TENCENT else "Group"


class TencentSdk(SdkCloud):
    name, parent, origin_field, expected = TENCENT, TENCENT_ZONE_ID, "GroupType", TENCENT_EXPECTED

    def __init__(self, endpoint: str | None = None) -> None:
        self.client = tencent_client(endpoint)

    def call(self, action: str, **params: Any) -> dict[str, Any]:
        request = getattr(tc, f"{action}Request")()
        request.from_json_string(json.dumps({"ZoneId": self.parent, **params}))
        try:
            with warnings.catch_warnings():
                # The SDK warns about response fields its model lacks: a shape the fake got wrong.
                warnings.filterwarnings("error", message=".*useless")
                response = getattr(self.client, action)(request)
        except TencentCloudSDKException as exc:
            raise ApiError(str(exc.code), str(exc.message)) from None
        result: dict[str, Any] = json.loads(response.to_json_string())
        result.pop("RequestId", None)
        return result


class AlicloudSdk(SdkCloud):
    name, parent, origin_field, expected = ALICLOUD, ALICLOUD_DIRECTORY_ID, "ProvisionType", ALICLOUD_EXPECTED

    def __init__(self, endpoint: str | None = None) -> None:
        self.client = alicloud_client(endpoint)

    def call(self, action: str, **params: Any) -> dict[str, Any]:
        request = getattr(ali, f"{action}Request")().from_map({"DirectoryId": self.parent, **params})
        method = _ALICLOUD_METHODS.get(action) or re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()
        try:
            body = getattr(self.client, method)(request).body
        except (ClientException, ServerException, ThrottlingException) as exc:
            raise ApiError(str(exc.code), str(exc.message)) from None
        result: dict[str, Any] = body.to_map()
        result.pop("RequestId", None)
        return result


def sdk_field_names(model: Any) -> set[str]:
    """The API field names an SDK model defines (Tencent: its attributes; Alibaba: what ``to_map`` emits)."""
    if isinstance(model, type) and issubclass(model, tc.AbstractModel):
        return {name[1:] for name in vars(model())}
    instance = model()
    for attribute in vars(instance):
        setattr(instance, attribute, "")
    return set(instance.to_map())


__all__ = [
    "ALICLOUD_EXPECTED",
    "TENCENT_EXPECTED",
    "AlicloudSdk",
    "ApiError",
    "Expected",
    "SdkCloud",
    "TencentSdk",
    "sdk_field_names",
]
