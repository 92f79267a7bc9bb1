"""Alibaba Cloud CloudSSO (API 2021-05-15): our calls to SDK calls, its errors to ours."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

from alibabacloud_cloudsso20210515 import models
from alibabacloud_cloudsso20210515.client import Client
from alibabacloud_tea_openapi.exceptions import ThrottlingException
from alibabacloud_tea_openapi.utils_models import Config, OpenApiRequest, Params
from darabonba.runtime import RuntimeOptions
from Tea.exceptions import TeaException

from ..errors import (
    AlreadyExists,
    AuthFailure,
    DeleteBlocked,
    InvalidRequest,
    ManagedElsewhere,
    ParentNotFound,
    QuotaExceeded,
    Throttled,
    TransientFailure,
    ResourceGone,
)
from ..dynamic_provider import DirectoryResourceProvider
from ..retry import RetryPolicy
from ..settings import ALICLOUD_SOURCES, CloudSettings
from ..spec import ALICLOUD_CLOUD, ALICLOUD_GROUP, ALICLOUD_MEMBERSHIP, ALICLOUD_USER, Field, Kind, ResourceSpec
from .base import STALE_CONFIG_HINT, CallContext, ErrorRule, Record, SdkDirectory, require_known, translate

API_VERSION = "2021-05-15"

_CREDENTIALS = (
    "Check alicloud:accessKey / alicloud:secretKey (or ALIBABA_CLOUD_ACCESS_KEY_ID / "
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET), and alicloud:securityToken for STS credentials." + STALE_CONFIG_HINT
)
_TAG_RULES = ALICLOUD_CLOUD.tag_rules
assert _TAG_RULES is not None
_PERMISSION = "The Alibaba Cloud key may not call {action} ({detail}); grant it cloudsso:{action} in RAM."

CLOUD_ERRORS: dict[str, ErrorRule] = {
    "InvalidAccessKeyId": ErrorRule(AuthFailure, "Alibaba Cloud does not know the access key ({detail}). " + _CREDENTIALS),
    "SignatureDoesNotMatch": ErrorRule(AuthFailure, "Alibaba Cloud rejected the request signature ({detail}); the access key secret is wrong. " + _CREDENTIALS),
    "IncompleteSignature": ErrorRule(AuthFailure, "Alibaba Cloud rejected the request signature ({detail}). " + _CREDENTIALS),
    "InvalidSecurityToken": ErrorRule(AuthFailure, "Alibaba Cloud rejected the security token ({detail}); STS tokens expire: fetch a new one."),
    "InvalidCredentials": ErrorRule(AuthFailure, "No usable Alibaba Cloud credentials ({detail}). " + _CREDENTIALS),
    "InvalidTimeStamp": ErrorRule(AuthFailure, "Alibaba Cloud says the request time is off ({detail}); sync the machine's clock (NTP) and retry."),
    "Forbidden": ErrorRule(AuthFailure, _PERMISSION),
    "NoPermission": ErrorRule(AuthFailure, _PERMISSION),
    "Throttling": ErrorRule(Throttled, "Alibaba Cloud throttled {action} ({detail})."),
    "ServiceUnavailable": ErrorRule(TransientFailure, "CloudSSO is temporarily unavailable for {action} ({detail})."),
    "InternalError": ErrorRule(TransientFailure, "CloudSSO failed internally during {action} ({detail})."),
    "NetworkError": ErrorRule(TransientFailure, "{action} could not reach CloudSSO ({detail}); check the network, proxy and endpoint." + STALE_CONFIG_HINT),
    "ServerError": ErrorRule(TransientFailure, "CloudSSO answered {action} with a server error ({detail})."),
    "EntityNotExists.Directory": ErrorRule(
        ParentNotFound, "CloudSSO directory {parent_id} does not exist ({detail}); check directory_id and the region (alicloud:region) it lives in."
    ),
    "InvalidParameter": ErrorRule(InvalidRequest, "CloudSSO refused a parameter of {action} ({detail})."),
    "MissingParameter": ErrorRule(InvalidRequest, "CloudSSO says a parameter of {action} is missing ({detail})."),
}

USER_ERRORS: dict[str, ErrorRule] = {
    "EntityAlreadyExists.User": ErrorRule(
        AlreadyExists, "User {name!r} already exists in directory {parent_id}.", field="user_name"
    ),
    "EntityAlreadyExists.User.Email": ErrorRule(
        AlreadyExists,
        "The email is already used by another user in directory {parent_id} ({detail}); emails are unique per "
        "directory: choose another email, or remove it from the other user first.",
        field="email",
    ),
    "EntityNotExists.User": ErrorRule(ResourceGone, "User {resource_id} does not exist in directory {parent_id} ({detail})."),
    "LimitExceeded.User": ErrorRule(
        QuotaExceeded, "Directory {parent_id} has reached its user quota ({detail}); delete unused users or ask Alibaba Cloud to raise the quota."
    ),
    "QuotaExceeded": ErrorRule(
        QuotaExceeded, "Directory {parent_id} has reached its user quota ({detail}); delete unused users or ask Alibaba Cloud to raise the quota."
    ),
    "QuotaExceeded.Tag": ErrorRule(
        InvalidRequest, f"User {{resource_id}} would carry more than {_TAG_RULES.max_tags} tags ({{detail}}); "
        "tags set outside this program count too: remove some."
    ),
    "DeletionConflict.User.AccessAssigment": ErrorRule(
        DeleteBlocked, "User {resource_id} cannot be deleted while it has access assignments; remove them (DeleteAccessAssignment, or the resources that grant them), then delete again."
    ),
    "DeletionConflict.User.Group": ErrorRule(
        DeleteBlocked, "User {resource_id} cannot be deleted while it is a member of a group; remove it from its groups (RemoveUserFromGroup), then delete again."
    ),
    "DeletionConflict.User": ErrorRule(
        DeleteBlocked, "User {resource_id} cannot be deleted yet ({detail}); remove what references it (access assignments, group memberships, MFA devices), then delete again."
    ),
    "OperationConflict.User.Synchronized": ErrorRule(
        ManagedElsewhere, "User {resource_id} is synchronized from an external identity provider (SCIM) and cannot be changed or deleted here ({detail}); manage it at the identity provider."
    ),
}

# CloudSSO documents no group or membership codes we could confirm, except EntityNotExists.Group and
# DeletionConflict.Group.AccessAssigment; the others follow the pattern of its user codes.
GROUP_ERRORS: dict[str, ErrorRule] = {
    "EntityAlreadyExists.Group": ErrorRule(
        AlreadyExists, "Group {name!r} already exists in directory {parent_id}.", field="group_name"
    ),
    "EntityNotExists.Group": ErrorRule(ResourceGone, "Group {resource_id} does not exist in directory {parent_id} ({detail})."),
    "LimitExceeded.Group": ErrorRule(
        QuotaExceeded, "Directory {parent_id} has reached its group quota ({detail}); delete unused groups or ask Alibaba Cloud to raise the quota."
    ),
    "DeletionConflict.Group.AccessAssigment": ErrorRule(
        DeleteBlocked, "Group {resource_id} cannot be deleted while it has access assignments; remove them (DeleteAccessAssignment), then delete again."
    ),
    "DeletionConflict.Group": ErrorRule(
        DeleteBlocked, "Group {resource_id} cannot be deleted while it has members ({detail}); remove them (the GroupMembership resources that add them, or RemoveUserFromGroup), then delete again."
    ),
    "OperationConflict.Group.Synchronized": ErrorRule(
        ManagedElsewhere, "Group {resource_id} is synchronized from an external identity provider (SCIM) and cannot be changed here ({detail}); manage it at the identity provider."
    ),
}

MEMBERSHIP_ERRORS: dict[str, ErrorRule] = {
    "EntityAlreadyExists.GroupMember": ErrorRule(
        AlreadyExists, "User and group {resource_id} in directory {parent_id}: the user is already a member ({detail}).", field="group_id"
    ),
    # The membership is gone when the cloud says so, or when its group or its user is gone.
    "EntityNotExists.GroupMember": ErrorRule(ResourceGone, "The user is not a member of the group ({resource_id}, directory {parent_id}; {detail})."),
    "EntityNotExists.Group": ErrorRule(ResourceGone, "The group of membership {resource_id} does not exist in directory {parent_id} ({detail})."),
    "EntityNotExists.User": ErrorRule(ResourceGone, "The user of membership {resource_id} does not exist in directory {parent_id} ({detail})."),
    "OperationConflict.Group.Synchronized": ErrorRule(
        ManagedElsewhere, "The group of membership {resource_id} is synchronized from an external identity provider (SCIM); change its members there ({detail})."
    ),
}

# Each kind's map: the cloud's codes, overlaid by the kind's own.
ERRORS = {**CLOUD_ERRORS, **USER_ERRORS}
ERRORS_BY_KIND = {
    "user": ERRORS,
    "group": {**CLOUD_ERRORS, **GROUP_ERRORS},
    "group membership": {**CLOUD_ERRORS, **MEMBERSHIP_ERRORS},
}

_TAG_PARAMS = Params(
    version=API_VERSION,
    protocol="HTTPS",
    pathname="/",
    method="POST",
    auth_type="AK",
    style="RPC",
    req_body_type="formData",
    body_type="json",
)


class AlicloudDirectory(SdkDirectory):
    """One kind of Alibaba Cloud CloudSSO resource over the official SDK."""

    def __init__(self, spec: ResourceSpec, settings: CloudSettings, retry: RetryPolicy) -> None:
        super().__init__(spec, settings, retry)
        self._errors = ERRORS_BY_KIND[spec.kind]
        self._client = Client(
            Config(
                access_key_id=settings.key_id,
                access_key_secret=settings.secret,
                security_token=settings.token,
                region_id=settings.region,
                endpoint=settings.endpoint.host,
                protocol=settings.endpoint.scheme,
                connect_timeout=5000,
                read_timeout=30000,
            )
        )

    def _send(self, action: str, params: Mapping[str, Any], context: CallContext) -> dict[str, Any]:
        try:
            request_type = getattr(models, f"{action}Request", None)
            if request_type is None:
                # The Tag actions exist in CloudSSO but not in the SDK's models: same wire, generic call.
                request = OpenApiRequest(query={k: str(v) for k, v in params.items()})
                return self._client.call_api(_tag_params(action), request, RuntimeOptions())["body"]
            model = request_type().from_map(dict(params))
            require_known(action, params, model.to_map())
            method = getattr(self._client, _SDK_METHODS[action.lower()])
            return method(model, RuntimeOptions()).body.to_map()
        except TeaException as error:
            raise _translate(self._errors, error, context) from None

    def _search_filter(self, field_name: str, value: str) -> Optional[str]:
        # CloudSSO filters on the name only (UserName, GroupName); an email is found by listing all.
        return f"{self.spec.api_name(field_name)} eq {value}" if field_name == self.spec.name_field else None

    def set_field(self, parent_id: str, resource_id: str, fld: Field, current: Any, wanted: Any) -> Optional[Record]:
        if fld.kind is not Kind.TAGS:
            return super().set_field(parent_id, resource_id, fld, current, wanted)
        upsert = {k: v for k, v in wanted.items() if current.get(k) != v}
        self._update_tags(parent_id, resource_id, upsert, sorted(set(current) - set(wanted)))
        return None

    def _update_tags(
        self, parent_id: str, resource_id: str, upsert: Mapping[str, str], remove: Sequence[str]
    ) -> None:
        # The tag actions name the resource as ResourceType + ResourceId.N, not with its id parameter.
        target = {"DirectoryId": parent_id, "ResourceType": self.spec.kind, "ResourceId.1": resource_id}
        if remove:
            keys = {f"TagKey.{i}": key for i, key in enumerate(remove, start=1)}
            self._call("UntagResources", {**target, **keys},
                       CallContext("UntagResources", self.spec.parent_label, parent_id, resource_id))
        if upsert:
            tags: dict[str, str] = {}
            for i, (key, value) in enumerate(upsert.items(), start=1):
                tags[f"Tag.{i}.Key"] = key
                tags[f"Tag.{i}.Value"] = value
            self._call("TagResources", {**target, **tags},
                       CallContext("TagResources", self.spec.parent_label, parent_id, resource_id))


def _tag_params(action: str) -> Params:
    params = Params().from_map(_TAG_PARAMS.to_map())
    params.action = action
    return params


# Action -> the SDK client's method: the generator's snake case folds acronyms
# (UpdateUserMFAAuthenticationSettings -> update_user_mfaauthentication_settings_with_options).
_SDK_METHODS = {
    name.removesuffix("_with_options").replace("_", ""): name for name in dir(Client) if name.endswith("_with_options")
}


def _translate(errors: Mapping[str, ErrorRule], error: TeaException, context: CallContext) -> Exception:
    """Map an SDK exception: by its code, else by HTTP status, else as a network failure."""
    data = getattr(error, "data", None) or {}
    detail = str(data.get("Message") or getattr(error, "message", "") or error)[:300]
    request_id = str(data.get("RequestId") or getattr(error, "request_id", "") or "")
    status = getattr(error, "status_code", None) or data.get("statusCode")
    code = getattr(error, "code", None) or ""
    if isinstance(error, ThrottlingException):
        retry_after_ms = getattr(error, "retry_after", None)
        extra = {"retry_after": retry_after_ms / 1000} if retry_after_ms else {}
        return translate(errors, str(code or "Throttling"), detail, request_id, context, **extra)
    if not code:
        code = "ServerError" if status and int(status) >= 500 else "NetworkError"
    elif code not in errors and status and int(status) >= 500:
        code = "ServerError"
    return translate(errors, str(code), detail, request_id, context)


class AlicloudUserProvider(DirectoryResourceProvider):
    """The dynamic provider of ``pulumi_directory_users.alicloud.User``."""

    spec = ALICLOUD_USER
    sources = ALICLOUD_SOURCES
    adapter = AlicloudDirectory


class AlicloudGroupProvider(DirectoryResourceProvider):
    """The dynamic provider of ``pulumi_directory_users.alicloud.Group``."""

    spec = ALICLOUD_GROUP
    sources = ALICLOUD_SOURCES
    adapter = AlicloudDirectory


class AlicloudGroupMembershipProvider(DirectoryResourceProvider):
    """The dynamic provider of ``pulumi_directory_users.alicloud.GroupMembership``."""

    spec = ALICLOUD_MEMBERSHIP
    sources = ALICLOUD_SOURCES
    adapter = AlicloudDirectory
