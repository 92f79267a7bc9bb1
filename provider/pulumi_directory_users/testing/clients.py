"""SDK clients preconfigured for the fakes (default test keys, optional local endpoint).

The SDKs are imported inside the functions: importing this module costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import ALICLOUD_ACCESS_KEY_ID, ALICLOUD_ACCESS_KEY_SECRET, TENCENT_SECRET_ID, TENCENT_SECRET_KEY

if TYPE_CHECKING:
    from alibabacloud_cloudsso20210515.client import Client as AlicloudClient
    from tencentcloud.organization.v20210331.organization_client import OrganizationClient


def tencent_client(
    endpoint: str | None = None,
    *,
    secret_id: str = TENCENT_SECRET_ID,
    secret_key: str = TENCENT_SECRET_KEY,
    security_token: str | None = None,
    protocol: str | None = None,
    timeout: int | None = None,
) -> OrganizationClient:
    """A Tencent ``OrganizationClient`` with English error messages.

    Args:
        endpoint: ``"127.0.0.1:PORT"`` for the emulator; ``None`` for the public
            endpoint (which :func:`~.mock.mock_clouds` intercepts).
        secret_id: SecretId to sign with.
        secret_key: SecretKey to sign with.
        security_token: session token of a temporary key (sent as ``X-TC-Token``).
        protocol: ``"http"``/``"https"``; defaults to http for an endpoint, https otherwise.
        timeout: seconds to wait for a response; ``None`` for the SDK's default.
    """
    from tencentcloud.common.credential import Credential
    from tencentcloud.common.profile.client_profile import ClientProfile
    from tencentcloud.common.profile.http_profile import HttpProfile
    from tencentcloud.organization.v20210331.organization_client import OrganizationClient

    http = HttpProfile(endpoint=endpoint, protocol=protocol or ("http" if endpoint else "https"))
    if timeout is not None:
        http.reqTimeout = timeout
    profile = ClientProfile(httpProfile=http, language="en-US")
    return OrganizationClient(Credential(secret_id, secret_key, security_token), "", profile)


def alicloud_client(
    endpoint: str | None = None,
    *,
    access_key_id: str = ALICLOUD_ACCESS_KEY_ID,
    access_key_secret: str = ALICLOUD_ACCESS_KEY_SECRET,
    security_token: str | None = None,
    protocol: str | None = None,
    region_id: str = "cn-shanghai",
    signature_algorithm: str | None = None,
    timeout: int | None = None,
) -> AlicloudClient:
    """An Alibaba CloudSSO ``Client``.

    Args:
        endpoint: ``"127.0.0.1:PORT"`` for the emulator; ``None`` for
            ``cloudsso.<region_id>.aliyuncs.com`` (which :func:`~.mock.mock_clouds` intercepts).
        access_key_id: AccessKey ID to sign with.
        access_key_secret: AccessKey secret to sign with.
        security_token: STS token of a temporary key (sent as ``x-acs-security-token``).
        protocol: ``"http"``/``"https"``; defaults to http for an endpoint, https otherwise.
        region_id: region used to build the public endpoint.
        signature_algorithm: ``None`` for ACS3-HMAC-SHA256, ``"v2"`` for legacy signature V1.
        timeout: seconds to wait for the connection and for a response; ``None`` for the SDK's defaults.
    """
    from alibabacloud_cloudsso20210515.client import Client
    from alibabacloud_tea_openapi.utils_models import Config

    config = Config(
        access_key_id=access_key_id,
        access_key_secret=access_key_secret,
        security_token=security_token,
        region_id=region_id,
        endpoint=endpoint,
        protocol=protocol or ("http" if endpoint else "https"),
        signature_algorithm=signature_algorithm,
        connect_timeout=None if timeout is None else timeout * 1000,
        read_timeout=None if timeout is None else timeout * 1000,
    )
    return Client(config)
