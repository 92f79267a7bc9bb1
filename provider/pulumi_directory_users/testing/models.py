"""State model of the fake clouds: pure Python rules, no HTTP.

:class:`FakeClouds` owns one :class:`TencentIdentityCenter` (Tencent Cloud
Organization Identity Center, API 2021-03-31) and one :class:`AlicloudCloudSSO`
(Alibaba Cloud CloudSSO, API 2021-05-15). Their API methods take the API's own
parameter names (``create_user(ZoneId=..., UserName=...)``) so the wire layer
can pass request parameters straight through, and they return the response
payload in the API's field names. Rule violations raise :class:`TencentError`
or :class:`AlicloudError` carrying the cloud's error code.

Besides the API operations, each cloud has helpers to set up conditions the
provider cannot create itself (role/access assignments, SCIM-synchronised
users) and to change state out of band (``modify_user``, ``remove_user``,
``add_user_to_group``, ``remove_group``, ``set_mfa_out_of_band``), the way an
administrator clicking in the console would.

Everything is guarded by one re-entrant lock, ``FakeClouds.lock``, because the
emulator serves requests from several threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ._store import AlicloudError, Context, RecordedCall, TencentError, utcnow
from .alicloud_model import ALICLOUD_MAX_TAGS, DEFAULT_ALICLOUD_USER_LIMIT, AlicloudCloudSSO
from .faults import ALICLOUD, TENCENT, Faults
from .signatures import NonceLedger
from .tencent_model import DEFAULT_TENCENT_USER_LIMIT, TencentIdentityCenter

__all__ = [
    "ALICLOUD_ACCESS_KEY_ID",
    "ALICLOUD_ACCESS_KEY_SECRET",
    "ALICLOUD_DIRECTORY_ID",
    "ALICLOUD_MAX_TAGS",
    "DEFAULT_ALICLOUD_USER_LIMIT",
    "DEFAULT_MAX_CALLS",
    "DEFAULT_TENCENT_USER_LIMIT",
    "STATE_FORMAT_VERSION",
    "TENCENT_SECRET_ID",
    "TENCENT_SECRET_KEY",
    "TENCENT_ZONE_ID",
    "AlicloudCloudSSO",
    "AlicloudError",
    "FakeClouds",
    "RecordedCall",
    "TencentError",
    "TencentIdentityCenter",
]

TENCENT_SECRET_ID = "AKIDdirectoryusersfaketencent0000001"
"""SecretId the fakes accept by default (Tencent TC3 signatures)."""

TENCENT_SECRET_KEY = "directoryusersfaketencentsecret01"
"""SecretKey matching :data:`TENCENT_SECRET_ID`."""

TENCENT_ZONE_ID = "z-fakezone0001"
"""Identity Center zone (space) seeded by default, with Identity Center enabled."""

ALICLOUD_ACCESS_KEY_ID = "LTAIdirectoryusersfake01"
"""AccessKey ID the fakes accept by default (Alibaba ACS3 and V1 signatures)."""

ALICLOUD_ACCESS_KEY_SECRET = "directoryusersfakealicloudsecret01"
"""AccessKey secret matching :data:`ALICLOUD_ACCESS_KEY_ID`."""

ALICLOUD_DIRECTORY_ID = "d-fakedir00001"
"""CloudSSO directory seeded by default."""


STATE_FORMAT_VERSION = 1

DEFAULT_MAX_CALLS = 10_000
"""How many recent requests :attr:`FakeClouds.calls` keeps by default."""


class FakeClouds:
    """In-memory Tencent Identity Center and Alibaba CloudSSO, plus keys, faults and a call log.

    Args:
        seed: add the default access keys (:data:`TENCENT_SECRET_ID`,
            :data:`ALICLOUD_ACCESS_KEY_ID`), the zone :data:`TENCENT_ZONE_ID`
            and the directory :data:`ALICLOUD_DIRECTORY_ID`.
        clock: returns the current time as an aware ``datetime``; used for the
            users' ``CreateTime``/``UpdateTime``. Replace it (also later, as
            ``clouds.clock = ...``) for deterministic timestamps.
        fault_seed: seed of the RNG behind the probabilistic faults.
        max_calls: how many recent requests :attr:`calls` keeps; older ones are
            forgotten, so a long-running emulator does not grow without bound.

    Attributes:
        tencent: the Tencent Identity Center model.
        alicloud: the Alibaba CloudSSO model.
        keys: accepted access key id -> secret, shared by both clouds.
        tokens: access key id -> the session token requests with that key must
            carry; a key not listed must send no token (see :meth:`add_key`).
        nonces: the Alibaba signature nonces seen recently (replays are refused).
        faults: failure injection, see :class:`~.faults.Faults`.
        calls: the most recent ``max_calls`` requests, oldest first (:class:`RecordedCall`).
        signature_clock: the time request signatures are checked against
            (real time by default, because the SDKs sign with real time); set it
            off by more than 300 s to provoke ``AuthFailure.SignatureExpire``.
    """

    def __init__(
        self,
        seed: bool = True,
        *,
        clock: Callable[[], datetime] | None = None,
        fault_seed: int | None = None,
        max_calls: int = DEFAULT_MAX_CALLS,
    ) -> None:
        self._ctx = Context(clock or utcnow)
        self.tencent = TencentIdentityCenter(self._ctx)
        self.alicloud = AlicloudCloudSSO(self._ctx)
        self.keys: dict[str, str] = {}
        self.tokens: dict[str, str] = {}
        self.nonces = NonceLedger()
        self.faults = Faults(seed=fault_seed)
        self.calls: list[RecordedCall] = []
        self._max_calls = max_calls
        self.signature_clock: Callable[[], datetime] = utcnow
        if seed:
            self.seed_defaults()

    @property
    def lock(self) -> threading.RLock:
        """The lock guarding all state; hold it to read or change several things atomically."""
        return self._ctx.lock  # type: ignore[return-value]

    @property
    def clock(self) -> Callable[[], datetime]:
        """The clock used for the users' timestamps."""
        return self._ctx.clock

    @clock.setter
    def clock(self, clock: Callable[[], datetime]) -> None:
        self._ctx.clock = clock

    @property
    def revision(self) -> int:
        """A counter that grows with every change of users, zones or directories."""
        return self._ctx.revision

    def seed_defaults(self) -> None:
        """Add the default keys, zone and directory."""
        with self.lock:
            self.keys[TENCENT_SECRET_ID] = TENCENT_SECRET_KEY
            self.keys[ALICLOUD_ACCESS_KEY_ID] = ALICLOUD_ACCESS_KEY_SECRET
            self.tencent.add_zone(TENCENT_ZONE_ID)
            self.alicloud.add_directory(ALICLOUD_DIRECTORY_ID)

    def add_key(self, key_id: str, secret: str, token: str | None = None) -> None:
        """Accept ``key_id``/``secret`` (either cloud); with ``token``, only requests carrying that session token.

        Without ``token`` the key must send no session token, as a long-term key.
        """
        with self.lock:
            self.keys[key_id] = secret
            if token is None:
                self.tokens.pop(key_id, None)
            else:
                self.tokens[key_id] = token

    def record(self, call: RecordedCall) -> None:
        """Append a call to :attr:`calls` (used by the wire layer)."""
        with self.lock:
            self.calls.append(call)
            # A list rather than a deque, so tests can slice it; at the default bound the
            # memmove of dropping the oldest costs microseconds.
            if len(self.calls) > self._max_calls:
                del self.calls[: len(self.calls) - self._max_calls]

    def calls_for(self, cloud: str | None = None, action: str | None = None) -> list[RecordedCall]:
        """The recorded calls, optionally only those of one cloud and/or action."""
        with self.lock:
            return [
                call
                for call in self.calls
                if (cloud is None or call.cloud == cloud) and (action is None or call.action == action)
            ]

    def clear_calls(self) -> None:
        """Forget the recorded calls."""
        with self.lock:
            self.calls.clear()

    def to_dict(self) -> dict[str, Any]:
        """The users, zones and directories as a JSON-able dict (keys, faults and calls are not included)."""
        with self.lock:
            return {
                "version": STATE_FORMAT_VERSION,
                TENCENT: {"zones": self.tencent.to_dict()},
                ALICLOUD: {"directories": self.alicloud.to_dict()},
            }

    def load_dict(self, data: dict[str, Any]) -> None:
        """Replace users, zones and directories with a :meth:`to_dict` snapshot."""
        if data.get("version") != STATE_FORMAT_VERSION:
            raise ValueError(f"unsupported fake-cloud state version {data.get('version')!r}")
        with self.lock:
            self.tencent.load_dict(data[TENCENT]["zones"])
            self.alicloud.load_dict(data[ALICLOUD]["directories"])
            self._ctx.mutated()

    def track_changes(self) -> None:
        """Start remembering what each change touches, for :meth:`take_changes` (a journal)."""
        with self.lock:
            self._ctx.track_changes()

    def take_changes(self) -> list[dict[str, Any]] | None:
        """The changes since the last call as journal entries, or ``None`` when everything was replaced.

        Each entry holds the end state of one user or group (with its memberships),
        or of a zone's or directory's settings, so its size does not depend on how
        many users there are.
        """
        with self.lock:
            everything, keys = self._ctx.take_changes()
            if everything:
                return None
            entries = [self._cloud(key[0]).change_entry(*key[1:]) for key in keys]
            # Settings before users and groups, each in creation order: a replay then rebuilds each
            # container's users and groups in the order the List actions page through.
            return sorted(entries, key=_replay_order)

    def apply_change(self, entry: dict[str, Any]) -> None:
        """Replay one entry of :meth:`take_changes`."""
        with self.lock:
            self._cloud(entry["cloud"]).apply_entry(entry)
            self._ctx.mutated()

    def _cloud(self, name: str) -> TencentIdentityCenter | AlicloudCloudSSO:
        return self.tencent if name == TENCENT else self.alicloud

    @classmethod
    def from_dict(cls, data: dict[str, Any], *, keys: dict[str, str] | None = None) -> FakeClouds:
        """Fake clouds restored from a :meth:`to_dict` snapshot.

        ``keys`` defaults to the default test keys.
        """
        clouds = cls(seed=False)
        default_keys = {TENCENT_SECRET_ID: TENCENT_SECRET_KEY, ALICLOUD_ACCESS_KEY_ID: ALICLOUD_ACCESS_KEY_SECRET}
        clouds.keys.update(default_keys if keys is None else keys)
        clouds.load_dict(data)
        return clouds


def _replay_order(entry: dict[str, Any]) -> tuple[str, str, int, int]:
    kind = 1 if "user_id" in entry else 2 if "group_id" in entry else 0
    record = entry.get("user") or entry.get("group") or {}
    return entry["cloud"], entry["container"], kind, record.get("seq", 0)
