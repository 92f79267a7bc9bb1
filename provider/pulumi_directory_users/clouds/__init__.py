"""The request builder every kind shares and a thin adapter per cloud.

:func:`bindings` lists every kind both clouds serve: each dynamic provider class binds a kind's
spec, its cloud's settings and its adapter, and the native front-end and the export helper use
the same bindings. Imported on demand, so a program that uses one cloud loads only that SDK.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..dynamic_provider import DirectoryResourceProvider


def bindings() -> tuple[type["DirectoryResourceProvider"], ...]:
    from . import alicloud, tencentcloud

    return (
        tencentcloud.TencentUserProvider, tencentcloud.TencentGroupProvider, tencentcloud.TencentGroupMembershipProvider,
        alicloud.AlicloudUserProvider, alicloud.AlicloudGroupProvider, alicloud.AlicloudGroupMembershipProvider,
    )
