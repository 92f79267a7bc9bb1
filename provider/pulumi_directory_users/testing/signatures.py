"""Verification of request signatures against ``FakeClouds.keys``.

* Tencent Cloud API 3.0, ``TC3-HMAC-SHA256``.
* Alibaba Cloud ``ACS3-HMAC-SHA256`` (the SDK default) and the legacy RPC
  signature V1 (``HMAC-SHA1``, ``Config(signature_algorithm="v2")``).

The fakes check signatures so that a provider bug in credential handling
(wrong secret, mixed-up keys) fails in tests as it would against the cloud.
Security tokens (``X-TC-Token``, ``x-acs-security-token``) are accepted
without validation. Nothing here logs or returns a secret or a signature.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from urllib.parse import parse_qsl, quote

from .models import AlicloudError, TencentError
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


# -- Tencent TC3-HMAC-SHA256 -------------------------------------------------------


def _tencent_invalid(message: str) -> TencentError:
    return TencentError("AuthFailure.InvalidAuthorization", message)


def verify_tencent(request: WireRequest, keys: Mapping[str, str], now: datetime) -> str:
    """Check a TC3-HMAC-SHA256 signed request; returns the SecretId.

    Raises:
        TencentError: ``AuthFailure.InvalidAuthorization`` (missing or malformed),
            ``AuthFailure.SecretIdNotFound``, ``AuthFailure.SignatureExpire``
            (more than 300 s off) or ``AuthFailure.SignatureFailure``.
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


def _incomplete(message: str) -> AlicloudError:
    return AlicloudError("IncompleteSignature", message, 400)


def _mismatch() -> AlicloudError:
    return AlicloudError("SignatureDoesNotMatch", "The request signature does not conform to Aliyun standards.", 400)


def _secret_for(keys: Mapping[str, str], access_key_id: str) -> str:
    secret = keys.get(access_key_id) if access_key_id else None
    if secret is None:
        raise AlicloudError("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404)
    return secret


def _canonical_query(pairs: Iterable[tuple[str, str]]) -> str:
    return "&".join(f"{_percent(k)}={_percent(v)}" for k, v in sorted(pairs))


def verify_alicloud(request: WireRequest, form: Mapping[str, str], keys: Mapping[str, str], now: datetime) -> str:
    """Check an ACS3-HMAC-SHA256 or V1 (HMAC-SHA1) signed request; returns the AccessKey ID.

    Args:
        request: the raw request.
        form: form-encoded body parameters (signed by V1 together with the query).
        keys: accepted AccessKey ID -> secret.
        now: the fake's current time.

    Raises:
        AlicloudError: ``IncompleteSignature`` 400 (missing or malformed),
            ``InvalidAccessKeyId.NotFound`` 404, ``InvalidTimeStamp.Expired`` 400,
            ``SignatureDoesNotMatch`` 400.
    """
    if request.header("authorization"):
        return _verify_acs3(request, keys, now)
    if "Signature" in request.query_params():
        return _verify_v1(request, form, keys, now)
    raise _incomplete("The request carries no signature (no Authorization header, no Signature parameter).")


def _verify_acs3(request: WireRequest, keys: Mapping[str, str], now: datetime) -> str:
    algorithm, _, rest = (request.header("authorization") or "").partition(" ")
    fields = _split_fields(rest)
    if algorithm != "ACS3-HMAC-SHA256" or not fields.get("SignedHeaders") or not fields.get("Signature"):
        raise _incomplete("The Authorization header is malformed or uses an unsupported algorithm.")
    access_key_id = fields.get("Credential", "")
    secret = _secret_for(keys, access_key_id)
    _check_fresh(request.header("x-acs-date"), now)
    payload_hash = _sha256_hex(request.body)
    if request.header("x-acs-content-sha256") != payload_hash:
        raise _mismatch()
    expected = _acs3_signature(request, secret, algorithm, fields["SignedHeaders"], payload_hash)
    if not hmac.compare_digest(expected, fields["Signature"]):
        raise _mismatch()
    return access_key_id


def _acs3_signature(request: WireRequest, secret: str, algorithm: str, signed_headers: str, payload_hash: str) -> str:
    canonical_query = _canonical_query(parse_qsl(request.query, keep_blank_values=True))
    names = signed_headers.split(";")
    canonical_headers = "".join(f"{name}:{(request.header(name) or '').strip()}\n" for name in names)
    canonical_request = "\n".join(
        [request.method.upper(), request.path, canonical_query, canonical_headers, signed_headers, payload_hash]
    )
    string_to_sign = f"{algorithm}\n{_sha256_hex(canonical_request.encode('utf-8'))}"
    return hmac.new(secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


def _verify_v1(request: WireRequest, form: Mapping[str, str], keys: Mapping[str, str], now: datetime) -> str:
    params = {**request.query_params(), **form}
    signature = params.pop("Signature", "")
    if params.get("SignatureMethod") != "HMAC-SHA1":
        raise _incomplete("Only SignatureMethod HMAC-SHA1 is supported.")
    access_key_id = params.get("AccessKeyId", "")
    secret = _secret_for(keys, access_key_id)
    _check_fresh(params.get("Timestamp"), now)
    canonical = _canonical_query(params.items())
    string_to_sign = f"{request.method.upper()}&%2F&{_percent(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode("utf-8"), hashlib.sha1).digest()
    if not hmac.compare_digest(base64.b64encode(digest).decode("ascii"), signature):
        raise _mismatch()
    return access_key_id


def _check_fresh(stamp: str | None, now: datetime) -> None:
    try:
        when = datetime.strptime(stamp or "", "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        raise _incomplete("The request date (x-acs-date or Timestamp) is missing or malformed.") from None
    if abs((now - when).total_seconds()) > ALICLOUD_MAX_CLOCK_SKEW:
        raise AlicloudError("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.", 400)
