"""Raw HTTP request/response values shared by the wire handlers, the mock and the server,
and what the two wire dialects do alike."""

from __future__ import annotations

import functools
import inspect
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from ._store import RecordedCall
from .faults import NETWORK, TENCENT

if TYPE_CHECKING:
    from .models import FakeClouds

LOGGER_NAME = "pulumi_directory_users.testing"
"""The ``logging`` logger that receives the traceback of every unexpected error in the fakes."""


def log_unexpected_error(cloud: str, action: str) -> None:
    """Log the traceback of the exception being handled; the caller answers the cloud's internal error."""
    logging.getLogger(LOGGER_NAME).exception("%s %s: unexpected error, answered as an internal error", cloud, action)


@dataclass(frozen=True)
class WireRequest:
    """An HTTP request as it arrived.

    Attributes:
        method: ``"POST"``, ``"GET"``...
        url: path and query (``"/?Action=GetUser"``) or a full URL.
        headers: request headers; names are matched case-insensitively.
        body: raw body bytes.
    """

    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes = b""

    def __post_init__(self) -> None:
        # Clients differ in header case (Tencent "X-TC-Action", Alibaba
        # "x-acs-action"); store lower-case names once.
        lowered = {name.lower(): value for name, value in self.headers.items()}
        object.__setattr__(self, "headers", lowered)

    def header(self, name: str) -> str | None:
        """The value of a header, looked up case-insensitively."""
        return self.headers.get(name.lower())

    @property
    def path(self) -> str:
        """The URL path, ``/`` when empty."""
        return urlsplit(self.url).path or "/"

    @property
    def query(self) -> str:
        """The raw query string, without ``?``."""
        return urlsplit(self.url).query

    def query_params(self) -> dict[str, str]:
        """The decoded query parameters (last value wins)."""
        return dict(parse_qsl(self.query, keep_blank_values=True))

    def form_params(self) -> dict[str, str]:
        """The decoded body when it is ``application/x-www-form-urlencoded``, else ``{}``."""
        content_type = (self.header("content-type") or "").lower()
        if not self.body or "application/x-www-form-urlencoded" not in content_type:
            return {}
        return dict(parse_qsl(self.body.decode("utf-8", "replace"), keep_blank_values=True))


@dataclass(frozen=True)
class WireResponse:
    """An HTTP response to send, or the instruction to drop the connection.

    ``cloud``, ``action`` and ``error`` are not sent; the emulator logs them.
    """

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    drop: bool = False
    cloud: str = ""
    action: str = ""
    error: str | None = None

    @classmethod
    def dropped(cls, cloud: str, action: str, error: str | None) -> WireResponse:
        """A response that closes the connection without answering."""
        return cls(0, {}, b"", True, cloud, action, error)

    @classmethod
    def json(
        cls, status: int, payload: Any, headers: dict[str, str], cloud: str, action: str, error: str | None
    ) -> WireResponse:
        """A JSON response; ``headers`` must carry the exact Content-Type the cloud uses."""
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return cls(status, dict(headers), body, False, cloud, action, error)


@dataclass(frozen=True)
class BoundArguments:
    """Request parameters matched against a model method's parameters."""

    kwargs: dict[str, Any]
    missing: list[str]
    unknown: list[str]
    annotations: dict[str, str]


def bind_arguments(method: Any, params: Mapping[str, Any]) -> BoundArguments:
    """Match API parameters to the keyword parameters of a model method.

    ``None`` values count as absent, as the SDKs never send them.
    """
    signature = inspect.signature(method)
    accepted = signature.parameters
    present = {name: value for name, value in params.items() if value is not None}
    required = [name for name, p in accepted.items() if p.default is inspect.Parameter.empty]
    return BoundArguments(
        kwargs={name: value for name, value in present.items() if name in accepted},
        missing=[name for name in required if name not in present],
        unknown=sorted(name for name in present if name not in accepted),
        annotations={name: str(p.annotation) for name, p in accepted.items()},
    )


_ALICLOUD_TAG_PARAMETERS = {
    # Not in the CloudSSO SDK: the parameters of the tag API as the fake models it.
    "TagResources": frozenset({"DirectoryId", "ResourceType", "ResourceId", "Tag"}),
    "UntagResources": frozenset({"DirectoryId", "ResourceType", "ResourceId", "TagKey"}),
}


@functools.cache
def known_parameters(cloud: str, action: str) -> frozenset[str]:
    """The request parameters ``action`` defines, read from the cloud's SDK request model.

    A request carrying any other parameter is refused, as the clouds do, so a
    misspelt field name in the code under test fails instead of vanishing.
    Alibaba lists are named without their ``.N`` suffixes (``Tags``).
    """
    if cloud == TENCENT:
        from tencentcloud.organization.v20210331 import models as tencent_models

        request = getattr(tencent_models, f"{action}Request")()
        return frozenset(name[1:] for name in vars(request) if name.startswith("_"))
    if action in _ALICLOUD_TAG_PARAMETERS:
        return _ALICLOUD_TAG_PARAMETERS[action]
    from alibabacloud_cloudsso20210515 import models as alicloud_models

    request = getattr(alicloud_models, f"{action}Request")()
    for attribute in vars(request):
        # Any non-None value makes to_map() emit the field; "" also iterates as an empty list.
        setattr(request, attribute, "")
    return frozenset(request.to_map())


def unknown_parameters(cloud: str, action: str, params: Mapping[str, Any]) -> list[str]:
    """The parameters of a request that ``action`` does not define, sorted."""
    known = known_parameters(cloud, action)
    return sorted(name for name, value in params.items() if value is not None and name not in known)


def user_actions(user_key: str) -> dict[str, tuple[str, str | None]]:
    """The user actions of both clouds: action -> (model method, key that wraps the result).

    ``user_key`` wraps the returned user (Tencent ``UserInfo``, Alibaba ``User``);
    ``""`` merges the result into the response body, ``None`` drops it.
    """
    return {
        "CreateUser": ("create_user", user_key),
        "GetUser": ("get_user", user_key),
        "UpdateUser": ("update_user", user_key),
        "UpdateUserStatus": ("update_user_status", None),
        "DeleteUser": ("delete_user", None),
        "ListUsers": ("list_users", ""),
    }


def group_actions(group_key: str) -> dict[str, tuple[str, str | None]]:
    """The group and membership actions of both clouds, as :func:`user_actions` (``group_key``:
    Tencent ``GroupInfo``, Alibaba ``Group``)."""
    return {
        "CreateGroup": ("create_group", group_key),
        "GetGroup": ("get_group", group_key),
        "UpdateGroup": ("update_group", group_key),
        "DeleteGroup": ("delete_group", None),
        "ListGroups": ("list_groups", ""),
        "AddUserToGroup": ("add_member", None),
        "RemoveUserFromGroup": ("remove_member", None),
        "ListJoinedGroupsForUser": ("list_joined_groups_for_user", ""),
        "ListGroupMembers": ("list_group_members", ""),
    }


SECRET_PARAMETERS = frozenset({"Password"})
"""Request parameters whose values never reach :attr:`FakeClouds.calls` (or anything else the fakes keep)."""

REDACTED = "<redacted>"


def redacted(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` with the values of :data:`SECRET_PARAMETERS` replaced, for the call record."""
    return {name: REDACTED if name in SECRET_PARAMETERS else value for name, value in params.items()}


def shape_result(result: Any, wrap: str | None) -> dict[str, Any]:
    """A model method's result as response fields, wrapped as :func:`user_actions` says."""
    if wrap is None:
        return {}
    if wrap == "":
        return dict(result)
    return {wrap: result}


def answer(
    clouds: FakeClouds,
    cloud: str,
    action: str,
    recorded: dict[str, Any],
    process: Callable[[], tuple[WireResponse, bool]],
    session_token: str | None = None,
) -> WireResponse:
    """Answer one request through the injected network faults and record it in ``clouds.calls``.

    ``process`` returns the response and whether the operation ran: only then may
    the connection be dropped after the commit. ``session_token`` is the token the
    request carried, for the record.
    """
    if clouds.faults.take_network_fault(cloud, action):
        clouds.record(RecordedCall(cloud, action, recorded, NETWORK, True, session_token))
        return WireResponse.dropped(cloud, action, NETWORK)
    clouds.faults.sleep_latency()
    response, invoked = process()
    dropped = invoked and clouds.faults.take_drop_after_commit(cloud, action)
    clouds.record(RecordedCall(cloud, action, recorded, response.error, dropped, session_token))
    return WireResponse.dropped(cloud, action, response.error) if dropped else response
