"""Tencent Cloud API 3.0 wire dialect for the fake Identity Center.

Requests: ``POST /`` with ``X-TC-Action``, ``X-TC-Version: 2021-03-31``, a
TC3-HMAC-SHA256 ``Authorization`` header and a JSON body (the SDK default;
the legacy ``HmacSHA*`` form signature and GET requests are not supported).
Unknown parameters get ``UnknownParameter`` as from the real API, which
catches misspelt field names in the code under test.

Responses: HTTP 200 ``{"Response": {..., "RequestId"}}``. Errors are HTTP 200
too, ``{"Response": {"Error": {"Code", "Message"}, "RequestId"}}``, with
``Content-Type`` exactly ``application/json``: the Python SDK only looks for
the ``Error`` object when the header is exactly that (or ``text/plain``) and
otherwise silently returns an empty response model.
"""

from __future__ import annotations

import functools
import json
import uuid
from collections.abc import Callable
from typing import Any

from .faults import TENCENT, InjectedError
from .models import FakeClouds, TencentError
from .signatures import verify_tencent
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

API_VERSION = "2021-03-31"

_ACTIONS = {**user_actions("UserInfo"), **group_actions("GroupInfo")}

_JSON_HEADERS = {"Content-Type": "application/json"}

_TYPE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "str": lambda v: isinstance(v, str),
    "bool": lambda v: isinstance(v, bool),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "list": lambda v: isinstance(v, list) and all(isinstance(item, str) for item in v),
}


class _RawStatusError(Exception):
    """An injected non-200 answer (the SDK reports it as ServerNetworkError)."""

    def __init__(self, injected: InjectedError) -> None:
        super().__init__(injected.code)
        self.injected = injected


def handle(clouds: FakeClouds, request: WireRequest) -> WireResponse:
    """Answer one Tencent API request against ``clouds``; records it in ``clouds.calls``."""
    action = request.header("x-tc-action") or ""
    params = _json_body(request.body)
    recorded = redacted(params) if isinstance(params, dict) else {}
    process = functools.partial(_process, clouds, request, action, params)
    return answer(clouds, TENCENT, action, recorded, process, request.header("x-tc-token"))


def _process(clouds: FakeClouds, request: WireRequest, action: str, params: Any) -> tuple[WireResponse, bool]:
    """The response, and whether the operation ran (only then may it be dropped after commit)."""
    request_id = str(uuid.uuid4())
    invoked = False
    try:
        verify_tencent(request, clouds.keys, clouds.signature_clock(), clouds.tokens)
        method, wrap = _resolve(clouds, request, action)
        _raise_injected(clouds.faults.take_request_fault(TENCENT, action))
        kwargs = _arguments(action, method, params)
        invoked = True
        payload = shape_result(method(**kwargs), wrap)
        return _reply({**payload, "RequestId": request_id}, action, None), invoked
    except TencentError as exc:
        return _error_reply(exc, request_id, action), invoked
    except _RawStatusError as raw:
        text = f"{raw.injected.status} {raw.injected.message}\n".encode()
        headers = {"Content-Type": "text/html"}
        return WireResponse(
            raw.injected.status or 502, headers, text, False, TENCENT, action, raw.injected.code
        ), invoked
    except Exception:
        # A bug in the fake must not drop the connection: the SDK would report a
        # network error, which clients retry as transient until they give up.
        log_unexpected_error(TENCENT, action)
        return _error_reply(_INTERNAL_ERROR, request_id, action), invoked


_INTERNAL_ERROR = TencentError("InternalError", "An internal error occurred; the emulator logged the traceback.")


def _error_reply(error: TencentError, request_id: str, action: str) -> WireResponse:
    body = {"Error": {"Code": error.code, "Message": error.message}, "RequestId": request_id}
    return _reply(body, action, error.code)


def _reply(response: dict[str, Any], action: str, error: str | None) -> WireResponse:
    return WireResponse.json(200, {"Response": response}, _JSON_HEADERS, TENCENT, action, error)


def _json_body(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8")) if body else {}
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def _resolve(clouds: FakeClouds, request: WireRequest, action: str) -> tuple[Callable[..., Any], str | None]:
    version = request.header("x-tc-version")
    if version != API_VERSION:
        raise TencentError("NoSuchVersion", f"The API version {version!r} does not exist; use {API_VERSION}.")
    if action not in _ACTIONS:
        raise TencentError("InvalidAction", f"The action {action!r} does not exist or is not supported by the fake.")
    method_name, wrap = _ACTIONS[action]
    return getattr(clouds.tencent, method_name), wrap


def _raise_injected(injected: InjectedError | None) -> None:
    if injected is None:
        return
    if injected.status not in (None, 200):
        raise _RawStatusError(injected)
    raise TencentError(injected.code, injected.message)


def _arguments(action: str, method: Callable[..., Any], params: Any) -> dict[str, Any]:
    if not isinstance(params, dict):
        raise TencentError("InvalidParameter", "The request body must be a JSON object.")
    unknown = unknown_parameters(TENCENT, action, params)
    bound = bind_arguments(method, params)
    if unknown or bound.unknown:
        name = (unknown or bound.unknown)[0]
        raise TencentError("UnknownParameter", f"The parameter `{name}` is not recognized by {action}.")
    if bound.missing:
        raise TencentError("MissingParameter", f"The parameter `{bound.missing[0]}` is missing.")
    for name, value in bound.kwargs.items():
        kind = bound.annotations[name].split("[")[0].split(" ")[0]
        check = _TYPE_CHECKS.get(kind)
        if check is not None and not check(value):
            raise TencentError("InvalidParameterValue", f"The parameter `{name}` must be of type {kind}.")
    return bound.kwargs
