"""In-process fakes: intercept the SDKs' HTTP calls with ``responses``.

Both cloud SDKs send their (synchronous) requests through ``requests``, so
:func:`mock_clouds` can answer them from a :class:`~.models.FakeClouds` without
any socket. The real SDK code runs end to end, signing included.

Intercepted endpoints (``http`` or ``https``, any port):

* ``organization.tencentcloudapi.com``, ``organization.intl.tencentcloudapi.com``
  and ``organization.<anything>.tencentcloudapi.com``;
* ``cloudsso.<region>.aliyuncs.com`` (and ``cloudsso.aliyuncs.com``);
* every entry of ``extra_endpoints`` (``"http://127.0.0.1:9"`` or ``"127.0.0.1:9"``),
  for code that points the SDKs at a custom endpoint.

Other URLs raise ``requests.ConnectionError``, as ``responses`` does for
unregistered URLs. Requires the ``responses`` package (the ``test`` extra).

Example, as a pytest fixture in a user's ``conftest.py``::

    import pytest
    from pulumi_directory_users.testing import mock_clouds

    @pytest.fixture
    def clouds():
        with mock_clouds() as fake:
            yield fake

    def test_user_is_created(clouds):
        ...  # run code that calls CreateUser through the SDK
        assert clouds.tencent.find_user(TENCENT_ZONE_ID, "alice") is not None
        assert [c.action for c in clouds.calls] == ["CreateUser"]
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .dispatch import handle
from .models import FakeClouds
from .wire import WireRequest

if TYPE_CHECKING:
    from requests import PreparedRequest

_BUILTIN_PATTERNS = (
    re.compile(r"^https?://organization(\.[A-Za-z0-9-]+)*\.tencentcloudapi\.com(:\d+)?(/.*)?$"),
    re.compile(r"^https?://cloudsso(\.[A-Za-z0-9-]+)*\.aliyuncs\.com(:\d+)?(/.*)?$"),
)
_METHODS = ("POST", "GET")


def endpoint_pattern(endpoint: str) -> re.Pattern[str]:
    """The URL pattern for an extra endpoint given as ``scheme://host:port`` or ``host:port``."""
    base = endpoint.rstrip("/")
    if "://" not in base:
        return re.compile(r"^https?://" + re.escape(base) + r"(/.*)?$")
    return re.compile("^" + re.escape(base) + r"(/.*)?$")


@contextmanager
def mock_clouds(clouds: FakeClouds | None = None, *, extra_endpoints: Sequence[str] = ()) -> Iterator[FakeClouds]:
    """Answer Tencent Organization and Alibaba CloudSSO SDK calls from fake clouds.

    Args:
        clouds: the state to serve; a freshly seeded :class:`FakeClouds` when omitted.
        extra_endpoints: further endpoints to intercept, e.g. ``"http://127.0.0.1:9"``.

    Yields:
        The :class:`FakeClouds` answering the calls, to inspect and modify.
    """
    import responses  # test extra: imported here so the package works without it

    fake = clouds if clouds is not None else FakeClouds()
    patterns = list(_BUILTIN_PATTERNS) + [endpoint_pattern(e) for e in extra_endpoints]
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for pattern in patterns:
            for method in _METHODS:
                mock.add_callback(method, pattern, callback=lambda r: _answer(fake, r), content_type=None)
        yield fake


def _answer(clouds: FakeClouds, prepared: PreparedRequest) -> tuple[int, dict[str, str], bytes]:
    import requests

    response = handle(clouds, _wire_request(prepared))
    if response.drop:
        # What a client sees when the server closes the socket without answering.
        raise requests.ConnectionError("Connection aborted: the fake cloud dropped the connection (injected fault).")
    return response.status, response.headers, response.body


def _wire_request(prepared: PreparedRequest) -> WireRequest:
    parts = urlsplit(prepared.url or "/")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {name: _text(value) for name, value in prepared.headers.items()}
    return WireRequest(prepared.method or "GET", target, headers, _body_bytes(prepared.body))


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode("utf-8")
    if isinstance(body, bytes):
        return body
    # A file-like or generator body; the SDKs do not send these for these APIs.
    return b"".join(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8") for chunk in body)
