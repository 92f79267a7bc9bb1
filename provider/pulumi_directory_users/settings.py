"""Where credentials, endpoints and retry limits come from, read inside the provider process.

Order: the stack's Pulumi config (delivered to the provider by the engine's Configure call,
secrets already decrypted), then the environment the Pulumi CLI runs in. Nothing here is
ever stored on the serialized provider. (The engine does keep the whole stack config with the
default pulumi-python provider in the state, which is why the README says to set credential
keys with --secret.)
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any, Callable, Mapping, Optional
from urllib.parse import urlsplit

from .errors import MissingCredentials
from .ratelimit import parse_limits
from .retry import DEFAULT_DEADLINE

Lookup = Callable[[str], Optional[str]]

# Our own settings live in this config namespace, so the official providers' schemas are untouched;
# it is also the native provider's package name, whose configuration is this namespace.
NAMESPACE = "directory-users"


@dataclass(frozen=True)
class Source:
    """The config keys and environment variables one setting is read from, in order.

    ``config`` holds the stack config keys the dynamic resources read; ``provider_key`` is the
    setting's name in the native provider's own configuration (``directory-users:<provider_key>``
    for the default provider, an argument of an explicit one), which is all the engine passes it.
    """

    config: tuple[str, ...] = ()
    env: tuple[str, ...] = ()
    provider_key: str = ""
    description: str = ""
    secret: bool = False
    # A number (the schema's type); stack config and the environment still give it as text.
    number: bool = False

    def names(self) -> str:
        return ", ".join([f"config {k}" for k in self.config] + list(self.env))

    def for_provider(self) -> "Source":
        """The same setting as the native provider reads it: its own key, then the environment."""
        return replace(self, config=(f"{NAMESPACE}:{self.provider_key}",) if self.provider_key else ())


RETRY_DEADLINE = Source(
    (f"{NAMESPACE}:retryDeadline",), ("DIRECTORY_USERS_RETRY_DEADLINE",), provider_key="retryDeadline", number=True,
    description=f"How long to keep retrying throttled and failed calls, in seconds (default {DEFAULT_DEADLINE:g}).",
)


@dataclass(frozen=True)
class CloudSources:
    key_id: Source
    secret: Source
    token: Source
    region: Source
    endpoint: Source
    default_region: str
    default_host: Callable[[str], str]  # region -> API host
    domain: Source = Source()
    rate_limits: Source = Source()
    # Requests per second per action ("*": every other action), as the cloud documents them.
    default_rate_limits: str = ""
    retry_deadline: Source = RETRY_DEADLINE
    # Read by the native provider, which also takes each setting as an explicit provider's argument.
    native: bool = False

    @property
    def settings(self) -> list[Source]:
        """Every setting, in a fixed order (the schema's)."""
        return [value for f in fields(self) if isinstance(value := getattr(self, f.name), Source) and value != Source()]

    @property
    def config_keys(self) -> list[str]:
        """Every config key this cloud's settings are read from (what Configure must keep)."""
        return [key for source in self.settings for key in source.config]

    def for_provider(self) -> "CloudSources":
        """These settings as the native provider reads them: its own keys, then the environment."""
        changes: dict[str, Any] = {f.name: value.for_provider() for f in fields(self)
                                   if isinstance(value := getattr(self, f.name), Source)}
        return replace(self, native=True, **changes)


@dataclass(frozen=True)
class Endpoint:
    host: str  # host[:port], as both SDKs want it
    scheme: str  # "https" or "http"


@dataclass(frozen=True)
class CloudSettings:
    """Resolved settings for one cloud; repr never shows the secrets."""

    key_id: str = field(repr=False)
    secret: str = field(repr=False)
    token: Optional[str] = field(repr=False)
    region: str
    endpoint: Endpoint
    retry_deadline: float
    # Client-side limits, requests per second per action ("*": every other action); empty: none.
    rate_limits: Mapping[str, float] = field(default_factory=dict)


_RATE_LIMITS = ("Client-side rate limits, requests per second: comma-separated ACTION=N pairs, `*` for every other "
                "action, 0 for no limit (default: the documented quotas, {})")
_ENDPOINT = ("The {} API endpoint: a host (HTTPS) or a URL such as http://127.0.0.1:8790 (default: the public "
             "endpoint{})")

TENCENT_SOURCES = CloudSources(
    key_id=Source(("tencentcloud:secretId",), ("TENCENTCLOUD_SECRET_ID",), "tencentcloudSecretId",
                  "The Tencent Cloud SecretId.", secret=True),
    secret=Source(("tencentcloud:secretKey",), ("TENCENTCLOUD_SECRET_KEY",), "tencentcloudSecretKey",
                  "The Tencent Cloud SecretKey.", secret=True),
    token=Source(("tencentcloud:securityToken",), ("TENCENTCLOUD_SECURITY_TOKEN",), "tencentcloudSecurityToken",
                 "The session token of temporary Tencent Cloud credentials.", secret=True),
    region=Source(("tencentcloud:region",), ("TENCENTCLOUD_REGION",), "tencentcloudRegion",
                  "The Tencent Cloud region (optional: the Identity Center API is global)."),
    domain=Source(("tencentcloud:domain",), ("TENCENTCLOUD_DOMAIN",), "tencentcloudDomain",
                  "The Tencent Cloud root domain: intl.tencentcloudapi.com for the international site."),
    endpoint=Source((f"{NAMESPACE}:tencentcloudEndpoint",), ("DIRECTORY_USERS_TENCENTCLOUD_ENDPOINT",),
                    "tencentcloudEndpoint", _ENDPOINT.format("Tencent Cloud Identity Center", " of the domain")),
    rate_limits=Source((f"{NAMESPACE}:tencentcloudRateLimits",), ("DIRECTORY_USERS_TENCENTCLOUD_RATE_LIMITS",),
                       "tencentcloudRateLimits", _RATE_LIMITS.format("20 per second for each action")),
    # The Identity Center API reference: 20 requests/second for each API.
    default_rate_limits="*=20",
    # The Identity Center API is global: Region is optional and the host has no region in it.
    default_region="",
    default_host=lambda _region: "organization.tencentcloudapi.com",
)

ALICLOUD_SOURCES = CloudSources(
    key_id=Source(("alicloud:accessKey",), ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY"),
                  "alicloudAccessKey", "The Alibaba Cloud AccessKey ID.", secret=True),
    secret=Source(("alicloud:secretKey",), ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALICLOUD_SECRET_KEY"),
                  "alicloudSecretKey", "The Alibaba Cloud AccessKey secret.", secret=True),
    token=Source(
        ("alicloud:securityToken",), ("ALIBABA_CLOUD_SECURITY_TOKEN", "ALICLOUD_SECURITY_TOKEN"),
        "alicloudSecurityToken", "The STS token of temporary Alibaba Cloud credentials.", secret=True,
    ),
    region=Source(("alicloud:region",), ("ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION"), "alicloudRegion",
                  "The region of the CloudSSO directory (default cn-shanghai)."),
    endpoint=Source((f"{NAMESPACE}:alicloudEndpoint",), ("DIRECTORY_USERS_ALICLOUD_ENDPOINT",),
                    "alicloudEndpoint", _ENDPOINT.format("Alibaba Cloud CloudSSO", " of the region")),
    rate_limits=Source((f"{NAMESPACE}:alicloudRateLimits",), ("DIRECTORY_USERS_ALICLOUD_RATE_LIMITS",),
                       "alicloudRateLimits", _RATE_LIMITS.format("100 per second")),
    # CloudSSO's API reference has documented 100 calls/second per account; no per-action figures.
    default_rate_limits="*=100",
    default_region="cn-shanghai",
    default_host=lambda region: f"cloudsso.{region}.aliyuncs.com",
)


def _first(source: Source, config: Lookup, env: Mapping[str, str]) -> Optional[str]:
    for key in source.config:
        value = config(key)
        if value:
            return str(value)
    for name in source.env:
        value = env.get(name)
        if value:
            return value
    return None


def parse_endpoint(value: str) -> Endpoint:
    """Accept ``host``, ``host:port`` or a URL such as ``http://127.0.0.1:8790``."""
    if "://" not in value:
        return Endpoint(host=value.strip().rstrip("/"), scheme="https")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"endpoint {value!r} is not an http(s) URL or a host name")
    return Endpoint(host=parts.netloc, scheme=parts.scheme)


def _endpoint(sources: CloudSources, region: str, config: Lookup, env: Mapping[str, str]) -> Endpoint:
    override = _first(sources.endpoint, config, env)
    if override:
        try:
            return parse_endpoint(override)
        except ValueError as error:
            raise ValueError(f"{sources.endpoint.names()}: {error}") from None
    domain = _first(sources.domain, config, env)
    if domain:
        # tencentcloud:domain is a root domain, e.g. intl.tencentcloudapi.com for the international site.
        return Endpoint(host=f"organization.{domain}", scheme="https")
    return Endpoint(host=sources.default_host(region), scheme="https")


def _retry_deadline(source: Source, config: Lookup, env: Mapping[str, str]) -> float:
    raw = _first(source, config, env)
    if raw is None:
        return DEFAULT_DEADLINE
    try:
        deadline = float(raw)
    except ValueError:
        raise ValueError(f"{source.names()}: {raw!r} is not a number of seconds") from None
    if deadline < 0:
        raise ValueError(f"{source.names()}: must not be negative")
    return deadline


def missing_credentials_message(
    sources: CloudSources, product: str, key_id: Optional[str], secret: Optional[str]
) -> str:
    """Where this cloud's keys may come from: any one pair of the places listed is enough."""
    ways = [f"stack config: pulumi config set --secret {k} <id> and pulumi config set --secret {s} <secret>"
            for k, s in zip(sources.key_id.config, sources.secret.config)]
    if sources.native:
        ways += [f"an explicit provider: its {sources.key_id.provider_key} and {sources.secret.provider_key} arguments"]
    ways += [f"environment: {k} and {s}" for k, s in zip(sources.key_id.env, sources.secret.env)]
    found = "found its key id but not its secret" if key_id else (
        "found its secret but not its key id" if secret else "none found")
    listed = " ".join(f"({n}) {way};" for n, way in enumerate(ways, start=1))
    return (
        f"No {product} credentials ({found}). Any ONE of these is enough: {listed} "
        f"for temporary credentials also set the token the same way ({sources.token.names()})."
    )


def _rate_limits(sources: CloudSources, config: Lookup, env: Mapping[str, str]) -> dict[str, float]:
    """The documented limits, with the actions the stack (or environment) sets replaced."""
    limits = parse_limits(sources.default_rate_limits)
    raw = _first(sources.rate_limits, config, env)
    if raw is not None:
        try:
            limits.update(parse_limits(raw))
        except ValueError as error:
            raise ValueError(f"{sources.rate_limits.names()}: {error}") from None
    return limits


def config_problems(sources: CloudSources, config: Lookup) -> list[str]:
    """What is wrong with the settings the configuration gives (credentials aside), each naming its key."""
    checks: list[Callable[[], object]] = [
        lambda: _endpoint(sources, sources.default_region, config, {}),
        lambda: _retry_deadline(sources.retry_deadline, config, {}),
        lambda: _rate_limits(sources, config, {}),
    ]
    problems = []
    for check in checks:
        try:
            check()
        except ValueError as error:
            problems.append(str(error))
    return problems


def resolve(sources: CloudSources, product: str, config: Lookup, env: Mapping[str, str]) -> CloudSettings:
    """Resolve one cloud's settings; raise MissingCredentials naming every place looked at."""
    key_id = _first(sources.key_id, config, env)
    secret = _first(sources.secret, config, env)
    if not key_id or not secret:
        raise MissingCredentials(missing_credentials_message(sources, product, key_id, secret))
    region = _first(sources.region, config, env) or sources.default_region
    return CloudSettings(
        key_id=key_id,
        secret=secret,
        token=_first(sources.token, config, env),
        region=region,
        endpoint=_endpoint(sources, region, config, env),
        retry_deadline=_retry_deadline(sources.retry_deadline, config, env),
        rate_limits=_rate_limits(sources, config, env),
    )
