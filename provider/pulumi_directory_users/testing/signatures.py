"""Verification of request signatures against ``FakeClouds.keys``.

* Tencent Cloud API 3.0, ``TC3-HMAC-SHA256``.
* Alibaba Cloud ``ACS3-HMAC-SHA256`` (the SDK default) and the legacy RPC
  signature V1 (``HMAC-SHA1``, ``Config(signature_algorithm="v2")``).

The fakes check signatures so that a provider bug in credential handling
(wrong secret, mixed-up keys) fails in tests as it would against the cloud.
A session token (``X-TC-Token``, ``x-acs-security-token`` / ``SecurityToken``)
must be the one configured with its key, and a key configured without one
must not send one. Alibaba signature nonces are remembered for the timestamp
window, so a replayed request gets ``SignatureNonceUsed`` instead of running
twice. Nothing here logs or returns a secret or a signature.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl, quote

from ._store import AlicloudError, TencentError
from .wire import WireRequest

TENCENT_MAX_CLOCK_SKEW = 300
"""Seconds a TC3 ``X-TC-Timestamp`` may differ from the fake's clock."""

ALICLOUD_MAX_CLOCK_SKEW = 900
"""Seconds an Alibaba ``x-acs-date`` / ``Timestamp`` may differ from the fake's clock."""


def _sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hmac_sha256(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()


def _split_fields(text: str) -> dict[str, str]:
    """``"A=1, B=2"`` -> ``{"A": "1", "B": "2"}``."""
    pairs = (item.strip().partition("=") for item in text.split(","))
    return {name: value for name, sep, value in pairs if sep}


def _percent(value: str) -> str:
    return quote(value, safe="~")


# -- session tokens and nonces ----------------------------------------------------------


def token_mismatch(configured: str | None, sent: str | None) -> str | None:
    """What is wrong with the session token ``sent`` for a key configured with ``configured``, or ``None``.

    A key configured with a token must send exactly that token; a key configured
    without one must send none (the clouds would try to parse it and fail).
    """
    if configured is None:
        return "a session token was sent with a key that has none" if sent else None
    if not sent:
        return "the key needs its session token, and none was sent"
    return None if hmac.compare_digest(configured, sent) else "the session token does not belong to this key"


class NonceLedger:
    """The Alibaba signature nonces seen per AccessKey ID while their request's timestamp is still valid.

    A nonce is remembered until its request's signed time leaves the
    :data:`ALICLOUD_MAX_CLOCK_SKEW` window; a replay after that fails the
    timestamp check instead. Memory is therefore bounded by the request rate
    times the window.
    """

    def __init__(self, window: float = ALICLOUD_MAX_CLOCK_SKEW) -> None:
        self._window = timedelta(seconds=window)
        self._lock = threading.Lock()
        self._seen: set[tuple[str, str]] = set()
        self._expiry: deque[tuple[datetime, tuple[str, str]]] = deque()

    def __len__(self) -> int:
        with self._lock:
            return len(self._seen)

    def claim(self, access_key_id: str, nonce: str, signed_at: datetime, now: datetime) -> bool:
        """Record ``nonce``; ``False`` when it was already used within the window."""
        key = (access_key_id, nonce)
        with self._lock:
            self._forget_expired(now)
            if key in self._seen:
                return False
            self._seen.add(key)
            self._expiry.append((signed_at + self._window, key))
            return True

    def _forget_expired(self, now: datetime) -> None:
        # Signed times arrive roughly in order, so expired entries sit at the front.
        while self._expiry and self._expiry[0][0] < now:
            _, key = self._expiry.popleft()
            self._seen.discard(key)


# -- Tencent TC3-HMAC-SHA256 -------------------------------------------------------


def _tencent_invalid(message: str) -> TencentError:
    return TencentError("AuthFailure.InvalidAuthorization", message)


def verify_tencent(
    request: WireRequest, keys: Mapping[str, str], now: datetime, tokens: Mapping[str, str] | None = None
) -> str:
    """Check a TC3-HMAC-SHA256 signed request and its session token; returns the SecretId.

    Args:
        request: the raw request.
        keys: accepted SecretId -> SecretKey.
        now: the fake's current time.
        tokens: SecretId -> the session token that key must send (``X-TC-Token``).

    Raises:
        TencentError: ``AuthFailure.InvalidAuthorization`` (missing or malformed),
            ``AuthFailure.SecretIdNotFound``, ``AuthFailure.SignatureExpire``
            (more than 300 s off), ``AuthFailure.SignatureFailure`` or
            ``AuthFailure.TokenFailure``.
    """
    algorithm, _, rest = (request.header("authorization") or "").partition(" ")
    if algorithm != "TC3-HMAC-SHA256":
        raise _tencent_invalid("The Authorization header is missing or not TC3-HMAC-SHA256.")
    fields = _split_fields(rest)
    scope = fields.get("Credential", "").split("/")
    if len(scope) != 4 or not fields.get("SignedHeaders") or not fields.get("Signature"):
        raise _tencent_invalid("The Authorization header is malformed.")
    secret_id, date, service, _ = scope
    secret = keys.get(secret_id) if secret_id else None
    if secret is None:
        raise TencentError("AuthFailure.SecretIdNotFound", "The SecretId is not found.")
    timestamp = _tencent_timestamp(request, now)
    expected = _tc3_signature(request, secret, algorithm, fields["SignedHeaders"], timestamp, date, service)
    signed_date = datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%d")
    if date != signed_date or not hmac.compare_digest(expected, fields["Signature"]):
        raise TencentError("AuthFailure.SignatureFailure", "The provided credentials could not be validated.")
    problem = token_mismatch((tokens or {}).get(secret_id), request.header("x-tc-token"))
    if problem:
        raise TencentError("AuthFailure.TokenFailure", f"The token is invalid: {problem}.")
    return secret_id


def _tencent_timestamp(request: WireRequest, now: datetime) -> int:
    raw = request.header("x-tc-timestamp") or ""
    if not raw.isdigit():
        raise _tencent_invalid("X-TC-Timestamp is missing or not a number.")
    timestamp = int(raw)
    if abs(now.timestamp() - timestamp) > TENCENT_MAX_CLOCK_SKEW:
        raise TencentError("AuthFailure.SignatureExpire", "The signature expired; check the local clock.")
    return timestamp


def _tc3_signature(
    request: WireRequest, secret: str, algorithm: str, signed_headers: str, timestamp: int, date: str, service: str
) -> str:
    names = signed_headers.split(";")
    canonical_headers = "".join(f"{name}:{(request.header(name) or '').strip().lower()}\n" for name in names)
    canonical_query = request.query if request.method.upper() == "GET" else ""
    canonical_request = "\n".join(
        [
            request.method.upper(),
            request.path,
            canonical_query,
            canonical_headers,
            signed_headers,
            _sha256_hex(request.body),
        ]
    )
    scope = f"{date}/{service}/tc3_request"
    string_to_sign = f"{algorithm}\n{timestamp}\n{scope}\n{_sha256_hex(canonical_request.encode('utf-8'))}"
    key = ("TC3" + secret).encode("utf-8")
    for part in (date, service, "tc3_request"):
        key = _hmac_sha256(key, part)
    return hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


# -- Alibaba ACS3-HMAC-SHA256 and signature V1 -----------------------------------------

# The cloud ends a SignatureDoesNotMatch message with the string it signed, after a
# colon; aliyun-python-sdk-core splits the message there and compares it with its own.
_V1_MISMATCH = "Specified signature is not matched with our calculation. server string to sign is:"
_ACS3_MISMATCH = "The request signature does not conform to Aliyun standards. server string to sign is:"


def _incomplete(message: str) -> AlicloudError:
    return AlicloudError("IncompleteSignature", message, 400)


def _mismatch(prefix: str, string_to_sign: str) -> AlicloudError:
    return AlicloudError("SignatureDoesNotMatch", prefix + string_to_sign, 400)


def _secret_for(keys: Mapping[str, str], access_key_id: str) -> str:
    secret = keys.get(access_key_id) if access_key_id else None
    if secret is None:
        raise AlicloudError("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404)
    return secret


def _canonical_query(pairs: Iterable[tuple[str, str]]) -> str:
    return "&".join(f"{_percent(k)}={_percent(v)}" for k, v in sorted(pairs))


def verify_alicloud(
    request: WireRequest,
    form: Mapping[str, str],
    keys: Mapping[str, str],
    now: datetime,
    *,
    tokens: Mapping[str, str] | None = None,
    nonces: NonceLedger | None = None,
) -> str:
    """Check an ACS3-HMAC-SHA256 or V1 (HMAC-SHA1) signed request; returns the AccessKey ID.

    Args:
        request: the raw request.
        form: form-encoded body parameters (signed by V1 together with the query).
        keys: accepted AccessKey ID -> secret.
        now: the fake's current time.
        tokens: AccessKey ID -> the security token that key must send.
        nonces: where used signature nonces are remembered; ``None`` skips the replay check.

    Raises:
        AlicloudError: ``IncompleteSignature`` 400 (missing or malformed),
            ``InvalidAccessKeyId.NotFound`` 404, ``InvalidTimeStamp.Expired`` 400,
            ``SignatureDoesNotMatch`` 400 (the message ends with the server's string to sign),
            ``SignatureNonceUsed`` 400, ``InvalidSecurityToken.Malformed`` or
            ``InvalidSecurityToken.MismatchWithAccessKey`` 400.
    """
    if request.header("authorization"):
        signed = _verify_acs3(request, keys, now)
    elif "Signature" in request.query_params():
        signed = _verify_v1(request, form, keys, now)
    else:
        raise _incomplete("The request carries no signature (no Authorization header, no Signature parameter).")
    _check_security_token((tokens or {}).get(signed.access_key_id), signed.token)
    if nonces is not None and signed.nonce and not nonces.claim(signed.access_key_id, signed.nonce, signed.at, now):
        raise AlicloudError("SignatureNonceUsed", "Specified signature nonce was used already.", 400)
    return signed.access_key_id


@dataclass(frozen=True)
class _Signed:
    """What a verified Alibaba request says about itself."""

    access_key_id: str
    at: datetime
    nonce: str | None
    token: str | None


def _check_security_token(configured: str | None, sent: str | None) -> None:
    problem = token_mismatch(configured, sent)
    if problem is None:
        return
    code = "InvalidSecurityToken.Malformed" if configured is None else "InvalidSecurityToken.MismatchWithAccessKey"
    raise AlicloudError(code, f"Specified SecurityToken is invalid: {problem}.", 400)


def _verify_acs3(request: WireRequest, keys: Mapping[str, str], now: datetime) -> _Signed:
    algorithm, _, rest = (request.header("authorization") or "").partition(" ")
    fields = _split_fields(rest)
    if algorithm != "ACS3-HMAC-SHA256" or not fields.get("SignedHeaders") or not fields.get("Signature"):
        raise _incomplete("The Authorization header is malformed or uses an unsupported algorithm.")
    access_key_id = fields.get("Credential", "")
    secret = _secret_for(keys, access_key_id)
    signed_at = _check_fresh(request.header("x-acs-date"), now)
    payload_hash = _sha256_hex(request.body)
    string_to_sign = _acs3_string_to_sign(request, algorithm, fields["SignedHeaders"], payload_hash)
    expected = hmac.new(secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    if request.header("x-acs-content-sha256") != payload_hash or not hmac.compare_digest(
        expected, fields["Signature"]
    ):
        raise _mismatch(_ACS3_MISMATCH, string_to_sign)
    token = request.header("x-acs-security-token")
    return _Signed(access_key_id, signed_at, request.header("x-acs-signature-nonce"), token)


def _acs3_string_to_sign(request: WireRequest, algorithm: str, signed_headers: str, payload_hash: str) -> str:
    canonical_query = _canonical_query(parse_qsl(request.query, keep_blank_values=True))
    names = signed_headers.split(";")
    canonical_headers = "".join(f"{name}:{(request.header(name) or '').strip()}\n" for name in names)
    canonical_request = "\n".join(
        [request.method.upper(), request.path, canonical_query, canonical_headers, signed_headers, payload_hash]
    )
    return f"{algorithm}\n{_sha256_hex(canonical_request.encode('utf-8'))}"


def _verify_v1(request: WireRequest, form: Mapping[str, str], keys: Mapping[str, str], now: datetime) -> _Signed:
    params = {**request.query_params(), **form}
    signature = params.pop("Signature", "")
    if params.get("SignatureMethod") != "HMAC-SHA1":
        raise _incomplete("Only SignatureMethod HMAC-SHA1 is supported.")
    access_key_id = params.get("AccessKeyId", "")
    secret = _secret_for(keys, access_key_id)
    signed_at = _check_fresh(params.get("Timestamp"), now)
    canonical = _canonical_query(params.items())
    string_to_sign = f"{request.method.upper()}&%2F&{_percent(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode("utf-8"), hashlib.sha1).digest()
    if not hmac.compare_digest(base64.b64encode(digest).decode("ascii"), signature):
        raise _mismatch(_V1_MISMATCH, string_to_sign)
    return _Signed(access_key_id, signed_at, params.get("SignatureNonce"), params.get("SecurityToken"))


def _check_fresh(stamp: str | None, now: datetime) -> datetime:
    try:
        when = datetime.strptime(stamp or "", "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        raise _incomplete("The request date (x-acs-date or Timestamp) is missing or malformed.") from None
    if abs((now - when).total_seconds()) > ALICLOUD_MAX_CLOCK_SKEW:
        raise AlicloudError("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.", 400)
    return when
