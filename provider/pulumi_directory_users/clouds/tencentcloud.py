"""Tencent Cloud Organization Identity Center (API 2021-03-31): our calls to SDK calls, its errors to ours."""

from __future__ import annotations

import json
from typing import Any, Mapping, Optional, Sequence

from tencentcloud.common import credential
from tencentcloud.common.exception.tencent_cloud_sdk_exception import TencentCloudSDKException
from tencentcloud.common.profile.client_profile import ClientProfile
from tencentcloud.common.profile.http_profile import HttpProfile
from tencentcloud.organization.v20210331 import models
from tencentcloud.organization.v20210331.organization_client import OrganizationClient

from ..errors import (
    AlreadyExists,
    AuthFailure,
    DeleteBlocked,
    InvalidRequest,
    ManagedElsewhere,
    NotFound,
    ParentNotFound,
    QuotaExceeded,
    ServiceNotEnabled,
    Throttled,
    TransientFailure,
)
from ..lifecycle import DirectoryUserProvider
from ..retry import RetryPolicy
from ..settings import TENCENT_SOURCES, CloudSettings
from ..spec import TENCENT
from .base import CallContext, ErrorRule, UserRecord, from_api, to_api, translate

_CREDENTIALS = (
    "Check tencentcloud:secretId / tencentcloud:secretKey (or TENCENTCLOUD_SECRET_ID / "
    "TENCENTCLOUD_SECRET_KEY), and tencentcloud:securityToken for temporary keys"
)

ERRORS: dict[str, ErrorRule] = {
    "AuthFailure": ErrorRule(AuthFailure, "Tencent Cloud rejected the request signature or key ({detail}). " + _CREDENTIALS + "."),
    "AuthFailure.SignatureExpire": ErrorRule(
        AuthFailure, "Tencent Cloud says the request signature expired ({detail}); the machine's clock is probably off by more than 5 minutes: sync it (NTP) and retry."
    ),
    "AuthFailure.UnauthorizedOperation": ErrorRule(
        AuthFailure, "The Tencent Cloud key may not call {action} ({detail}); grant it organization:{action} in CAM."
    ),
    "UnauthorizedOperation": ErrorRule(
        AuthFailure, "The Tencent Cloud key may not call {action} ({detail}); grant it organization:{action} in CAM."
    ),
    "InvalidCredential": ErrorRule(AuthFailure, "The Tencent Cloud credentials are malformed ({detail}). " + _CREDENTIALS + "."),
    "RequestLimitExceeded": ErrorRule(Throttled, "Tencent Cloud throttled {action} ({detail})."),
    "LimitExceeded": ErrorRule(Throttled, "Tencent Cloud throttled {action} ({detail})."),
    "InternalError": ErrorRule(TransientFailure, "Tencent Cloud failed internally during {action} ({detail})."),
    "ServerNetworkError": ErrorRule(TransientFailure, "Tencent Cloud answered {action} with an HTTP error ({detail})."),
    "ClientNetworkError": ErrorRule(TransientFailure, "{action} could not reach Tencent Cloud ({detail}); check the network, proxy and endpoint."),
    "ResourceUnavailable": ErrorRule(TransientFailure, "Tencent Cloud is temporarily unable to serve {action} ({detail})."),
    "InvalidParameter.UsernameAlreadyExists": ErrorRule(
        AlreadyExists, "User {user_name!r} already exists in zone {parent_id}.", field="user_name"
    ),
    "InvalidParameter.EmailAlreadyExists": ErrorRule(
        AlreadyExists,
        "The email is already used by another user in zone {parent_id} ({detail}); emails are unique per zone: "
        "choose another email, or remove it from the other user first.",
        field="email",
    ),
    "InvalidParameter.UsernameFormatError": ErrorRule(
        InvalidRequest, "Tencent Cloud refused user_name {user_name!r} ({detail}); use 1-64 letters, digits and + = , . @ - _."
    ),
    "InvalidParameter.UserTypeError": ErrorRule(
        InvalidRequest, "{action} is not allowed for this user's user_type ({detail})."
    ),
    "InvalidParameter": ErrorRule(InvalidRequest, "Tencent Cloud refused a parameter of {action} ({detail})."),
    "MissingParameter": ErrorRule(InvalidRequest, "Tencent Cloud says a parameter of {action} is missing ({detail})."),
    "ResourceNotFound": ErrorRule(NotFound, "User {user_id} does not exist in zone {parent_id} ({detail})."),
    "FailedOperation.ZoneIdNotExist": ErrorRule(
        ParentNotFound, "Identity Center zone {parent_id} does not exist ({detail}); check zone_id against the Identity Center console."
    ),
    "FailedOperation.IdentityCenterNotOpen": ErrorRule(
        ServiceNotEnabled, "Identity Center is not enabled for this account ({detail}); enable it in the Tencent Cloud Organization console, then retry."
    ),
    "FailedOperation.UserOverUpperLimit": ErrorRule(
        QuotaExceeded, "Zone {parent_id} has reached its user quota ({detail}); delete unused users or ask Tencent Cloud to raise the quota."
    ),
    "InvalidParameter.UserAlreadyExistsGroup": ErrorRule(
        DeleteBlocked, "User {user_id} cannot be deleted while it is a member of a user group; remove it from its groups (RemoveUserFromGroup, or the resources that add it), then delete again."
    ),
    "FailedOperation.RoleConfigurationAuthorizationExist": ErrorRule(
        DeleteBlocked, "User {user_id} cannot be deleted while it holds role-configuration authorizations; remove its role assignments (DeleteRoleAssignment), then delete again."
    ),
    "FailedOperation.UserProvisioningExists": ErrorRule(
        DeleteBlocked, "User {user_id} cannot be deleted while a CAM user synchronization uses it; delete that provisioning (DeleteUserSyncProvisioning), then delete again."
    ),
    "FailedOperation.SynchronizedUserNotDelete": ErrorRule(
        ManagedElsewhere, "User {user_id} is synchronized from an external identity provider (SCIM) and cannot be deleted here ({detail}); remove it at the identity provider, and drop it from this stack with `pulumi state delete`."
    ),
    "FailedOperation.SynchronizedUserNotUpdate": ErrorRule(
        ManagedElsewhere, "User {user_id} is synchronized from an external identity provider (SCIM) and cannot be changed here ({detail}); change it at the identity provider instead."
    ),
    "FailedOperation.ManualUserNotDelete": ErrorRule(
        ManagedElsewhere, "Zone {parent_id} does not allow deleting manually created users now ({detail}); check the zone's user provisioning (SCIM) settings."
    ),
    "FailedOperation.ManualUserNotUpdate": ErrorRule(
        ManagedElsewhere, "Zone {parent_id} does not allow changing manually created users now ({detail}); check the zone's user provisioning (SCIM) settings."
    ),
}

_PAGE_SIZE = 100


class TencentDirectory:
    """The DirectoryApi of Tencent Cloud Identity Center, over the official SDK."""

    spec = TENCENT

    def __init__(self, settings: CloudSettings, retry: RetryPolicy) -> None:
        self._retry = retry
        self._client = self._build_client(settings)

    @staticmethod
    def _build_client(settings: CloudSettings) -> OrganizationClient:
        try:
            cred = credential.Credential(settings.key_id, settings.secret, settings.token)
        except TencentCloudSDKException as error:
            raise translate(ERRORS, "InvalidCredential", "empty value or whitespace in a key", "",
                            CallContext("authenticate", "zone")) from error
        http = HttpProfile(
            endpoint=settings.endpoint.host, protocol=settings.endpoint.scheme, reqTimeout=30
        )
        # English messages: the SDK's default language is Chinese.
        profile = ClientProfile(httpProfile=http, language="en-US")
        return OrganizationClient(cred, settings.region, profile)

    def _call(self, action: str, params: Mapping[str, Any], context: CallContext) -> dict[str, Any]:
        def once() -> dict[str, Any]:
            request = getattr(models, f"{action}Request")()
            request._deserialize(dict(params))
            try:
                response = getattr(self._client, action)(request)
            except TencentCloudSDKException as error:
                raise translate(
                    ERRORS, error.code or "", _text(error.message), error.requestId or "", context
                ) from None
            return json.loads(response.to_json_string())

        return self._retry.run(once, action=action)

    def _context(self, action: str, zone_id: str, user_id: str = "", user_name: str = "") -> CallContext:
        return CallContext(action, "zone", zone_id, user_id, user_name)

    def create_user(self, parent_id: str, values: Mapping[str, Any]) -> UserRecord:
        params = {"ZoneId": parent_id, **to_api(self.spec, values)}
        context = self._context("CreateUser", parent_id, user_name=values.get("user_name", ""))
        return from_api(self.spec, parent_id, self._call("CreateUser", params, context)["UserInfo"])

    def get_user(self, parent_id: str, user_id: str) -> UserRecord:
        context = self._context("GetUser", parent_id, user_id)
        info = self._call("GetUser", {"ZoneId": parent_id, "UserId": user_id}, context)["UserInfo"]
        return from_api(self.spec, parent_id, info)

    def find_user(self, parent_id: str, user_name: str) -> Optional[UserRecord]:
        # Filter is free text over name, email, id and description: match the name exactly here.
        params: dict[str, Any] = {"ZoneId": parent_id, "Filter": user_name, "MaxResults": _PAGE_SIZE}
        context = self._context("ListUsers", parent_id, user_name=user_name)
        while True:
            page = self._call("ListUsers", params, context)
            for info in page.get("Users") or []:
                if info.get("UserName") == user_name:
                    return from_api(self.spec, parent_id, info)
            if not page.get("IsTruncated") or not page.get("NextToken"):
                return None
            params["NextToken"] = page["NextToken"]

    def update_profile(self, parent_id: str, user_id: str, changes: Mapping[str, Any]) -> None:
        params = {"ZoneId": parent_id, "UserId": user_id, **to_api(self.spec, changes, update=True)}
        self._call("UpdateUser", params, self._context("UpdateUser", parent_id, user_id))

    def set_status(self, parent_id: str, user_id: str, status: str) -> None:
        params = {"ZoneId": parent_id, "UserId": user_id, **to_api(self.spec, {"user_status": status}, update=True)}
        self._call("UpdateUserStatus", params, self._context("UpdateUserStatus", parent_id, user_id))

    def update_tags(
        self, parent_id: str, user_id: str, upsert: Mapping[str, str], remove: Sequence[str]
    ) -> None:
        raise InvalidRequest("Tencent Cloud Identity Center users have no tags")

    def delete_user(self, parent_id: str, user_id: str) -> None:
        params = {"ZoneId": parent_id, "UserId": user_id}
        self._call("DeleteUser", params, self._context("DeleteUser", parent_id, user_id))


def _text(message: Any) -> str:
    if isinstance(message, bytes):
        return message.decode("utf-8", "replace")[:300]
    return str(message or "")


class TencentUserProvider(DirectoryUserProvider):
    """The dynamic provider of ``pulumi_directory_users.tencentcloud.User``."""

    spec = TENCENT
    sources = TENCENT_SOURCES
    adapter = TencentDirectory
