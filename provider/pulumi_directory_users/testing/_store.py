"""Building blocks shared by both clouds' state models: errors, records, locking, paging.

Internal to the testing package; the public names are re-exported by ``models``.
"""

from __future__ import annotations

import base64
import functools
import random
import re
import string
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, TypeVar

_ID_ALPHABET = string.ascii_lowercase + string.digits
_T = TypeVar("_T")

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+$")


class TencentError(Exception):
    """A Tencent API error: sent as ``{"Response": {"Error": {"Code", "Message"}}}``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class AlicloudError(Exception):
    """An Alibaba Cloud API error: sent with ``http_status`` and a JSON ``Code``/``Message`` body."""

    def __init__(self, code: str, message: str, http_status: int = 400) -> None:
        super().__init__(f"{code} ({http_status}): {message}")
        self.code = code
        self.message = message
        self.http_status = http_status


@dataclass(frozen=True)
class RecordedCall:
    """One request as the fake clouds received it.

    Attributes:
        cloud: ``"tencent"`` or ``"alicloud"``.
        action: the API action (``X-TC-Action`` / ``x-acs-action`` / ``Action``).
        params: the request parameters exactly as sent. Tencent: the JSON body.
            Alibaba: the flat query/form parameters as strings
            (``{"Tags.1.Key": "env"}``), without the signature parameters.
        error: the error code answered, ``"network"`` for a dropped
            connection, or ``None`` on success.
        dropped: the connection was dropped (before or after the operation).
    """

    cloud: str
    action: str
    params: dict[str, Any]
    error: str | None
    dropped: bool = False


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Context:
    """What both clouds share: the lock, the clock, the id RNG and a change counter."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        self.rng = random.Random()
        self.revision = 0

    def mutated(self) -> None:
        self.revision += 1

    def random_id(self, prefix: str, length: int, taken: Iterable[str]) -> str:
        used = set(taken)
        while True:
            candidate = prefix + "".join(self.rng.choice(_ID_ALPHABET) for _ in range(length))
            if candidate not in used:
                return candidate


def locked(method: Callable[..., _T]) -> Callable[..., _T]:
    """Run a model method under the shared lock (keeps the signature for introspection)."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> _T:
        with self._ctx.lock:
            return method(self, *args, **kwargs)

    return wrapper


@dataclass
class UserRecord:
    """A stored user: API fields plus the relations that block deletion."""

    seq: int
    info: dict[str, Any]
    groups: set[str] = field(default_factory=set)
    assignments: int = 0
    tags: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "info": dict(self.info),
            "groups": sorted(self.groups),
            "assignments": self.assignments,
            "tags": [{"Key": k, "Value": v} for k, v in self.tags.items()],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> UserRecord:
        tags = {tag["Key"]: tag["Value"] for tag in data.get("tags", [])}
        return cls(data["seq"], dict(data["info"]), set(data.get("groups", [])), data.get("assignments", 0), tags)


@dataclass
class Container:
    """A Tencent zone or an Alibaba directory: users in creation order."""

    container_id: str
    user_limit: int
    identity_center_open: bool = True
    users: dict[str, UserRecord] = field(default_factory=dict)
    next_seq: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "user_limit": self.user_limit,
            "identity_center_open": self.identity_center_open,
            "next_seq": self.next_seq,
            "users": [record.to_dict() for record in self.users.values()],
        }

    @classmethod
    def from_dict(cls, container_id: str, data: dict[str, Any]) -> Container:
        records = [UserRecord.from_dict(item) for item in data.get("users", [])]
        users = {record.info["UserId"]: record for record in records}
        return cls(container_id, data["user_limit"], data.get("identity_center_open", True), users, data["next_seq"])

    def add(self, info: dict[str, Any]) -> UserRecord:
        record = UserRecord(self.next_seq, info)
        self.next_seq += 1
        self.users[info["UserId"]] = record
        return record


# -- helpers shared by both clouds -------------------------------------------


def check_length(value: str | None, limit: int, fail: Callable[[str], Exception], name: str) -> None:
    if value is not None and len(value) > limit:
        raise fail(f"{name} must be at most {limit} characters.")


def email_taken(container: Container, email: str | None, except_user: str | None = None) -> bool:
    if not email:
        return False
    wanted = email.casefold()
    return any(
        (record.info.get("Email") or "").casefold() == wanted and user_id != except_user
        for user_id, record in container.users.items()
    )


def name_taken(container: Container, user_name: str) -> bool:
    return any(record.info["UserName"] == user_name for record in container.users.values())


def encode_token(seq: int) -> str:
    return base64.urlsafe_b64encode(f"after:{seq}".encode()).decode()


def decode_token(token: str) -> int | None:
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    prefix, _, number = text.partition(":")
    return int(number) if prefix == "after" and number.isdigit() else None


@dataclass
class Page:
    records: list[UserRecord]
    total: int
    next_token: str | None


def paginate(
    records: list[UserRecord], after_seq: int | None, max_results: int, descending: bool, skip: int = 0
) -> Page:
    """One page of a filtered, ordered list.

    Tokens mean "the users after creation number N", so a page boundary stays
    put when users before it are deleted between calls.
    """
    total = len(records)
    if after_seq is not None:
        records = [r for r in records if (r.seq < after_seq if descending else r.seq > after_seq)]
    records = records[skip:]
    page = records[:max_results]
    truncated = len(records) > max_results
    return Page(page, total, encode_token(page[-1].seq) if truncated else None)
