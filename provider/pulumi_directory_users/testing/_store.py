"""What both clouds' state models share: errors, records, locking, paging, and the user rules.

:class:`UserContainers` holds the rules the two clouds have in common; each
cloud's model subclasses it and adds only what differs (API parameter names,
error codes, formats). Internal to the testing package; the public names are
re-exported by ``models``.
"""

from __future__ import annotations

import base64
import functools
import random
import re
import string
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, ClassVar, TypeVar

_ID_ALPHABET = string.ascii_lowercase + string.digits
_T = TypeVar("_T")

ChangeKey = tuple[str, str, "str | None"]
"""What one change touched: (cloud, zone or directory id, user id or ``None`` for the container's settings)."""

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+$")

STATUSES = ("Enabled", "Disabled")

PROFILE_LIMITS = {"FirstName": 64, "LastName": 64, "DisplayName": 256, "Description": 1024, "Email": 128}
"""The longest value of each profile field, the same in both clouds."""


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
        session_token: the session token the request carried (``X-TC-Token``,
            ``x-acs-security-token`` or ``SecurityToken``), whether or not it was
            accepted; ``None`` without one. Kept out of ``repr``.
    """

    cloud: str
    action: str
    params: dict[str, Any]
    error: str | None
    dropped: bool = False
    session_token: str | None = field(default=None, repr=False)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Context:
    """What both clouds share: the lock, the clock, the id RNG, a change counter and, when
    someone journals them, the changes not yet taken."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.lock = threading.RLock()
        self.clock = clock
        self.rng = random.Random()
        self.revision = 0
        # None until track_changes(): without a journal the set would only grow.
        self._changes: set[ChangeKey] | None = None
        self._everything_changed = False

    def mutated(self, key: ChangeKey | None = None) -> None:
        """Count a change; while changes are tracked, remember what it touched (``None``: everything)."""
        self.revision += 1
        if self._changes is None:
            return
        if key is None:
            self._everything_changed = True
        else:
            self._changes.add(key)

    def track_changes(self) -> None:
        if self._changes is None:
            self._changes = set()

    def take_changes(self) -> tuple[bool, set[ChangeKey]]:
        """Whether everything changed, and the changes since the last call; forgets both."""
        everything, changes = self._everything_changed, self._changes or set()
        self._everything_changed = False
        if self._changes is not None:
            self._changes = set()
        return everything, changes

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

    def settings(self) -> dict[str, Any]:
        """Everything but the users."""
        return {
            "user_limit": self.user_limit,
            "identity_center_open": self.identity_center_open,
            "next_seq": self.next_seq,
        }

    def apply_settings(self, settings: dict[str, Any]) -> None:
        self.user_limit = settings["user_limit"]
        self.identity_center_open = settings.get("identity_center_open", True)
        self.next_seq = settings["next_seq"]

    def to_dict(self) -> dict[str, Any]:
        return {**self.settings(), "users": [record.to_dict() for record in self.users.values()]}

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


class UserContainers(ABC):
    """One cloud's containers of users (Tencent zones, Alibaba directories) under the rules both clouds share.

    In both clouds a user name is unique in its container and an email address
    is unique regardless of case; a container holds at most ``user_limit``
    users; UpdateUser keeps omitted fields and clears those sent as ``""``;
    users a synchronisation owns cannot be updated or deleted; users still in
    groups or holding assignments cannot be deleted. A subclass offers the API
    under the cloud's own parameter names and supplies what differs: error
    codes, the timestamp format and how a user is shown.
    """

    cloud: ClassVar[str]
    """The cloud's name in faults, recorded calls and the state file: ``"tencent"``, ``"alicloud"``."""
    container_kind: ClassVar[str]
    """What the cloud calls a container, for messages: ``"zone"``, ``"directory"``."""
    user_object: ClassVar[str]
    """The API's name of a user object, for messages: ``"UserInfo"``, ``"User"``."""
    user_fields: ClassVar[tuple[str, ...]]
    """The stored fields of a user: all that the out-of-band ``modify_user`` may set."""
    status_field: ClassVar[str]
    """The field holding ``Enabled`` or ``Disabled``."""
    origin_field: ClassVar[str]
    """The field that says ``Synchronized`` for users a synchronisation owns."""

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._containers: dict[str, Container] = {}

    # -- what each cloud supplies ----------------------------------------------

    @abstractmethod
    def _now(self) -> str:
        """The current time in the cloud's timestamp format."""

    @abstractmethod
    def _container(self, container_id: str) -> Container:
        """The container an API call names; raises the cloud's error when it cannot be used."""

    @abstractmethod
    def _shown(self, record: UserRecord) -> dict[str, Any]:
        """A user as GetUser shows it (the out-of-band helpers return this too)."""

    @abstractmethod
    def _check_deletable(self, record: UserRecord) -> None:
        """Raise the cloud's error when groups or assignments still hold the user."""

    @abstractmethod
    def _user_missing(self, user_id: str) -> Exception: ...

    @abstractmethod
    def _name_in_use(self) -> Exception: ...

    @abstractmethod
    def _email_in_use(self) -> Exception: ...

    @abstractmethod
    def _container_full(self) -> Exception: ...

    @abstractmethod
    def _synchronized(self, verb: str) -> Exception:
        """The error for a synchronised user that cannot be ``verb`` (``"updated"``, ``"deleted"``)."""

    @abstractmethod
    def _bad_status(self, parameter: str) -> Exception:
        """The error for a status ``parameter`` that is neither ``Enabled`` nor ``Disabled``."""

    @abstractmethod
    def _too_long(self, name: str, limit: int) -> Exception:
        """The error for a profile field ``name`` longer than ``limit``."""

    @abstractmethod
    def _bad_email(self) -> Exception: ...

    @abstractmethod
    def _bad_token(self) -> Exception: ...

    # -- set-up and out-of-band helpers ------------------------------------------

    def _set_up(self, container_id: str, user_limit: int) -> Container:
        """The container, created if new (keeping the users of an existing one), with ``user_limit``."""
        container = self._containers.get(container_id)
        if container is None:
            container = self._containers[container_id] = Container(container_id, user_limit)
        container.user_limit = user_limit
        return container

    def _record(self, container_id: str, user_id: str) -> UserRecord:
        """A stored user, for the out-of-band helpers: ``KeyError`` rather than an API error."""
        try:
            return self._containers[container_id].users[user_id]
        except KeyError:
            raise KeyError(f"no user {user_id} in {self.container_kind} {container_id}") from None

    def _join_group(self, container_id: str, user_id: str, group_id: str) -> None:
        self._record(container_id, user_id).groups.add(group_id)
        self._changed(container_id, user_id)

    def _leave_group(self, container_id: str, user_id: str, group_id: str) -> None:
        self._record(container_id, user_id).groups.discard(group_id)
        self._changed(container_id, user_id)

    def _assign(self, container_id: str, user_id: str) -> None:
        self._record(container_id, user_id).assignments += 1
        self._changed(container_id, user_id)

    def _unassign_all(self, container_id: str, user_id: str) -> None:
        self._record(container_id, user_id).assignments = 0
        self._changed(container_id, user_id)

    def _modify(self, container_id: str, user_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Set stored fields without validation; ``UpdateTime`` moves on unless it is given."""
        record = self._record(container_id, user_id)
        unknown = set(fields) - set(self.user_fields)
        if unknown:
            raise KeyError(f"not {self.user_object} fields: {sorted(unknown)}")
        record.info.update(fields)
        if "UpdateTime" not in fields:
            record.info["UpdateTime"] = self._now()
        self._changed(container_id, user_id)
        return self._shown(record)

    def _remove(self, container: Container, user_id: str) -> None:
        """Delete a user whatever holds it."""
        del container.users[user_id]
        self._changed(container.container_id, user_id)

    def _find(self, container: Container, user_name: str) -> dict[str, Any] | None:
        for record in container.users.values():
            if record.info["UserName"] == user_name:
                return self._shown(record)
        return None

    def _everyone(self, container: Container) -> list[dict[str, Any]]:
        return [self._shown(record) for record in container.users.values()]

    # -- the API's shared rules ----------------------------------------------------

    def _user(self, container_id: str, user_id: str) -> UserRecord:
        record = self._container(container_id).users.get(user_id)
        if record is None:
            raise self._user_missing(user_id)
        return record

    def _check_unique(self, container: Container, user_name: str, email: str | None) -> None:
        """CreateUser: a new name, a new email address (ignoring case), and room under the user limit."""
        if name_taken(container, user_name):
            raise self._name_in_use()
        if email_taken(container, email):
            raise self._email_in_use()
        if len(container.users) >= container.user_limit:
            raise self._container_full()

    def _check_profile(self, profile: dict[str, Any]) -> None:
        """The length limits and the email format; absent (``None``) fields are not checked."""
        for name, limit in PROFILE_LIMITS.items():
            value = profile.get(name)
            if value is not None and len(value) > limit:
                raise self._too_long(name, limit)
        email = profile.get("Email")
        if email and not EMAIL_PATTERN.match(email):
            raise self._bad_email()

    def _refuse_synchronized(self, record: UserRecord, verb: str) -> None:
        if record.info[self.origin_field] == "Synchronized":
            raise self._synchronized(verb)

    def _update(self, container_id: str, user_id: str, changes: dict[str, Any]) -> UserRecord:
        """UpdateUser: ``None`` keeps a field, ``""`` clears it."""
        container = self._container(container_id)
        record = self._user(container_id, user_id)
        self._refuse_synchronized(record, "updated")
        self._check_profile(changes)
        if email_taken(container, changes.get("Email"), except_user=user_id):
            raise self._email_in_use()
        record.info.update({k: v for k, v in changes.items() if v is not None})
        self._stamp(container_id, record)
        return record

    def _set_status(self, container_id: str, user_id: str, parameter: str, status: str) -> None:
        """UpdateUserStatus, whose status arrives as ``parameter``."""
        record = self._user(container_id, user_id)
        if status not in STATUSES:
            raise self._bad_status(parameter)
        self._refuse_synchronized(record, "updated")
        record.info[self.status_field] = status
        self._stamp(container_id, record)

    def _delete(self, container_id: str, user_id: str) -> None:
        record = self._user(container_id, user_id)
        self._refuse_synchronized(record, "deleted")
        self._check_deletable(record)
        del self._containers[container_id].users[user_id]
        self._changed(container_id, user_id)

    def _stamp(self, container_id: str, record: UserRecord) -> None:
        record.info["UpdateTime"] = self._now()
        self._changed(container_id, record.info["UserId"])

    def _changed(self, container_id: str, user_id: str | None = None) -> None:
        """Note a change of one user, or of the container's own settings when ``user_id`` is ``None``."""
        self._ctx.mutated((self.cloud, container_id, user_id))

    def _after(self, token: str | None) -> int | None:
        """The creation number a NextToken points after; ``None`` for the first page."""
        if not token:
            return None
        seq = decode_token(token)
        if seq is None:
            raise self._bad_token()
        return seq

    # -- snapshots -------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {container_id: container.to_dict() for container_id, container in self._containers.items()}

    def load_dict(self, data: dict[str, Any]) -> None:
        self._containers = {key: Container.from_dict(key, item) for key, item in data.items()}

    def change_entry(self, container_id: str, user_id: str | None) -> dict[str, Any]:
        """One change as a journal entry: the container's settings and the user's new record (``None``: deleted)."""
        container = self._containers[container_id]
        entry: dict[str, Any] = {"cloud": self.cloud, "container": container_id, "settings": container.settings()}
        if user_id is not None:
            record = container.users.get(user_id)
            entry["user_id"] = user_id
            entry["user"] = None if record is None else record.to_dict()
        return entry

    def apply_entry(self, entry: dict[str, Any]) -> None:
        """Replay a :meth:`change_entry` (idempotent: it holds the end state, not a delta)."""
        container_id = entry["container"]
        container = self._containers.get(container_id)
        if container is None:
            container = self._containers[container_id] = Container(container_id, entry["settings"]["user_limit"])
        container.apply_settings(entry["settings"])
        user_id = entry.get("user_id")
        if user_id is None:
            return
        if entry["user"] is None:
            container.users.pop(user_id, None)
        else:
            container.users[user_id] = UserRecord.from_dict(entry["user"])
