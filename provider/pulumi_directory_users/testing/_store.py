"""What both clouds' state models share: errors, records, locking, paging, and the user and group rules.

:class:`UserContainers` holds the rules the two clouds have in common; each
cloud's model subclasses it and adds only what differs (API parameter names,
error codes, formats). Internal to the testing package; the public names are
re-exported by ``models``.
"""

from __future__ import annotations

import base64
import functools
import operator
import random
import re
import string
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, ClassVar, Generic, TypeVar

_ID_ALPHABET = string.ascii_lowercase + string.digits
_T = TypeVar("_T")

ChangeKey = tuple[str, str, str, "str | None"]
"""What one change touched: (cloud, zone or directory id, ``"user"`` or ``"group"``, its id or ``None`` for the
container's settings)."""

USER, GROUP = "user", "group"
"""The kinds of item a :data:`ChangeKey` and a journal entry name."""

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+$")

STATUSES = ("Enabled", "Disabled")

PROFILE_LIMITS = {"FirstName": 64, "LastName": 64, "DisplayName": 256, "Description": 1024, "Email": 128}
"""The longest value of each profile field, the same in both clouds."""

GROUP_NAME_LIMIT = 128
"""The longest group name, the same in both clouds (SDK models of CreateGroup)."""

GROUP_DESCRIPTION_LIMIT = 1024
"""The longest group description, the same in both clouds (SDK models of CreateGroup)."""


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
        params: the request parameters as sent, except that a ``Password`` value
            reads ``"<redacted>"``. Tencent: the JSON body. Alibaba: the flat
            query/form parameters as strings (``{"Tags.1.Key": "env"}``),
            without the signature parameters.
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
    """A stored user: API fields, the assignments that block deletion, tags and sign-in settings.

    ``login`` holds what the cloud keeps about signing in but never shows with
    the user (Alibaba: the MFA setting and a salted hash of the password, never
    the password itself).
    """

    seq: int
    info: dict[str, Any]
    assignments: int = 0
    tags: dict[str, str] = field(default_factory=dict)
    login: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "info": dict(self.info),
            "assignments": self.assignments,
            "tags": [{"Key": k, "Value": v} for k, v in self.tags.items()],
            "login": dict(self.login),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> UserRecord:
        tags = {tag["Key"]: tag["Value"] for tag in data.get("tags", [])}
        return cls(data["seq"], dict(data["info"]), data.get("assignments", 0), tags, dict(data.get("login", {})))


@dataclass
class Membership:
    """One user in one group; ``seq`` orders memberships for paging."""

    seq: int
    user_id: str
    join_time: str


@dataclass
class GroupRecord:
    """A stored group: API fields, its members in joining order, and the assignments that block deletion."""

    seq: int
    info: dict[str, Any]
    members: dict[str, Membership] = field(default_factory=dict)
    assignments: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "info": dict(self.info),
            "members": [vars(member).copy() for member in self.members.values()],
            "assignments": self.assignments,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GroupRecord:
        members = [Membership(**item) for item in data.get("members", [])]
        return cls(data["seq"], dict(data["info"]), {m.user_id: m for m in members}, data.get("assignments", 0))


@dataclass
class Container:
    """A Tencent zone or an Alibaba directory: users and groups in creation order.

    Memberships live in their groups; ``next_seq`` numbers users, groups and
    memberships alike, so each kind keeps its creation order for paging.
    """

    container_id: str
    user_limit: int
    identity_center_open: bool = True
    users: dict[str, UserRecord] = field(default_factory=dict)
    next_seq: int = 1
    groups: dict[str, GroupRecord] = field(default_factory=dict)

    def settings(self) -> dict[str, Any]:
        """Everything but the users and groups."""
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
        return {
            **self.settings(),
            "users": [record.to_dict() for record in self.users.values()],
            "groups": [record.to_dict() for record in self.groups.values()],
        }

    @classmethod
    def from_dict(cls, container_id: str, data: dict[str, Any]) -> Container:
        records = [UserRecord.from_dict(item) for item in data.get("users", [])]
        users = {record.info["UserId"]: record for record in records}
        groups = [GroupRecord.from_dict(item) for item in data.get("groups", [])]
        open_ = data.get("identity_center_open", True)
        by_id = {group.info["GroupId"]: group for group in groups}
        return cls(container_id, data["user_limit"], open_, users, data["next_seq"], by_id)

    def take_seq(self) -> int:
        seq = self.next_seq
        self.next_seq += 1
        return seq

    def add(self, info: dict[str, Any]) -> UserRecord:
        record = UserRecord(self.take_seq(), info)
        self.users[info["UserId"]] = record
        return record

    def groups_of(self, user_id: str) -> list[tuple[GroupRecord, Membership]]:
        """The groups a user is in, with the membership, in joining order."""
        joined = [(group, group.members[user_id]) for group in self.groups.values() if user_id in group.members]
        return sorted(joined, key=lambda pair: pair[1].seq)


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


def group_name_taken(container: Container, group_name: str, except_group: str | None = None) -> bool:
    """Group names are unique per container ignoring case (the fakes' choice, for both clouds)."""
    wanted = group_name.casefold()
    return any(
        record.info["GroupName"].casefold() == wanted and group_id != except_group
        for group_id, record in container.groups.items()
    )


def random_password(rng: random.Random) -> str:
    """A 16-character password with an uppercase and a lowercase letter, a digit and a special character."""
    pools = (string.ascii_uppercase, string.ascii_lowercase, string.digits, "!@#$%^&*")
    chars = [rng.choice(pool) for pool in pools] + [rng.choice(string.ascii_letters + string.digits) for _ in range(12)]
    rng.shuffle(chars)
    return "".join(chars)


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
class Page(Generic[_T]):
    records: list[_T]
    total: int
    next_token: str | None


def paginate(
    records: list[_T],
    after_seq: int | None,
    max_results: int,
    descending: bool,
    skip: int = 0,
    seq: Callable[[_T], int] = operator.attrgetter("seq"),
) -> Page[_T]:
    """One page of a filtered, ordered list of users, groups or memberships (``seq`` numbers an item).

    Tokens mean "the items after creation number N", so a page boundary stays
    put when items before it are deleted between calls.
    """
    total = len(records)
    if after_seq is not None:
        records = [r for r in records if (seq(r) < after_seq if descending else seq(r) > after_seq)]
    records = records[skip:]
    page = records[:max_results]
    truncated = len(records) > max_results
    return Page(page, total, encode_token(seq(page[-1])) if truncated else None)


class UserContainers(ABC):
    """One cloud's containers of users (Tencent zones, Alibaba directories) under the rules both clouds share.

    In both clouds a user name is unique in its container and an email address
    is unique regardless of case; a container holds at most ``user_limit``
    users; UpdateUser keeps omitted fields and clears those sent as ``""``;
    users a synchronisation owns cannot be updated or deleted; users still in
    groups or holding assignments cannot be deleted. Groups: a name unique in
    the container ignoring case, at most 128 characters of the cloud's
    alphabet; a group with members or assignments cannot be deleted, and
    deleting one removes nothing else; a user joins a group once; a user who
    goes away (only possible out of band while in groups) leaves them all. A
    subclass offers the API under the cloud's own parameter names and supplies
    what differs: error codes, the timestamp format and how users and groups
    are shown.
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
    group_origin_field: ClassVar[str]
    """The group field saying ``Manual`` or ``Synchronized``: ``"GroupType"``, ``"ProvisionType"``."""
    group_id_length: ClassVar[int]
    """How many letters and digits follow ``g-`` in a group id."""
    group_name_chars: ClassVar[re.Pattern[str]]
    """The characters a group name may hold."""

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
    def _check_deletable(self, record: UserRecord, in_groups: bool) -> None:
        """Raise the cloud's error when groups (``in_groups``) or assignments still hold the user."""

    @abstractmethod
    def _group_shown(self, container: Container, group: GroupRecord) -> dict[str, Any]:
        """A group as GetGroup shows it."""

    @abstractmethod
    def _group_missing(self, group_id: str) -> Exception: ...

    @abstractmethod
    def _group_name_in_use(self) -> Exception: ...

    @abstractmethod
    def _bad_group_name(self, too_long: bool) -> Exception:
        """The error for a group name that is empty or too long (``too_long``) or holds other characters."""

    @abstractmethod
    def _group_not_empty(self) -> Exception: ...

    @abstractmethod
    def _group_assigned(self) -> Exception: ...

    @abstractmethod
    def _already_member(self) -> Exception: ...

    @abstractmethod
    def _not_member(self) -> Exception: ...

    @abstractmethod
    def _synchronized_group(self, verb: str) -> Exception:
        """The error for a synchronised group that cannot be ``verb`` (``"updated"``, ``"deleted"``,
        ``"joined"``, ``"left"``)."""

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
        """Out of band: put a user in a group, creating the group (named as its id) if there is none."""
        self._record(container_id, user_id)
        container = self._containers[container_id]
        group = container.groups.get(group_id)
        if group is None:
            group = self._store_group(container, group_id, group_id, "", "Manual")
        if user_id not in group.members:
            group.members[user_id] = Membership(container.take_seq(), user_id, self._now())
            self._group_changed(container_id, group_id)

    def _leave_group(self, container_id: str, user_id: str, group_id: str) -> None:
        """Out of band: take a user out of a group if it is a member."""
        group = self._containers[container_id].groups.get(group_id)
        if group is not None and group.members.pop(user_id, None) is not None:
            self._group_changed(container_id, group_id)

    def _group_record(self, container_id: str, group_id: str) -> GroupRecord:
        """A stored group, for the out-of-band helpers: ``KeyError`` rather than an API error."""
        try:
            return self._containers[container_id].groups[group_id]
        except KeyError:
            raise KeyError(f"no group {group_id} in {self.container_kind} {container_id}") from None

    def _assign_group(self, container_id: str, group_id: str) -> None:
        self._group_record(container_id, group_id).assignments += 1
        self._group_changed(container_id, group_id)

    def _unassign_group(self, container_id: str, group_id: str) -> None:
        self._group_record(container_id, group_id).assignments = 0
        self._group_changed(container_id, group_id)

    def _remove_group(self, container_id: str, group_id: str) -> None:
        """Delete a group whatever it holds; its memberships go with it, its users stay."""
        self._group_record(container_id, group_id)
        del self._containers[container_id].groups[group_id]
        self._group_changed(container_id, group_id)

    def _modify_group(self, container_id: str, group_id: str, fields: dict[str, Any]) -> dict[str, Any]:
        """Set stored group fields without validation; ``UpdateTime`` moves on unless it is given."""
        group = self._group_record(container_id, group_id)
        known = {"GroupName", "Description", self.group_origin_field, "CreateTime", "UpdateTime"}
        unknown = set(fields) - known
        if unknown:
            raise KeyError(f"not group fields: {sorted(unknown)}")
        group.info.update(fields)
        if "UpdateTime" not in fields:
            group.info["UpdateTime"] = self._now()
        self._group_changed(container_id, group_id)
        return self._group_shown(self._containers[container_id], group)

    def _find_group(self, container_id: str, group_name: str) -> dict[str, Any] | None:
        container = self._containers[container_id]
        for group in container.groups.values():
            if group.info["GroupName"] == group_name:
                return self._group_shown(container, group)
        return None

    def _member_ids(self, container_id: str, group_id: str) -> list[str]:
        return list(self._group_record(container_id, group_id).members)

    def _group_ids_of(self, container_id: str, user_id: str) -> list[str]:
        self._record(container_id, user_id)
        return [group.info["GroupId"] for group, _ in self._containers[container_id].groups_of(user_id)]

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
        """Delete a user whatever holds it; the user leaves every group."""
        del container.users[user_id]
        self._changed(container.container_id, user_id)
        self._drop_memberships(container, user_id)

    def _drop_memberships(self, container: Container, user_id: str) -> None:
        for group, _ in container.groups_of(user_id):
            del group.members[user_id]
            self._group_changed(container.container_id, group.info["GroupId"])

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
        container = self._container(container_id)
        record = self._user(container_id, user_id)
        self._refuse_synchronized(record, "deleted")
        self._check_deletable(record, bool(container.groups_of(user_id)))
        self._remove(container, user_id)

    # -- groups and memberships --------------------------------------------------

    def _store_group(
        self, container: Container, group_id: str | None, name: str, description: str, origin: str
    ) -> GroupRecord:
        """Add a group with a new id (or ``group_id``) and the current time."""
        group_id = group_id or self._ctx.random_id("g-", self.group_id_length, container.groups)
        now = self._now()
        info = {
            "GroupId": group_id,
            "GroupName": name,
            "Description": description,
            self.group_origin_field: origin,
            "CreateTime": now,
            "UpdateTime": now,
        }
        group = container.groups[group_id] = GroupRecord(container.take_seq(), info)
        self._group_changed(container.container_id, group_id)
        return group

    def _check_group_fields(
        self, container: Container, name: str | None, description: str | None, except_group: str | None = None
    ) -> None:
        """A valid, unused name (unless ``None``: kept) and a description within its limit."""
        if name is not None:
            if not 1 <= len(name) <= GROUP_NAME_LIMIT:
                raise self._bad_group_name(too_long=True)
            if not self.group_name_chars.match(name):
                raise self._bad_group_name(too_long=False)
            if group_name_taken(container, name, except_group):
                raise self._group_name_in_use()
        if description is not None and len(description) > GROUP_DESCRIPTION_LIMIT:
            raise self._too_long("Description", GROUP_DESCRIPTION_LIMIT)

    def _new_group(self, container_id: str, name: str, description: str | None, origin: str) -> GroupRecord:
        """CreateGroup."""
        container = self._container(container_id)
        self._check_group_fields(container, name, description)
        return self._store_group(container, None, name, description or "", origin)

    def _group(self, container_id: str, group_id: str) -> GroupRecord:
        group = self._container(container_id).groups.get(group_id)
        if group is None:
            raise self._group_missing(group_id)
        return group

    def _update_group(
        self, container_id: str, group_id: str, new_name: str | None, new_description: str | None
    ) -> GroupRecord:
        """UpdateGroup: renames in place; ``None`` keeps a field, ``""`` clears the description."""
        container = self._container(container_id)
        group = self._group(container_id, group_id)
        self._refuse_synchronized_group(group, "updated")
        self._check_group_fields(container, new_name, new_description, except_group=group_id)
        changes = {"GroupName": new_name, "Description": new_description}
        group.info.update({key: value for key, value in changes.items() if value is not None})
        group.info["UpdateTime"] = self._now()
        self._group_changed(container_id, group_id)
        return group

    def _delete_group(self, container_id: str, group_id: str) -> None:
        """DeleteGroup: refused while the group has members or assignments."""
        group = self._group(container_id, group_id)
        self._refuse_synchronized_group(group, "deleted")
        if group.members:
            raise self._group_not_empty()
        if group.assignments:
            raise self._group_assigned()
        self._remove_group(container_id, group_id)

    def _refuse_synchronized_group(self, group: GroupRecord, verb: str) -> None:
        if group.info[self.group_origin_field] == "Synchronized":
            raise self._synchronized_group(verb)

    def _add_member(self, container_id: str, group_id: str, user_id: str) -> None:
        """AddUserToGroup: the group and the user exist and the user is not yet a member."""
        container = self._container(container_id)
        group = self._group(container_id, group_id)
        self._refuse_synchronized_group(group, "joined")
        self._user(container_id, user_id)
        if user_id in group.members:
            raise self._already_member()
        group.members[user_id] = Membership(container.take_seq(), user_id, self._now())
        self._group_changed(container_id, group_id)

    def _remove_member(self, container_id: str, group_id: str, user_id: str) -> None:
        """RemoveUserFromGroup: the group and the user exist and the user is a member."""
        group = self._group(container_id, group_id)
        self._refuse_synchronized_group(group, "left")
        self._user(container_id, user_id)
        if group.members.pop(user_id, None) is None:
            raise self._not_member()
        self._group_changed(container_id, group_id)

    def _joined_page(
        self, container_id: str, user_id: str, token: str | None, max_results: int
    ) -> Page[tuple[GroupRecord, Membership]]:
        """ListJoinedGroupsForUser: the user's groups in joining order."""
        container = self._container(container_id)
        self._user(container_id, user_id)
        joined = container.groups_of(user_id)
        return paginate(joined, self._after(token), max_results, descending=False, seq=lambda pair: pair[1].seq)

    def _members_page(
        self, container_id: str, group_id: str, token: str | None, max_results: int, origin: str | None = None
    ) -> Page[tuple[UserRecord, Membership]]:
        """ListGroupMembers: the group's members in joining order, optionally of one user type."""
        container = self._container(container_id)
        group = self._group(container_id, group_id)
        members = [(container.users[m.user_id], m) for m in group.members.values()]
        if origin:
            members = [(user, m) for user, m in members if user.info[self.origin_field] == origin]
        return paginate(members, self._after(token), max_results, descending=False, seq=lambda pair: pair[1].seq)

    def _stamp(self, container_id: str, record: UserRecord) -> None:
        record.info["UpdateTime"] = self._now()
        self._changed(container_id, record.info["UserId"])

    def _changed(self, container_id: str, user_id: str | None = None) -> None:
        """Note a change of one user, or of the container's own settings when ``user_id`` is ``None``."""
        self._ctx.mutated((self.cloud, container_id, USER, user_id))

    def _group_changed(self, container_id: str, group_id: str) -> None:
        """Note a change of one group or its memberships."""
        self._ctx.mutated((self.cloud, container_id, GROUP, group_id))

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
        for container_id, item in data.items():
            self._adopt_legacy_groups(container_id, item.get("users", []))

    def _adopt_legacy_groups(self, container_id: str, users: list[dict[str, Any]]) -> None:
        """Older state files kept bare group ids on users: make them groups with members, so a
        user who was in a group still cannot be deleted."""
        for user in users:
            for group_id in user.get("groups", []):
                self._join_group(container_id, user["info"]["UserId"], group_id)

    def change_entry(self, container_id: str, kind: str, item_id: str | None) -> dict[str, Any]:
        """One change as a journal entry: the container's settings and the new record of the user or
        group (``None``: deleted)."""
        container = self._containers[container_id]
        entry: dict[str, Any] = {"cloud": self.cloud, "container": container_id, "settings": container.settings()}
        if item_id is not None:
            items: dict[str, Any] = container.users if kind == USER else container.groups
            record = items.get(item_id)
            entry[f"{kind}_id"] = item_id
            entry[kind] = None if record is None else record.to_dict()
        return entry

    def apply_entry(self, entry: dict[str, Any]) -> None:
        """Replay a :meth:`change_entry` (idempotent: it holds the end state, not a delta)."""
        container_id = entry["container"]
        container = self._containers.get(container_id)
        if container is None:
            container = self._containers[container_id] = Container(container_id, entry["settings"]["user_limit"])
        container.apply_settings(entry["settings"])
        if entry.get("user_id") is not None:
            _replace(container.users, entry["user_id"], entry["user"], UserRecord.from_dict)
        if entry.get("group_id") is not None:
            _replace(container.groups, entry["group_id"], entry["group"], GroupRecord.from_dict)


def _replace(
    items: dict[str, Any], item_id: str, data: dict[str, Any] | None, load: Callable[[dict[str, Any]], Any]
) -> None:
    if data is None:
        items.pop(item_id, None)
    else:
        items[item_id] = load(data)
