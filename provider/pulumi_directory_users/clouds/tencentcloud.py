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
    ResourceGone,
    Throttled,
    TransientFailure,
)
from ..dynamic_provider import DirectoryResourceProvider
from ..retry import RetryPolicy
from ..settings import TENCENT_SOURCES, CloudSettings
from ..spec import TENCENT_GROUP, TENCENT_MEMBERSHIP, TENCENT_USER, ResourceSpec
from ..validation import name_rule
from .base import STALE_CONFIG_HINT, CallContext, ErrorRule, SdkDirectory, require_known, translate

_SCIM_GROUP = (
    "Group {resource_id} is synchronized from an external identity provider (SCIM) and cannot be changed here "
    "({detail}); change it, and its members, at the identity provider."
)
_SCIM_GROUP_ERROR = ManagedElsewhere

_CREDENTIALS = (
    "Check tencentcloud:secretId / tencentcloud:secretKey (or TENCENTCLOUD_SECRET_ID / "
    "TENCENTCLOUD_SECRET_KEY), and tencentcloud:securityToken for temporary keys." + STALE_CONFIG_HINT
)

CLOUD_ERRORS: dict[str, ErrorRule] = {
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
    "InvalidParameter": ErrorRule(InvalidRequest, "Tencent Cloud refused a parameter of {action} ({detail})."),
    "MissingParameter": ErrorRule(InvalidRequest, "Tencent Cloud says a parameter of {action} is missing ({detail})."),
    "ResourceNotFound": ErrorRule(
        NotFound, "Tencent Cloud says something {action} names does not exist ({detail}); check zone {parent_id} and the endpoint (tencentcloud:domain / directory-users:tencentcloudEndpoint). No state was changed."
    ),
    "FailedOperation.ZoneIdNotExist": ErrorRule(
        ParentNotFound, "Identity Center zone {parent_id} does not exist ({detail}); check zone_id against the Identity Center console."
    ),
    "FailedOperation.IdentityCenterNotOpen": ErrorRule(
        ServiceNotEnabled, "Identity Center is not enabled for this account ({detail}); enable it in the Tencent Cloud Organization console, then retry."
    ),
}

USER_ERRORS: dict[str, ErrorRule] = {
    "InvalidParameter.UsernameAlreadyExists": ErrorRule(
        AlreadyExists, "User {name!r} already exists in zone {parent_id}.", field="user_name"
    ),
    "InvalidParameter.EmailAlreadyExists": ErrorRule(
        AlreadyExists,
        "The email is already used by another user in zone {parent_id} ({detail}); emails are unique per zone: "
        "choose another email, or remove it from the other user first.",
        field="email",
    ),
    "InvalidParameter.UsernameFormatError": ErrorRule(
        InvalidRequest, "Tencent Cloud refused user_name {name!r} ({detail}); use "
        + name_rule(TENCENT_USER.field("user_name")) + "."
    ),
    "InvalidParameter.UserTypeError": ErrorRule(
        InvalidRequest, "{action} is not allowed for this user's user_type ({detail})."
    ),
    "ResourceNotFound.UserNotExist": ErrorRule(ResourceGone, "User {resource_id} does not exist in zone {parent_id} ({detail})."),
    "FailedOperation.UserOverUpperLimit": ErrorRule(
        QuotaExceeded, "Zone {parent_id} has reached its user quota ({detail}); delete unused users or ask Tencent Cloud to raise the quota."
    ),
    "InvalidParameter.UserAlreadyExistsGroup": ErrorRule(
        DeleteBlocked, "User {resource_id} cannot be deleted while it is a member of a user group; remove it from its groups (RemoveUserFromGroup, or the resources that add it), then delete again."
    ),
    "FailedOperation.RoleConfigurationAuthorizationExist": ErrorRule(
        DeleteBlocked, "User {resource_id} cannot be deleted while it holds role-configuration authorizations; remove its role assignments (DeleteRoleAssignment), then delete again."
    ),
    "FailedOperation.UserProvisioningExists": ErrorRule(
        DeleteBlocked, "User {resource_id} cannot be deleted while a CAM user synchronization uses it; delete that provisioning (DeleteUserSyncProvisioning), then delete again."
    ),
    "FailedOperation.SynchronizedUserNotDelete": ErrorRule(
        ManagedElsewhere, "User {resource_id} is synchronized from an external identity provider (SCIM) and cannot be deleted here ({detail}); remove it at the identity provider, and drop it from this stack with `pulumi state delete`."
    ),
    "FailedOperation.SynchronizedUserNotUpdate": ErrorRule(
        ManagedElsewhere, "User {resource_id} is synchronized from an external identity provider (SCIM) and cannot be changed here ({detail}); change it at the identity provider instead."
    ),
    "FailedOperation.ManualUserNotDelete": ErrorRule(
        ManagedElsewhere, "Zone {parent_id} does not allow deleting manually created users now ({detail}); check the zone's user provisioning (SCIM) settings."
    ),
    "FailedOperation.ManualUserNotUpdate": ErrorRule(
        ManagedElsewhere, "Zone {parent_id} does not allow changing manually created users now ({detail}); check the zone's user provisioning (SCIM) settings."
    ),
}

GROUP_ERRORS: dict[str, ErrorRule] = {
    "InvalidParameter.GroupNameAlreadyExists": ErrorRule(
        AlreadyExists, "Group {name!r} already exists in zone {parent_id}.", field="group_name"
    ),
    "InvalidParameter.GroupNameFormatError": ErrorRule(
        InvalidRequest, "Tencent Cloud refused group_name {name!r} ({detail}); use "
        + name_rule(TENCENT_GROUP.field("group_name")) + "."
    ),
    "InvalidParameter.GroupNotExist": ErrorRule(ResourceGone, "Group {resource_id} does not exist in zone {parent_id} ({detail})."),
    "FailedOperation.DeleteGroupNotAllowExistUser": ErrorRule(
        DeleteBlocked, "Group {resource_id} cannot be deleted while it has members; remove them (the GroupMembership resources that add them, or RemoveUserFromGroup), then delete again."
    ),
    "FailedOperation.RoleConfigurationAuthorizationExist": ErrorRule(
        DeleteBlocked, "Group {resource_id} cannot be deleted while it holds role-configuration authorizations; remove its role assignments (DeleteRoleAssignment), then delete again."
    ),
    "FailedOperation.GroupOverUpperLimit": ErrorRule(
        QuotaExceeded, "Zone {parent_id} has reached its group quota ({detail}); delete unused groups or ask Tencent Cloud to raise the quota."
    ),
    "FailedOperation.SynchronizedGroupNotDelete": ErrorRule(_SCIM_GROUP_ERROR, _SCIM_GROUP),
    "FailedOperation.SynchronizedGroupNotUpdate": ErrorRule(_SCIM_GROUP_ERROR, _SCIM_GROUP),
    "FailedOperation.ManualGroupNotDelete": ErrorRule(
        ManagedElsewhere, "Zone {parent_id} does not allow deleting manually created groups now ({detail}); check the zone's provisioning (SCIM) settings."
    ),
    "FailedOperation.ManualGroupNotUpdate": ErrorRule(
        ManagedElsewhere, "Zone {parent_id} does not allow changing manually created groups now ({detail}); check the zone's provisioning (SCIM) settings."
    ),
}

MEMBERSHIP_ERRORS: dict[str, ErrorRule] = {
    "InvalidParameter.GroupUserAlreadyExists": ErrorRule(
        AlreadyExists, "User and group {resource_id} in zone {parent_id}: the user is already a member ({detail}).", field="group_id"
    ),
    # The membership is gone when the cloud says so, or when its group or its user is gone.
    "InvalidParameter.GroupUserNotExist": ErrorRule(ResourceGone, "The user is not a member of the group ({resource_id}, zone {parent_id}; {detail})."),
    "InvalidParameter.GroupNotExist": ErrorRule(ResourceGone, "The group of membership {resource_id} does not exist in zone {parent_id} ({detail})."),
    "ResourceNotFound.UserNotExist": ErrorRule(ResourceGone, "The user of membership {resource_id} does not exist in zone {parent_id} ({detail})."),
    "FailedOperation.SynchronizedGroupNotAddUser": ErrorRule(_SCIM_GROUP_ERROR, _SCIM_GROUP),
    "FailedOperation.SynchronizedGroupNotRemoveUser": ErrorRule(_SCIM_GROUP_ERROR, _SCIM_GROUP),
    "FailedOperation.GroupTypeUserTypeNotMatch": ErrorRule(
        InvalidRequest, "A synchronized (SCIM) group takes only synchronized users and a manual group only manual users ({detail}); membership {resource_id}."
    ),
    "FailedOperation.GroupUserCountOverUpperLimit": ErrorRule(
        QuotaExceeded, "The group of membership {resource_id} has reached its member quota ({detail})."
    ),
    "FailedOperation.UserAddGroupCountOverUpperLimit": ErrorRule(
        QuotaExceeded, "The user of membership {resource_id} has reached the quota of groups a user may join ({detail})."
    ),
}

# Each kind's map: the cloud's codes, overlaid by the kind's own.
ERRORS = {**CLOUD_ERRORS, **USER_ERRORS}
ERRORS_BY_KIND = {
    "user": ERRORS,
    "group": {**CLOUD_ERRORS, **GROUP_ERRORS},
    "group membership": {**CLOUD_ERRORS, **MEMBERSHIP_ERRORS},
}

class TencentDirectory(SdkDirectory):
    """One kind of Tencent Cloud Identity Center resource over the official SDK."""

    def __init__(self, spec: ResourceSpec, settings: CloudSettings, retry: RetryPolicy) -> None:
        super().__init__(spec, settings, retry)
        self._errors = ERRORS_BY_KIND[spec.kind]
        self._client = self._build_client(settings)

    @staticmethod
    def _build_client(settings: CloudSettings) -> OrganizationClient:
        try:
            cred = credential.Credential(settings.key_id, settings.secret, settings.token)
        except TencentCloudSDKException as error:
            raise translate(CLOUD_ERRORS, "InvalidCredential", "empty value or whitespace in a key", "",
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
                self._errors, error.code or "", _text(error.message), error.requestId or "", context
            ) from None
        return json.loads(response.to_json_string())

    def _search_filter(self, field_name: str, value: str) -> Optional[str]:
        # Free text: over user name, email, user id and description; over group name and description.
        return value


def _text(message: Any) -> str:
    if isinstance(message, bytes):
        return message.decode("utf-8", "replace")[:300]
    return str(message or "")


class TencentUserProvider(DirectoryResourceProvider):
    """The dynamic provider of ``pulumi_directory_users.tencentcloud.User``."""

    spec = TENCENT_USER
    sources = TENCENT_SOURCES
    adapter = TencentDirectory


class TencentGroupProvider(DirectoryResourceProvider):
    """The dynamic provider of ``pulumi_directory_users.tencentcloud.Group``."""

    spec = TENCENT_GROUP
    sources = TENCENT_SOURCES
    adapter = TencentDirectory


class TencentGroupMembershipProvider(DirectoryResourceProvider):
    """The dynamic provider of ``pulumi_directory_users.tencentcloud.GroupMembership``."""

    spec = TENCENT_MEMBERSHIP
    sources = TENCENT_SOURCES
    adapter = TencentDirectory
