"""Tencent Cloud Organization Identity Center (API 2021-03-31): our calls to SDK calls, its errors to ours."""

from __future__ import annotations

import json
from typing import Any, Mapping, Optional

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
    UserNotFound,
    Throttled,
    TransientFailure,
)
from ..lifecycle import DirectoryUserProvider
from ..retry import RetryPolicy
from ..settings import TENCENT_SOURCES, CloudSettings
from ..spec import TENCENT
from .base import STALE_CONFIG_HINT, CallContext, ErrorRule, SdkDirectory, require_known, translate

_CREDENTIALS = (
    "Check tencentcloud:secretId / tencentcloud:secretKey (or TENCENTCLOUD_SECRET_ID / "
    "TENCENTCLOUD_SECRET_KEY), and tencentcloud:securityToken for temporary keys." + STALE_CONFIG_HINT
)

ERRORS: dict[str, ErrorRule] = {
    "AuthFailure": ErrorRule(AuthFailure, "Tencent Cloud rejected the request signature or key ({detail}). " + _CREDENTIALS),
    "AuthFailure.SignatureExpire": ErrorRule(
        AuthFailure, "Tencent Cloud says the request signature expired ({detail}); the machine's clock is probably off by more than 5 minutes: sync it (NTP) and retry."
    ),
    "AuthFailure.UnauthorizedOperation": ErrorRule(
        AuthFailure, "The Tencent Cloud key may not call {action} ({detail}); grant it organization:{action} in CAM."
    ),
    "UnauthorizedOperation": ErrorRule(
        AuthFailure, "The Tencent Cloud key may not call {action} ({detail}); grant it organization:{action} in CAM."
    ),
    "InvalidCredential": ErrorRule(AuthFailure, "The Tencent Cloud credentials are malformed ({detail}). " + _CREDENTIALS),
    "RequestLimitExceeded": ErrorRule(Throttled, "Tencent Cloud throttled {action} ({detail})."),
    "LimitExceeded": ErrorRule(Throttled, "Tencent Cloud throttled {action} ({detail})."),
    "InternalError": ErrorRule(TransientFailure, "Tencent Cloud failed internally during {action} ({detail})."),
    "ServerNetworkError": ErrorRule(TransientFailure, "Tencent Cloud answered {action} with an HTTP error ({detail})."),
    "ClientNetworkError": ErrorRule(TransientFailure, "{action} could not reach Tencent Cloud ({detail}); check the network, proxy and endpoint." + STALE_CONFIG_HINT),
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
    "ResourceNotFound.UserNotExist": ErrorRule(UserNotFound, "User {user_id} does not exist in zone {parent_id} ({detail})."),
    "ResourceNotFound": ErrorRule(
        NotFound, "Tencent Cloud says something {action} names does not exist ({detail}); check zone {parent_id} and the endpoint (tencentcloud:domain / directory-users:tencentcloudEndpoint). No state was changed."
    ),
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

class TencentDirectory(SdkDirectory):
    """Tencent Cloud Identity Center users over the official SDK."""

    spec = TENCENT
    user_key = "UserInfo"

    def __init__(self, settings: CloudSettings, retry: RetryPolicy) -> None:
        super().__init__(settings, retry)
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

    def _send(self, action: str, params: Mapping[str, Any], context: CallContext) -> dict[str, Any]:
        request = getattr(models, f"{action}Request")()
        require_known(action, params, (name.lstrip("_") for name in vars(request)))
        request.from_json_string(json.dumps(dict(params)))
        try:
            response = getattr(self._client, action)(request)
        except TencentCloudSDKException as error:
            raise translate(
                ERRORS, error.code or "", _text(error.message), error.requestId or "", context
            ) from None
        return json.loads(response.to_json_string())

    def _search_filter(self, field_name: str, value: str) -> Optional[str]:
        # Free text over user name, email, user id and description.
        return value


def _text(message: Any) -> str:
    if isinstance(message, bytes):
        return message.decode("utf-8", "replace")[:300]
    return str(message or "")


class TencentUserProvider(DirectoryUserProvider):
    """The dynamic provider of ``pulumi_directory_users.tencentcloud.User``."""

    spec = TENCENT
    sources = TENCENT_SOURCES
    adapter = TencentDirectory
