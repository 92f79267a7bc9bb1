"""Fakes of the Tencent Identity Center and Alibaba CloudSSO user APIs, for tests.

The fakes answer the real SDKs' signed HTTP requests, so code under test runs
unchanged. One state model (:class:`FakeClouds`) is served two ways:

* in process, by :func:`mock_clouds`, which intercepts ``requests`` with the
  ``responses`` package (install the ``test`` extra);
* over HTTP, by :class:`EmulatorServer` or the ``directory-users-emulator``
  command, for anything that runs in another process (e.g. ``pulumi up``);
  :class:`EmulatorProcess` runs that command as a child process on a free port
  and reads its request log.

Typical use::

    from pulumi_directory_users.testing import (
        TENCENT_ZONE_ID, FakeClouds, mock_clouds,
    )

    with mock_clouds() as clouds:
        clouds.faults.fail_next("tencent", "CreateUser", "RequestLimitExceeded")
        ...  # code under test calls the SDK with the default test keys
        user = clouds.tencent.find_user(TENCENT_ZONE_ID, "alice")
        assert [c.action for c in clouds.calls_for("tencent")] == ["CreateUser", "CreateUser"]

The default keys (:data:`TENCENT_SECRET_ID` / :data:`TENCENT_SECRET_KEY`,
:data:`ALICLOUD_ACCESS_KEY_ID` / :data:`ALICLOUD_ACCESS_KEY_SECRET`), the zone
:data:`TENCENT_ZONE_ID` and the directory :data:`ALICLOUD_DIRECTORY_ID` exist
in every ``FakeClouds()`` unless created with ``seed=False``.
"""

from __future__ import annotations

from .clients import alicloud_client, tencent_client
from .faults import ALICLOUD, ANY_ACTION, NETWORK, TENCENT, Faults, InjectedError
from .mock import mock_clouds
from .models import (
    ALICLOUD_ACCESS_KEY_ID,
    ALICLOUD_ACCESS_KEY_SECRET,
    ALICLOUD_DIRECTORY_ID,
    TENCENT_SECRET_ID,
    TENCENT_SECRET_KEY,
    TENCENT_ZONE_ID,
    AlicloudCloudSSO,
    AlicloudError,
    FakeClouds,
    RecordedCall,
    TencentError,
    TencentIdentityCenter,
)
from .persistence import read_state
from .process import EmulatorProcess, native_stack_config, stack_config
from .server import EmulatorServer
from .wire import WireRequest, WireResponse

__all__ = [
    "native_stack_config",
    "stack_config",
    "ALICLOUD",
    "ALICLOUD_ACCESS_KEY_ID",
    "ALICLOUD_ACCESS_KEY_SECRET",
    "ALICLOUD_DIRECTORY_ID",
    "ANY_ACTION",
    "NETWORK",
    "TENCENT",
    "TENCENT_SECRET_ID",
    "TENCENT_SECRET_KEY",
    "TENCENT_ZONE_ID",
    "AlicloudCloudSSO",
    "AlicloudError",
    "EmulatorProcess",
    "EmulatorServer",
    "FakeClouds",
    "Faults",
    "InjectedError",
    "RecordedCall",
    "TencentError",
    "TencentIdentityCenter",
    "WireRequest",
    "WireResponse",
    "alicloud_client",
    "mock_clouds",
    "read_state",
    "tencent_client",
]
