"""The ``directory-users`` provider: one configured instance of the plugin, with its own credentials and endpoints.

The default provider reads the ``directory-users:`` stack config (``directory-users:tencentcloudSecretId`` and so
on) and the environment; an explicit one takes the same settings as arguments, and reads the environment for the
ones not given. Credentials are always sent and stored as secrets.

Example::

    import pulumi
    from pulumi_directory_users import native

    staging = native.Provider("staging", tencentcloud_endpoint="https://staging.example.com")
    native.tencentcloud.User("alice", zone_id="z-1os7c9tyugct", user_name="alice",
                             opts=pulumi.ResourceOptions(provider=staging))
"""

# Generated from spec.py by `python -m pulumi_directory_users.codegen`: edit the specs, not this file.

from typing import Optional

import pulumi

from .._declare import args_from
from ._resource import NativeProvider

__all__ = ["Provider", "ProviderArgs"]


@pulumi.input_type
class ProviderArgs:
    """The settings of a ``directory-users`` provider; each one not given is read from the environment."""

    tencentcloud_secret_id: Optional[pulumi.Input[str]] = pulumi.property("tencentcloudSecretId", default=None)
    """The Tencent Cloud SecretId. When not set: the environment variable `TENCENTCLOUD_SECRET_ID`."""
    tencentcloud_secret_key: Optional[pulumi.Input[str]] = pulumi.property("tencentcloudSecretKey", default=None)
    """The Tencent Cloud SecretKey. When not set: the environment variable `TENCENTCLOUD_SECRET_KEY`."""
    tencentcloud_security_token: Optional[pulumi.Input[str]] = pulumi.property("tencentcloudSecurityToken", default=None)
    """The session token of temporary Tencent Cloud credentials. When not set: the environment variable
    `TENCENTCLOUD_SECURITY_TOKEN`."""
    tencentcloud_region: Optional[pulumi.Input[str]] = pulumi.property("tencentcloudRegion", default=None)
    """The Tencent Cloud region (optional: the Identity Center API is global). When not set: the environment
    variable `TENCENTCLOUD_REGION`."""
    tencentcloud_endpoint: Optional[pulumi.Input[str]] = pulumi.property("tencentcloudEndpoint", default=None)
    """The Tencent Cloud Identity Center API endpoint: a host (HTTPS) or a URL such as http://127.0.0.1:8790
    (default: the public endpoint of the domain). When not set: the environment variable
    `DIRECTORY_USERS_TENCENTCLOUD_ENDPOINT`."""
    tencentcloud_domain: Optional[pulumi.Input[str]] = pulumi.property("tencentcloudDomain", default=None)
    """The Tencent Cloud root domain: intl.tencentcloudapi.com for the international site. When not set: the
    environment variable `TENCENTCLOUD_DOMAIN`."""
    tencentcloud_rate_limits: Optional[pulumi.Input[str]] = pulumi.property("tencentcloudRateLimits", default=None)
    """Client-side rate limits, requests per second: comma-separated ACTION=N pairs, `*` for every other action,
    0 for no limit (default: the documented quotas, 20 per second for each action). When not set: the
    environment variable `DIRECTORY_USERS_TENCENTCLOUD_RATE_LIMITS`."""
    retry_deadline: Optional[pulumi.Input[float]] = pulumi.property("retryDeadline", default=None)
    """How long to keep retrying throttled and failed calls, in seconds (default 300). When not set: the
    environment variable `DIRECTORY_USERS_RETRY_DEADLINE`."""
    alicloud_access_key: Optional[pulumi.Input[str]] = pulumi.property("alicloudAccessKey", default=None)
    """The Alibaba Cloud AccessKey ID. When not set: the environment variable `ALIBABA_CLOUD_ACCESS_KEY_ID` or
    `ALICLOUD_ACCESS_KEY`."""
    alicloud_secret_key: Optional[pulumi.Input[str]] = pulumi.property("alicloudSecretKey", default=None)
    """The Alibaba Cloud AccessKey secret. When not set: the environment variable
    `ALIBABA_CLOUD_ACCESS_KEY_SECRET` or `ALICLOUD_SECRET_KEY`."""
    alicloud_security_token: Optional[pulumi.Input[str]] = pulumi.property("alicloudSecurityToken", default=None)
    """The STS token of temporary Alibaba Cloud credentials. When not set: the environment variable
    `ALIBABA_CLOUD_SECURITY_TOKEN` or `ALICLOUD_SECURITY_TOKEN`."""
    alicloud_region: Optional[pulumi.Input[str]] = pulumi.property("alicloudRegion", default=None)
    """The region of the CloudSSO directory (default cn-shanghai). When not set: the environment variable
    `ALIBABA_CLOUD_REGION_ID` or `ALICLOUD_REGION`."""
    alicloud_endpoint: Optional[pulumi.Input[str]] = pulumi.property("alicloudEndpoint", default=None)
    """The Alibaba Cloud CloudSSO API endpoint: a host (HTTPS) or a URL such as http://127.0.0.1:8790 (default:
    the public endpoint of the region). When not set: the environment variable
    `DIRECTORY_USERS_ALICLOUD_ENDPOINT`."""
    alicloud_rate_limits: Optional[pulumi.Input[str]] = pulumi.property("alicloudRateLimits", default=None)
    """Client-side rate limits, requests per second: comma-separated ACTION=N pairs, `*` for every other action,
    0 for no limit (default: the documented quotas, 100 per second). When not set: the environment variable
    `DIRECTORY_USERS_ALICLOUD_RATE_LIMITS`."""


class Provider(NativeProvider):
    """A ``directory-users`` provider: pass it as ``opts=pulumi.ResourceOptions(provider=...)`` to the resources
    that act in its account."""

    _args_type = ProviderArgs

    def __init__(
        self,
        resource_name: str,
        args: Optional[ProviderArgs] = None,
        *,
        tencentcloud_secret_id: Optional[pulumi.Input[str]] = None,
        tencentcloud_secret_key: Optional[pulumi.Input[str]] = None,
        tencentcloud_security_token: Optional[pulumi.Input[str]] = None,
        tencentcloud_region: Optional[pulumi.Input[str]] = None,
        tencentcloud_endpoint: Optional[pulumi.Input[str]] = None,
        tencentcloud_domain: Optional[pulumi.Input[str]] = None,
        tencentcloud_rate_limits: Optional[pulumi.Input[str]] = None,
        retry_deadline: Optional[pulumi.Input[float]] = None,
        alicloud_access_key: Optional[pulumi.Input[str]] = None,
        alicloud_secret_key: Optional[pulumi.Input[str]] = None,
        alicloud_security_token: Optional[pulumi.Input[str]] = None,
        alicloud_region: Optional[pulumi.Input[str]] = None,
        alicloud_endpoint: Optional[pulumi.Input[str]] = None,
        alicloud_rate_limits: Optional[pulumi.Input[str]] = None,
        opts: Optional[pulumi.ResourceOptions] = None,
    ) -> None:
        """Declare a provider; pass either ``args`` or the keyword arguments (see ``ProviderArgs``)."""
        values = dict(
            tencentcloud_secret_id=tencentcloud_secret_id, tencentcloud_secret_key=tencentcloud_secret_key,
            tencentcloud_security_token=tencentcloud_security_token, tencentcloud_region=tencentcloud_region,
            tencentcloud_endpoint=tencentcloud_endpoint, tencentcloud_domain=tencentcloud_domain,
            tencentcloud_rate_limits=tencentcloud_rate_limits, retry_deadline=retry_deadline,
            alicloud_access_key=alicloud_access_key, alicloud_secret_key=alicloud_secret_key,
            alicloud_security_token=alicloud_security_token, alicloud_region=alicloud_region,
            alicloud_endpoint=alicloud_endpoint, alicloud_rate_limits=alicloud_rate_limits,
        )
        self._register(resource_name, args_from(ProviderArgs, args, "Provider", values), opts)
