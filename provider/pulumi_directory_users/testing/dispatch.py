"""Route a raw request to the Tencent or the Alibaba wire handler.

Both SDKs can share one endpoint because their requests are told apart by a
header: Tencent always sends ``X-TC-Action``; Alibaba sends ``x-acs-action``
(ACS3) or an ``Action`` query parameter (signature V1).
"""

from __future__ import annotations

from . import alicloud_wire, tencent_wire
from .faults import ALICLOUD, TENCENT
from .models import FakeClouds
from .wire import WireRequest, WireResponse


def cloud_of(request: WireRequest) -> str | None:
    """``"tencent"``, ``"alicloud"`` or ``None`` for a request neither SDK would send."""
    if request.header("x-tc-action"):
        return TENCENT
    if request.header("x-acs-action") or "Action" in request.query_params():
        return ALICLOUD
    return None


def handle(clouds: FakeClouds, request: WireRequest) -> WireResponse:
    """Answer a request of either cloud."""
    cloud = cloud_of(request)
    if cloud == TENCENT:
        return tencent_wire.handle(clouds, request)
    if cloud == ALICLOUD:
        return alicloud_wire.handle(clouds, request)
    message = b"Not a Tencent Cloud (X-TC-Action) or Alibaba Cloud (x-acs-action / Action) API request.\n"
    return WireResponse(400, {"Content-Type": "text/plain"}, message, error="NotAnApiRequest")
