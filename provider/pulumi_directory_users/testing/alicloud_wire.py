"""Alibaba Cloud RPC wire dialect for the fake CloudSSO.

Requests: ``POST /?<params>`` with ``x-acs-action``/``x-acs-version`` headers and
an ACS3-HMAC-SHA256 ``Authorization`` header (SDK default), or the legacy V1
form with ``Action``, ``Version``, ``Signature``... in the query. Lists are
flattened 1-based: ``Tags.1.Key=env&Tags.1.Value=dev``, ``ResourceId.1=u-...``.

Responses: HTTP 200 ``{"RequestId", ...}``; errors use 4xx/5xx and
``{"RequestId", "HostId", "Code", "Message", "Recommend"}``. Throttling errors
carry ``x-acs-retry-after`` (milliseconds), which makes the SDK raise
``ThrottlingException``.
"""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from .faults import ALICLOUD, InjectedError
from .models import AlicloudError, FakeClouds
from .signatures import verify_alicloud
from .wire import (
    WireRequest,
    WireResponse,
    answer,
    bind_arguments,
    group_actions,
    log_unexpected_error,
    redacted,
    shape_result,
    unknown_parameters,
    user_actions,
)

API_VERSION = "2021-05-15"

_ACTIONS: dict[str, tuple[str, str | None]] = {
    **user_actions("User"),
    **group_actions("Group"),
    "TagResources": ("tag_resources", None),
    "UntagResources": ("untag_resources", None),
    "ResetUserPassword": ("reset_user_password", ""),
    "GetUserMFAAuthenticationSettings": ("get_user_mfa_authentication_settings", ""),
    "UpdateUserMFAAuthenticationSettings": ("update_user_mfa_authentication_settings", None),
}

# Common parameters of signature V1 (RegionId: aliyun-python-sdk-core sends it); not
# business parameters, never recorded, never refused as unknown.
_SIGNATURE_PARAMS = frozenset(
    {
        "Action",
        "Version",
        "Format",
        "Timestamp",
        "SignatureNonce",
        "SignatureMethod",
        "SignatureVersion",
        "SignatureType",
        "AccessKeyId",
        "Signature",
        "SecurityToken",
        "RegionId",
    }
)
_INT_PARAMS = frozenset({"MaxResults"})
_BOOL_PARAMS = frozenset({"GenerateRandomPassword", "RequirePasswordResetForNextLogin"})
_OBJECT_ITEM = re.compile(r"^(\w+)\.(\d+)\.(\w+)$")
_SCALAR_ITEM = re.compile(r"^(\w+)\.(\d+)$")
_DEFAULT_HOST = "cloudsso.aliyuncs.com"


def handle(clouds: FakeClouds, request: WireRequest) -> WireResponse:
    """Answer one CloudSSO API request against ``clouds``; records it in ``clouds.calls``."""
    form = request.form_params()
    raw = {**request.query_params(), **form}
    action = request.header("x-acs-action") or raw.get("Action", "")
    recorded = redacted({name: value for name, value in raw.items() if name not in _SIGNATURE_PARAMS})
    token = request.header("x-acs-security-token") or raw.get("SecurityToken")
    params = {name: value for name, value in raw.items() if name not in _SIGNATURE_PARAMS}
    process = functools.partial(_process, clouds, request, action, form, params)
    return answer(clouds, ALICLOUD, action, recorded, process, token)


def _process(
    clouds: FakeClouds, request: WireRequest, action: str, form: dict[str, str], params: dict[str, str]
) -> tuple[WireResponse, bool]:
    """The response, and whether the operation ran (only then may it be dropped after commit)."""
    request_id = str(uuid.uuid4()).upper()
    invoked = False
    try:
        verify_alicloud(
            request, form, clouds.keys, clouds.signature_clock(), tokens=clouds.tokens, nonces=clouds.nonces
        )
        method, wrap = _resolve(clouds, request, action, params)
        _raise_injected(clouds.faults.take_request_fault(ALICLOUD, action))
        kwargs = _arguments(action, method, params)
        invoked = True
        payload = shape_result(method(**kwargs), wrap)
        return _success(request_id, payload, action), invoked
    except AlicloudError as exc:
        return _error(request, request_id, exc, action, None), invoked
    except _InjectedError as injected:
        error = AlicloudError(injected.error.code, injected.error.message, injected.error.status or 400)
        return _error(request, request_id, error, action, injected.error.retry_after_ms), invoked
    except Exception:
        # A bug in the fake must not drop the connection: clients would retry it as transient.
        log_unexpected_error(ALICLOUD, action)
        return _error(request, request_id, _INTERNAL_ERROR, action, None), invoked


_INTERNAL_ERROR = AlicloudError(
    "InternalError", "The request processing has failed due to some unknown error; the emulator logged it.", 500
)


class _InjectedError(Exception):
    def __init__(self, error: InjectedError) -> None:
        super().__init__(error.code)
        self.error = error


def _raise_injected(injected: InjectedError | None) -> None:
    if injected is not None:
        raise _InjectedError(injected)


def _resolve(
    clouds: FakeClouds, request: WireRequest, action: str, params: dict[str, str]
) -> tuple[Callable[..., Any], str | None]:
    version = request.header("x-acs-version") or request.query_params().get("Version")
    if version != API_VERSION:
        raise AlicloudError("InvalidVersion", f"Specified parameter Version {version!r} is not valid.", 400)
    if action not in _ACTIONS:
        raise AlicloudError(
            "InvalidAction.NotFound", "Specified api is not found, please check your url and method.", 404
        )
    method_name, wrap = _ACTIONS[action]
    return getattr(clouds.alicloud, method_name), wrap


def _arguments(action: str, method: Callable[..., Any], params: dict[str, str]) -> dict[str, Any]:
    values = unflatten(params)
    unknown = unknown_parameters(ALICLOUD, action, values)
    bound = bind_arguments(method, values)
    if unknown or bound.unknown:
        # The code is the fake's choice: no source we have shows what CloudSSO answers.
        name = (unknown or bound.unknown)[0]
        raise AlicloudError("InvalidParameter", f"The parameter {name} is not defined by {action}.", 400)
    if bound.missing:
        name = bound.missing[0]
        raise AlicloudError(f"Missing{name}", f"{name} is mandatory for this action.", 400)
    for name, value in bound.kwargs.items():
        _check_shape(name, bound.annotations[name], value)
    return bound.kwargs


def _check_shape(name: str, annotation: str, value: Any) -> None:
    """A flat parameter sent where a list is expected (``Tags=abc``), or the reverse, is the client's error."""
    if annotation.startswith("list[dict"):
        ok = isinstance(value, list) and all(isinstance(item, dict) and set(item) <= {"Key", "Value"} for item in value)
        form = f"{name}.N.Key and {name}.N.Value"
    elif annotation.startswith("list"):
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        form = f"{name}.N"
    else:
        ok = not isinstance(value, list)
        form = f"a single {name}"
    if not ok:
        raise AlicloudError(f"InvalidParameter.{name}", f"{name} must be sent as {form}.", 400)


def unflatten(params: dict[str, str]) -> dict[str, Any]:
    """Turn flat RPC parameters into values: ``Tags.1.Key`` -> ``Tags=[{"Key": ...}]``,
    ``ResourceId.1`` -> ``ResourceId=[...]``, ``MaxResults`` -> int."""
    objects: dict[str, dict[int, dict[str, str]]] = {}
    scalars: dict[str, dict[int, str]] = {}
    result: dict[str, Any] = {}
    for name, value in params.items():
        if match := _OBJECT_ITEM.match(name):
            objects.setdefault(match[1], {}).setdefault(int(match[2]), {})[match[3]] = value
        elif match := _SCALAR_ITEM.match(name):
            scalars.setdefault(match[1], {})[int(match[2])] = value
        else:
            result[name] = _scalar(name, value)
    result.update({name: [items[i] for i in sorted(items)] for name, items in objects.items()})
    result.update({name: [items[i] for i in sorted(items)] for name, items in scalars.items()})
    return result


def _scalar(name: str, value: str) -> Any:
    if name in _BOOL_PARAMS:
        return _boolean(name, value)
    if name not in _INT_PARAMS:
        return value
    try:
        return int(value)
    except ValueError:
        raise AlicloudError(f"InvalidParameter.{name}", f"{name} must be an integer.", 400) from None


def _boolean(name: str, value: str) -> bool:
    if value.lower() not in ("true", "false"):
        raise AlicloudError(f"InvalidParameter.{name}", f"{name} must be true or false.", 400)
    return value.lower() == "true"


def _headers(request_id: str) -> dict[str, str]:
    return {"Content-Type": "application/json;charset=utf-8", "x-acs-request-id": request_id}


def _success(request_id: str, payload: dict[str, Any], action: str) -> WireResponse:
    return WireResponse.json(200, {"RequestId": request_id, **payload}, _headers(request_id), ALICLOUD, action, None)


def _error(
    request: WireRequest, request_id: str, error: AlicloudError, action: str, retry_after_ms: int | None
) -> WireResponse:
    body = {
        "RequestId": request_id,
        "HostId": request.header("host") or _DEFAULT_HOST,
        "Code": error.code,
        "Message": error.message,
        "Recommend": f"https://api.aliyun.com/troubleshoot?q={quote(error.code)}&product=cloudsso",
    }
    headers = _headers(request_id)
    if retry_after_ms:
        headers["x-acs-retry-after"] = str(retry_after_ms)
    return WireResponse.json(error.http_status, body, headers, ALICLOUD, action, error.code)
