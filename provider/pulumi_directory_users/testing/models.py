"""State model of the fake clouds: pure Python rules, no HTTP.

:class:`FakeClouds` owns one :class:`TencentIdentityCenter` (Tencent Cloud
Organization Identity Center, API 2021-03-31) and one :class:`AlicloudCloudSSO`
(Alibaba Cloud CloudSSO, API 2021-05-15). Their API methods take the API's own
parameter names (``create_user(ZoneId=..., UserName=...)``) so the wire layer
can pass request parameters straight through, and they return the response
payload in the API's field names. Rule violations raise :class:`TencentError`
or :class:`AlicloudError` carrying the cloud's error code.

Besides the API operations, each cloud has helpers to set up conditions the
provider cannot create itself (group membership, role/access assignments,
SCIM-synchronised users) and to change state out of band (``modify_user``,
``remove_user``), the way an administrator clicking in the console would.

Everything is guarded by one re-entrant lock, ``FakeClouds.lock``, because the
emulator serves requests from several threads.
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
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

from .faults import ALICLOUD, TENCENT, Faults

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

# The real per-zone / per-directory user quotas are not published in a form we
# could confirm; these are the fakes' defaults and can be set per zone/directory.
DEFAULT_TENCENT_USER_LIMIT = 1000
DEFAULT_ALICLOUD_USER_LIMIT = 1000

ALICLOUD_MAX_TAGS = 20

STATE_FORMAT_VERSION = 1

_ID_ALPHABET = string.ascii_lowercase + string.digits
_CHINA_STANDARD_TIME = timezone(timedelta(hours=8))

_T = TypeVar("_T")


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


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class _Context:
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


def _locked(method: Callable[..., _T]) -> Callable[..., _T]:
    """Run a model method under the shared lock (keeps the signature for introspection)."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> _T:
        with self._ctx.lock:
            return method(self, *args, **kwargs)

    return wrapper


@dataclass
class _UserRecord:
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
    def from_dict(cls, data: dict[str, Any]) -> _UserRecord:
        tags = {tag["Key"]: tag["Value"] for tag in data.get("tags", [])}
        return cls(data["seq"], dict(data["info"]), set(data.get("groups", [])), data.get("assignments", 0), tags)


@dataclass
class _Container:
    """A Tencent zone or an Alibaba directory: users in creation order."""

    container_id: str
    user_limit: int
    identity_center_open: bool = True
    users: dict[str, _UserRecord] = field(default_factory=dict)
    next_seq: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "user_limit": self.user_limit,
            "identity_center_open": self.identity_center_open,
            "next_seq": self.next_seq,
            "users": [record.to_dict() for record in self.users.values()],
        }

    @classmethod
    def from_dict(cls, container_id: str, data: dict[str, Any]) -> _Container:
        records = [_UserRecord.from_dict(item) for item in data.get("users", [])]
        users = {record.info["UserId"]: record for record in records}
        return cls(container_id, data["user_limit"], data.get("identity_center_open", True), users, data["next_seq"])

    def add(self, info: dict[str, Any]) -> _UserRecord:
        record = _UserRecord(self.next_seq, info)
        self.next_seq += 1
        self.users[info["UserId"]] = record
        return record


# -- helpers shared by both clouds -------------------------------------------


def _check_length(value: str | None, limit: int, fail: Callable[[str], Exception], name: str) -> None:
    if value is not None and len(value) > limit:
        raise fail(f"{name} must be at most {limit} characters.")


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def _email_taken(container: _Container, email: str | None, except_user: str | None = None) -> bool:
    if not email:
        return False
    wanted = email.casefold()
    return any(
        (record.info.get("Email") or "").casefold() == wanted and user_id != except_user
        for user_id, record in container.users.items()
    )


def _name_taken(container: _Container, user_name: str) -> bool:
    return any(record.info["UserName"] == user_name for record in container.users.values())


def _encode_token(seq: int) -> str:
    return base64.urlsafe_b64encode(f"after:{seq}".encode()).decode()


def _decode_token(token: str) -> int | None:
    try:
        text = base64.urlsafe_b64decode(token.encode()).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    prefix, _, number = text.partition(":")
    return int(number) if prefix == "after" and number.isdigit() else None


@dataclass
class _Page:
    records: list[_UserRecord]
    total: int
    next_token: str | None


def _paginate(
    records: list[_UserRecord], after_seq: int | None, max_results: int, descending: bool, skip: int = 0
) -> _Page:
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
    return _Page(page, total, _encode_token(page[-1].seq) if truncated else None)


# -- Tencent Cloud Organization Identity Center -------------------------------

_TENCENT_USER_NAME = re.compile(r"^[0-9A-Za-z+=,.@_-]{1,64}$")
_TENCENT_FIELDS = (
    "UserName",
    "FirstName",
    "LastName",
    "DisplayName",
    "Description",
    "Email",
    "UserStatus",
    "UserType",
    "UserId",
    "CreateTime",
    "UpdateTime",
    "IsSelected",
    "NeedResetPassword",
)


def _tencent_param_error(message: str) -> TencentError:
    return TencentError("InvalidParameter.ParamError", message)


class TencentIdentityCenter:
    """Fake of the user API of Tencent Cloud Organization Identity Center (CIC).

    Zones (Tencent calls them spaces) hold users. Timestamps are
    ``YYYY-MM-DD hh:mm:ss`` in China Standard Time (UTC+8), user ids are
    ``u-`` plus 12 lowercase letters/digits, like the real API.
    """

    def __init__(self, ctx: _Context) -> None:
        self._ctx = ctx
        self.zones: dict[str, _Container] = {}

    # -- set-up and out-of-band helpers -------------------------------------

    @_locked
    def add_zone(
        self, zone_id: str, identity_center_open: bool = True, user_limit: int = DEFAULT_TENCENT_USER_LIMIT
    ) -> None:
        """Create a zone (or reconfigure an existing one, keeping its users)."""
        zone = self.zones.get(zone_id)
        if zone is None:
            self.zones[zone_id] = _Container(zone_id, user_limit, identity_center_open)
        else:
            zone.user_limit, zone.identity_center_open = user_limit, identity_center_open
        self._ctx.mutated()

    @_locked
    def add_user_to_group(self, zone_id: str, user_id: str, group_id: str) -> None:
        """Put a user in a group; DeleteUser then fails with ``InvalidParameter.UserAlreadyExistsGroup``."""
        self._record(zone_id, user_id).groups.add(group_id)
        self._ctx.mutated()

    @_locked
    def remove_user_from_group(self, zone_id: str, user_id: str, group_id: str) -> None:
        """Take a user out of a group."""
        self._record(zone_id, user_id).groups.discard(group_id)
        self._ctx.mutated()

    @_locked
    def add_role_assignment(self, zone_id: str, user_id: str) -> None:
        """Authorise a user on a member account; DeleteUser then fails with
        ``FailedOperation.RoleConfigurationAuthorizationExist``."""
        self._record(zone_id, user_id).assignments += 1
        self._ctx.mutated()

    @_locked
    def remove_role_assignments(self, zone_id: str, user_id: str) -> None:
        """Remove every role assignment of a user."""
        self._record(zone_id, user_id).assignments = 0
        self._ctx.mutated()

    @_locked
    def modify_user(self, zone_id: str, user_id: str, **fields: Any) -> dict[str, Any]:
        """Change stored fields out of band (no validation), e.g. ``DisplayName="x"``.

        Bumps ``UpdateTime`` unless it is given. Returns the new ``UserInfo``.
        """
        record = self._record(zone_id, user_id)
        unknown = set(fields) - set(_TENCENT_FIELDS)
        if unknown:
            raise KeyError(f"not UserInfo fields: {sorted(unknown)}")
        record.info.update(fields)
        if "UpdateTime" not in fields:
            record.info["UpdateTime"] = self._now()
        self._ctx.mutated()
        return dict(record.info)

    @_locked
    def remove_user(self, zone_id: str, user_id: str) -> None:
        """Delete a user out of band, ignoring groups, assignments and user type."""
        del self._zone(zone_id).users[user_id]
        self._ctx.mutated()

    @_locked
    def find_user(self, zone_id: str, user_name: str) -> dict[str, Any] | None:
        """The ``UserInfo`` of the user with this exact name, or ``None``."""
        for record in self._zone(zone_id).users.values():
            if record.info["UserName"] == user_name:
                return dict(record.info)
        return None

    @_locked
    def users(self, zone_id: str) -> list[dict[str, Any]]:
        """Copies of every user's ``UserInfo`` in creation order."""
        return [dict(record.info) for record in self._zone(zone_id).users.values()]

    # -- API operations ------------------------------------------------------

    @_locked
    def create_user(
        self,
        ZoneId: str,
        UserName: str,
        FirstName: str | None = None,
        LastName: str | None = None,
        DisplayName: str | None = None,
        Description: str | None = None,
        Email: str | None = None,
        UserStatus: str | None = None,
        UserType: str | None = None,
        NeedResetPassword: bool | None = None,
    ) -> dict[str, Any]:
        """CreateUser: returns ``UserInfo`` with all 14 fields, including the one-time ``Password``."""
        zone = self._zone(ZoneId)
        self._validate_new_user(zone, UserName, Email, UserStatus, UserType)
        self._validate_profile(FirstName, LastName, DisplayName, Description, Email)
        now = self._now()
        info: dict[str, Any] = {
            "UserName": UserName,
            "FirstName": FirstName or "",
            "LastName": LastName or "",
            "DisplayName": DisplayName or "",
            "Description": Description or "",
            "Email": Email or "",
            "UserStatus": UserStatus or "Enabled",
            "UserType": UserType or "Manual",
            "UserId": self._ctx.random_id("u-", 12, zone.users),
            "CreateTime": now,
            "UpdateTime": now,
            "IsSelected": False,
            "NeedResetPassword": bool(NeedResetPassword),
        }
        zone.add(info)
        self._ctx.mutated()
        return {**info, "Password": self._initial_password()}

    @_locked
    def get_user(self, ZoneId: str, UserId: str) -> dict[str, Any]:
        """GetUser: ``UserInfo`` without ``Password``."""
        return dict(self._user(ZoneId, UserId).info)

    @_locked
    def update_user(
        self,
        ZoneId: str,
        UserId: str,
        NewFirstName: str | None = None,
        NewLastName: str | None = None,
        NewDisplayName: str | None = None,
        NewDescription: str | None = None,
        NewEmail: str | None = None,
        NeedResetPassword: bool | None = None,
    ) -> dict[str, Any]:
        """UpdateUser: omitted fields are kept, ``""`` clears a field. Returns ``UserInfo``."""
        zone = self._zone(ZoneId)
        record = self._user(ZoneId, UserId)
        self._refuse_synchronized(record, "FailedOperation.SynchronizedUserNotUpdate", "updated")
        self._validate_profile(NewFirstName, NewLastName, NewDisplayName, NewDescription, NewEmail)
        if _email_taken(zone, NewEmail, except_user=UserId):
            raise TencentError("InvalidParameter.EmailAlreadyExists", "The email address already exists.")
        changes = {
            "FirstName": NewFirstName,
            "LastName": NewLastName,
            "DisplayName": NewDisplayName,
            "Description": NewDescription,
            "Email": NewEmail,
            "NeedResetPassword": NeedResetPassword,
        }
        record.info.update({k: v for k, v in changes.items() if v is not None})
        record.info["UpdateTime"] = self._now()
        self._ctx.mutated()
        return dict(record.info)

    @_locked
    def update_user_status(self, ZoneId: str, UserId: str, NewUserStatus: str) -> None:
        """UpdateUserStatus: ``Enabled`` or ``Disabled``."""
        record = self._user(ZoneId, UserId)
        if NewUserStatus not in ("Enabled", "Disabled"):
            raise _tencent_param_error("NewUserStatus must be Enabled or Disabled.")
        self._refuse_synchronized(record, "FailedOperation.SynchronizedUserNotUpdate", "updated")
        record.info["UserStatus"] = NewUserStatus
        record.info["UpdateTime"] = self._now()
        self._ctx.mutated()

    @_locked
    def delete_user(self, ZoneId: str, UserId: str) -> None:
        """DeleteUser: refused for synchronized users, group members and users with role assignments."""
        record = self._user(ZoneId, UserId)
        self._refuse_synchronized(record, "FailedOperation.SynchronizedUserNotDelete", "deleted")
        if record.groups:
            raise TencentError(
                "InvalidParameter.UserAlreadyExistsGroup", "The user still belongs to a user group and cannot be deleted."
            )
        if record.assignments:
            raise TencentError(
                "FailedOperation.RoleConfigurationAuthorizationExist",
                "The user has been authorized on member accounts; remove the authorization first.",
            )
        del self.zones[ZoneId].users[UserId]
        self._ctx.mutated()

    @_locked
    def list_users(
        self,
        ZoneId: str,
        UserStatus: str | None = None,
        UserType: str | None = None,
        Filter: str | None = None,
        MaxResults: int | None = None,
        NextToken: str | None = None,
        FilterGroups: list[str] | None = None,
        SortField: str | None = None,
        SortType: str | None = None,
        Offset: int | None = None,
    ) -> dict[str, Any]:
        """ListUsers: ``Filter`` is a case-insensitive substring of user name, email, user id or description."""
        zone = self._zone(ZoneId)
        limit = self._max_results(MaxResults)
        descending = self._descending(SortField, SortType)
        records = sorted(zone.users.values(), key=lambda r: r.seq, reverse=descending)
        records = [r for r in records if self._matches(r, UserStatus, UserType, Filter)]
        after = self._after(NextToken)
        skip = 0 if NextToken else self._offset(Offset)
        page = _paginate(records, after, limit, descending, skip)
        selected = set(FilterGroups or [])
        return {
            "Users": [{**r.info, "IsSelected": bool(r.groups & selected)} for r in page.records],
            "TotalCounts": page.total,
            "MaxResults": limit,
            "NextToken": page.next_token or "",
            "IsTruncated": page.next_token is not None,
        }

    # -- internals -----------------------------------------------------------

    def _now(self) -> str:
        return self._ctx.clock().astimezone(_CHINA_STANDARD_TIME).strftime("%Y-%m-%d %H:%M:%S")

    def _initial_password(self) -> str:
        rng = self._ctx.rng
        pools = (string.ascii_uppercase, string.ascii_lowercase, string.digits, "!@#$%^&*")
        chars = [rng.choice(pool) for pool in pools] + [rng.choice(string.ascii_letters + string.digits) for _ in range(12)]
        rng.shuffle(chars)
        return "".join(chars)

    def _zone(self, zone_id: str) -> _Container:
        zone = self.zones.get(zone_id)
        if zone is None:
            raise TencentError("FailedOperation.ZoneIdNotExist", f"The zone {zone_id} does not exist.")
        if not zone.identity_center_open:
            raise TencentError("FailedOperation.IdentityCenterNotOpen", "Identity Center is not enabled.")
        return zone

    def _user(self, zone_id: str, user_id: str) -> _UserRecord:
        record = self._zone(zone_id).users.get(user_id)
        if record is None:
            raise TencentError("ResourceNotFound.UserNotExist", f"The user {user_id} does not exist.")
        return record

    def _record(self, zone_id: str, user_id: str) -> _UserRecord:
        try:
            return self.zones[zone_id].users[user_id]
        except KeyError:
            raise KeyError(f"no user {user_id} in zone {zone_id}") from None

    @staticmethod
    def _refuse_synchronized(record: _UserRecord, code: str, verb: str) -> None:
        if record.info["UserType"] == "Synchronized":
            raise TencentError(code, f"A synchronized user cannot be {verb}.")

    def _validate_new_user(
        self, zone: _Container, user_name: str, email: str | None, status: str | None, user_type: str | None
    ) -> None:
        if not isinstance(user_name, str) or not _TENCENT_USER_NAME.match(user_name):
            raise TencentError(
                "InvalidParameter.UsernameFormatError",
                "The user name must be 1-64 characters of letters, digits and + = , . @ - _.",
            )
        if status not in (None, "Enabled", "Disabled"):
            raise _tencent_param_error("UserStatus must be Enabled or Disabled.")
        if user_type not in (None, "Manual", "Synchronized"):
            raise TencentError("InvalidParameter.UserTypeError", "UserType must be Manual or Synchronized.")
        if _name_taken(zone, user_name):
            raise TencentError("InvalidParameter.UsernameAlreadyExists", "The user name already exists.")
        if _email_taken(zone, email):
            raise TencentError("InvalidParameter.EmailAlreadyExists", "The email address already exists.")
        if len(zone.users) >= zone.user_limit:
            raise TencentError("FailedOperation.UserOverUpperLimit", "The number of users reached the upper limit.")

    @staticmethod
    def _validate_profile(
        first: str | None, last: str | None, display: str | None, description: str | None, email: str | None
    ) -> None:
        _check_length(first, 64, _tencent_param_error, "FirstName")
        _check_length(last, 64, _tencent_param_error, "LastName")
        _check_length(display, 256, _tencent_param_error, "DisplayName")
        _check_length(
            description, 1024, lambda m: TencentError("InvalidParameter.DescriptionLengthOverlimit", m), "Description"
        )
        if email and (len(email) > 128 or not _EMAIL.match(email)):
            raise TencentError("InvalidParameter.InvalidEmail", "The email address is invalid.")

    @staticmethod
    def _max_results(value: int | None) -> int:
        if value is None:
            return 10
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 100:
            raise _tencent_param_error("MaxResults must be an integer from 1 to 100.")
        return value

    @staticmethod
    def _descending(sort_field: str | None, sort_type: str | None) -> bool:
        if sort_field not in (None, "", "CreateTime"):
            raise _tencent_param_error("SortField must be CreateTime.")
        if sort_type not in (None, "", "Asc", "Desc"):
            raise _tencent_param_error("SortType must be Asc or Desc.")
        return sort_type == "Desc"

    @staticmethod
    def _matches(record: _UserRecord, status: str | None, user_type: str | None, text: str | None) -> bool:
        info = record.info
        if status and info["UserStatus"] != status:
            return False
        if user_type and info["UserType"] != user_type:
            return False
        if not text:
            return True
        needle = text.casefold()
        haystack = (info["UserName"], info["Email"], info["UserId"], info["Description"])
        return any(needle in value.casefold() for value in haystack)

    @staticmethod
    def _after(token: str | None) -> int | None:
        if not token:
            return None
        seq = _decode_token(token)
        if seq is None:
            raise TencentError("InvalidParameter.NextTokenInvalid", "The NextToken is invalid.")
        return seq

    @staticmethod
    def _offset(offset: int | None) -> int:
        if offset is None:
            return 0
        if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
            raise _tencent_param_error("Offset must be a non-negative integer.")
        return offset

    def to_dict(self) -> dict[str, Any]:
        return {zone_id: zone.to_dict() for zone_id, zone in self.zones.items()}

    def load_dict(self, data: dict[str, Any]) -> None:
        self.zones = {zone_id: _Container.from_dict(zone_id, item) for zone_id, item in data.items()}


# -- Alibaba Cloud CloudSSO ---------------------------------------------------

_ALICLOUD_USER_NAME_CHARS = re.compile(r"^[0-9A-Za-z_.@-]+$")
_ALICLOUD_FIELDS = (
    "UserId",
    "UserName",
    "FirstName",
    "LastName",
    "DisplayName",
    "Description",
    "Email",
    "Status",
    "ProvisionType",
    "CreateTime",
    "UpdateTime",
    "ExternalId",
)
_ALICLOUD_FILTER = re.compile(r"^\s*UserName\s+(eq|sw)\s+(.+?)\s*$")


def _alicloud_invalid(code: str, message: str) -> AlicloudError:
    return AlicloudError(code, message, 400)


class AlicloudCloudSSO:
    """Fake of the user API of Alibaba Cloud CloudSSO, including user tags.

    Directories hold users. Timestamps are ISO-8601 UTC
    (``2021-10-26T03:03:42Z``), user ids ``u-`` plus 20 lowercase
    letters/digits, like the real API.
    """

    def __init__(self, ctx: _Context) -> None:
        self._ctx = ctx
        self.directories: dict[str, _Container] = {}

    # -- set-up and out-of-band helpers -------------------------------------

    @_locked
    def add_directory(self, directory_id: str, user_limit: int = DEFAULT_ALICLOUD_USER_LIMIT) -> None:
        """Create a directory (or change the user limit of an existing one)."""
        directory = self.directories.get(directory_id)
        if directory is None:
            self.directories[directory_id] = _Container(directory_id, user_limit)
        else:
            directory.user_limit = user_limit
        self._ctx.mutated()

    @_locked
    def add_user_to_group(self, directory_id: str, user_id: str, group_id: str) -> None:
        """Put a user in a group; DeleteUser then fails with ``DeletionConflict.User.Group``."""
        self._record(directory_id, user_id).groups.add(group_id)
        self._ctx.mutated()

    @_locked
    def remove_user_from_group(self, directory_id: str, user_id: str, group_id: str) -> None:
        """Take a user out of a group."""
        self._record(directory_id, user_id).groups.discard(group_id)
        self._ctx.mutated()

    @_locked
    def add_access_assignment(self, directory_id: str, user_id: str) -> None:
        """Grant the user access to an account; DeleteUser then fails with
        ``DeletionConflict.User.AccessAssigment`` (sic)."""
        self._record(directory_id, user_id).assignments += 1
        self._ctx.mutated()

    @_locked
    def remove_access_assignments(self, directory_id: str, user_id: str) -> None:
        """Remove every access assignment of a user."""
        self._record(directory_id, user_id).assignments = 0
        self._ctx.mutated()

    @_locked
    def create_synchronized_user(
        self, directory_id: str, user_name: str, external_id: str | None = None, **fields: Any
    ) -> dict[str, Any]:
        """Create a user as SCIM synchronisation would (``ProvisionType`` ``Synchronized``).

        Such users cannot be updated or deleted through the API. ``fields`` may
        set ``Email``, ``DisplayName`` etc. Returns the user as GetUser shows it.
        """
        directory = self._directory(directory_id)
        info = self._new_info(directory, user_name, fields.pop("Status", None) or "Enabled", fields)
        info["ProvisionType"] = "Synchronized"
        info["ExternalId"] = {"Id": external_id or self._ctx.random_id("", 32, ()), "Issuer": "SCIM"}
        directory.add(info)
        self._ctx.mutated()
        return self._view(directory.users[info["UserId"]], tags=True)

    @_locked
    def modify_user(self, directory_id: str, user_id: str, **fields: Any) -> dict[str, Any]:
        """Change stored fields out of band (no validation), e.g. ``Email="x@y"``.

        Bumps ``UpdateTime`` unless it is given. Returns the user as GetUser shows it.
        """
        record = self._record(directory_id, user_id)
        unknown = set(fields) - set(_ALICLOUD_FIELDS)
        if unknown:
            raise KeyError(f"not User fields: {sorted(unknown)}")
        record.info.update(fields)
        if "UpdateTime" not in fields:
            record.info["UpdateTime"] = self._now()
        self._ctx.mutated()
        return self._view(record, tags=True)

    @_locked
    def set_tags_out_of_band(self, directory_id: str, user_id: str, tags: dict[str, str]) -> None:
        """Replace a user's tags without any validation."""
        self._record(directory_id, user_id).tags = dict(tags)
        self._ctx.mutated()

    @_locked
    def remove_user(self, directory_id: str, user_id: str) -> None:
        """Delete a user out of band, ignoring groups, assignments and provisioning type."""
        del self._directory(directory_id).users[user_id]
        self._ctx.mutated()

    @_locked
    def find_user(self, directory_id: str, user_name: str) -> dict[str, Any] | None:
        """The user with this exact name as GetUser shows it, or ``None``."""
        for record in self._directory(directory_id).users.values():
            if record.info["UserName"] == user_name:
                return self._view(record, tags=True)
        return None

    @_locked
    def users(self, directory_id: str) -> list[dict[str, Any]]:
        """Every user as GetUser shows it, in creation order."""
        return [self._view(record, tags=True) for record in self._directory(directory_id).users.values()]

    # -- API operations ------------------------------------------------------

    @_locked
    def create_user(
        self,
        DirectoryId: str,
        UserName: str,
        FirstName: str | None = None,
        LastName: str | None = None,
        DisplayName: str | None = None,
        Description: str | None = None,
        Email: str | None = None,
        Status: str | None = None,
        Tags: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        """CreateUser: returns ``User`` including ``Tags``."""
        directory = self._directory(DirectoryId)
        self._validate_user_name(UserName)
        if Status not in (None, "Enabled", "Disabled"):
            raise _alicloud_invalid("InvalidParameter.Status", "Status must be Enabled or Disabled.")
        tags = self._validate_tags({}, Tags or [])
        profile = {"FirstName": FirstName, "LastName": LastName, "DisplayName": DisplayName}
        profile |= {"Description": Description, "Email": Email}
        self._validate_profile(profile)
        self._check_unique(directory, UserName, Email)
        info = self._new_info(directory, UserName, Status or "Enabled", profile)
        record = directory.add(info)
        record.tags = tags
        self._ctx.mutated()
        return self._view(record, tags=True, external=False)

    @_locked
    def get_user(self, DirectoryId: str, UserId: str) -> dict[str, Any]:
        """GetUser: ``User`` with ``Tags``, plus ``ExternalId`` for SCIM-synchronised users."""
        return self._view(self._user(DirectoryId, UserId), tags=True)

    @_locked
    def update_user(
        self,
        DirectoryId: str,
        UserId: str,
        NewFirstName: str | None = None,
        NewLastName: str | None = None,
        NewDisplayName: str | None = None,
        NewDescription: str | None = None,
        NewEmail: str | None = None,
    ) -> dict[str, Any]:
        """UpdateUser: omitted fields are kept, ``""`` clears a field. Returns ``User`` without ``Tags``."""
        directory = self._directory(DirectoryId)
        record = self._user(DirectoryId, UserId)
        self._refuse_synchronized(record, "updated")
        changes = {"FirstName": NewFirstName, "LastName": NewLastName, "DisplayName": NewDisplayName}
        changes |= {"Description": NewDescription, "Email": NewEmail}
        self._validate_profile(changes)
        if _email_taken(directory, NewEmail, except_user=UserId):
            raise AlicloudError("EntityAlreadyExists.User.Email", "The email address already exists.", 409)
        record.info.update({k: v for k, v in changes.items() if v is not None})
        record.info["UpdateTime"] = self._now()
        self._ctx.mutated()
        return self._view(record, tags=False, external=False)

    @_locked
    def update_user_status(self, DirectoryId: str, UserId: str, NewStatus: str) -> None:
        """UpdateUserStatus: ``Enabled`` or ``Disabled``."""
        record = self._user(DirectoryId, UserId)
        if NewStatus not in ("Enabled", "Disabled"):
            raise _alicloud_invalid("InvalidParameter.NewStatus", "NewStatus must be Enabled or Disabled.")
        self._refuse_synchronized(record, "updated")
        record.info["Status"] = NewStatus
        record.info["UpdateTime"] = self._now()
        self._ctx.mutated()

    @_locked
    def delete_user(self, DirectoryId: str, UserId: str) -> None:
        """DeleteUser: refused for SCIM users, users with access assignments and group members."""
        record = self._user(DirectoryId, UserId)
        self._refuse_synchronized(record, "deleted")
        if record.assignments:
            raise AlicloudError(
                "DeletionConflict.User.AccessAssigment", "The user still has access assignments.", 409
            )
        if record.groups:
            raise AlicloudError("DeletionConflict.User.Group", "The user still belongs to groups.", 409)
        del self.directories[DirectoryId].users[UserId]
        self._ctx.mutated()

    @_locked
    def list_users(
        self,
        DirectoryId: str,
        Filter: str | None = None,
        MaxResults: int | None = None,
        NextToken: str | None = None,
        ProvisionType: str | None = None,
        Status: str | None = None,
        Tags: list[dict[str, str]] | None = None,
    ) -> dict[str, Any]:
        """ListUsers: ``Filter`` is ``UserName eq <name>`` or ``UserName sw <prefix>``."""
        directory = self._directory(DirectoryId)
        limit = self._max_results(MaxResults)
        name_filter = self._parse_filter(Filter)
        wanted_tags = {tag.get("Key", ""): tag.get("Value", "") for tag in Tags or []}
        records = [
            r for r in directory.users.values() if self._matches(r, name_filter, ProvisionType, Status, wanted_tags)
        ]
        after = None
        if NextToken:
            after = _decode_token(NextToken)
            if after is None:
                raise _alicloud_invalid("InvalidParameter.NextToken", "The NextToken is invalid.")
        page = _paginate(records, after, limit, descending=False)
        result: dict[str, Any] = {
            "Users": [self._view(r, tags=True) for r in page.records],
            "TotalCounts": page.total,
            "MaxResults": limit,
            "IsTruncated": page.next_token is not None,
        }
        if page.next_token:
            result["NextToken"] = page.next_token
        return result

    @_locked
    def tag_resources(
        self, DirectoryId: str, ResourceType: str, ResourceId: list[str], Tag: list[dict[str, str]]
    ) -> None:
        """TagResources: add or overwrite tags on users (``ResourceType`` ``user``)."""
        records = self._tag_targets(DirectoryId, ResourceType, ResourceId)
        if not Tag:
            raise AlicloudError("MissingTag", "Tag is mandatory for this action.", 400)
        updated = [self._validate_tags(record.tags, Tag) for record in records]
        for record, tags in zip(records, updated):
            record.tags = tags
        self._ctx.mutated()

    @_locked
    def untag_resources(
        self, DirectoryId: str, ResourceType: str, ResourceId: list[str], TagKey: list[str] | None = None
    ) -> None:
        """UntagResources: remove tag keys from users; unknown keys are ignored."""
        records = self._tag_targets(DirectoryId, ResourceType, ResourceId)
        for record in records:
            for key in TagKey or []:
                record.tags.pop(key, None)
        self._ctx.mutated()

    # -- internals -----------------------------------------------------------

    def _now(self) -> str:
        return self._ctx.clock().astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def _directory(self, directory_id: str) -> _Container:
        directory = self.directories.get(directory_id)
        if directory is None:
            raise AlicloudError("EntityNotExists.Directory", f"The directory {directory_id} does not exist.", 404)
        return directory

    def _user(self, directory_id: str, user_id: str) -> _UserRecord:
        record = self._directory(directory_id).users.get(user_id)
        if record is None:
            raise AlicloudError("EntityNotExists.User", f"The user {user_id} does not exist.", 404)
        return record

    def _record(self, directory_id: str, user_id: str) -> _UserRecord:
        try:
            return self.directories[directory_id].users[user_id]
        except KeyError:
            raise KeyError(f"no user {user_id} in directory {directory_id}") from None

    def _new_info(self, directory: _Container, user_name: str, status: str, profile: dict[str, Any]) -> dict[str, Any]:
        now = self._now()
        return {
            "UserId": self._ctx.random_id("u-", 20, directory.users),
            "UserName": user_name,
            "FirstName": profile.get("FirstName") or "",
            "LastName": profile.get("LastName") or "",
            "DisplayName": profile.get("DisplayName") or "",
            "Description": profile.get("Description") or "",
            "Email": profile.get("Email") or "",
            "Status": status,
            "ProvisionType": "Manual",
            "CreateTime": now,
            "UpdateTime": now,
        }

    @staticmethod
    def _view(record: _UserRecord, tags: bool, external: bool = True) -> dict[str, Any]:
        view = {k: v for k, v in record.info.items() if k != "ExternalId"}
        if external and "ExternalId" in record.info:
            view["ExternalId"] = dict(record.info["ExternalId"])
        if tags:
            view["Tags"] = [{"Key": k, "Value": v} for k, v in record.tags.items()]
        return view

    @staticmethod
    def _refuse_synchronized(record: _UserRecord, verb: str) -> None:
        # Code chosen by the fake: the API documents the rule, not the code.
        if record.info["ProvisionType"] == "Synchronized":
            raise AlicloudError(
                "OperationConflict.User.Synchronized", f"A user synchronized by SCIM cannot be {verb}.", 409
            )

    @staticmethod
    def _validate_user_name(user_name: str) -> None:
        if not isinstance(user_name, str) or not 1 <= len(user_name) <= 64:
            raise _alicloud_invalid("InvalidParameter.UserName.Length", "UserName must be 1-64 characters.")
        if not _ALICLOUD_USER_NAME_CHARS.match(user_name):
            raise _alicloud_invalid(
                "InvalidParameter.UserName.InvalidChars", "UserName may contain letters, digits and _ . @ - only."
            )

    @staticmethod
    def _validate_profile(profile: dict[str, str | None]) -> None:
        limits = {"FirstName": 64, "LastName": 64, "DisplayName": 256, "Description": 1024, "Email": 128}
        for name, limit in limits.items():
            value = profile.get(name)
            if value is not None and len(value) > limit:
                raise _alicloud_invalid(f"InvalidParameter.{name}.Length", f"{name} must be at most {limit} characters.")
        email = profile.get("Email")
        if email and not _EMAIL.match(email):
            raise _alicloud_invalid("InvalidParameter.Email.Format", "The email address is invalid.")

    @staticmethod
    def _check_unique(directory: _Container, user_name: str, email: str | None) -> None:
        if _name_taken(directory, user_name):
            raise AlicloudError("EntityAlreadyExists.User", "The user name already exists.", 409)
        if _email_taken(directory, email):
            raise AlicloudError("EntityAlreadyExists.User.Email", "The email address already exists.", 409)
        if len(directory.users) >= directory.user_limit:
            raise AlicloudError("LimitExceeded.User", "The number of users exceeds the quota.", 409)

    @staticmethod
    def _validate_tags(current: dict[str, str], new: list[dict[str, str]]) -> dict[str, str]:
        """The tags after upserting ``new`` into ``current``; raises on a broken rule."""
        merged = dict(current)
        for tag in new:
            key, value = tag.get("Key"), tag.get("Value") or ""
            _validate_tag(key, value)
            merged[key] = value  # type: ignore[index]
        if len(merged) > ALICLOUD_MAX_TAGS:
            raise _alicloud_invalid("QuotaExceeded.Tag", f"A user can have at most {ALICLOUD_MAX_TAGS} tags.")
        return merged

    def _tag_targets(self, directory_id: str, resource_type: str, resource_ids: list[str]) -> list[_UserRecord]:
        if resource_type != "user":
            raise _alicloud_invalid("InvalidParameter.ResourceType", "ResourceType must be user.")
        if not resource_ids:
            raise AlicloudError("MissingResourceId", "ResourceId is mandatory for this action.", 400)
        return [self._user(directory_id, user_id) for user_id in resource_ids]

    @staticmethod
    def _max_results(value: int | None) -> int:
        if value is None:
            return 10
        if not 1 <= value <= 100:
            raise _alicloud_invalid("InvalidParameter.MaxResults", "MaxResults must be from 1 to 100.")
        return value

    @staticmethod
    def _parse_filter(text: str | None) -> tuple[str, str] | None:
        if not text:
            return None
        match = _ALICLOUD_FILTER.match(text)
        if match is None:
            raise _alicloud_invalid("InvalidParameter.Filter", "Filter must be 'UserName eq <v>' or 'UserName sw <v>'.")
        return match.group(1), match.group(2).strip("'\"")

    @staticmethod
    def _matches(
        record: _UserRecord,
        name_filter: tuple[str, str] | None,
        provision_type: str | None,
        status: str | None,
        tags: dict[str, str],
    ) -> bool:
        info = record.info
        if name_filter is not None:
            operator, value = name_filter
            name = info["UserName"]
            if (operator == "eq" and name != value) or (operator == "sw" and not name.startswith(value)):
                return False
        if provision_type and info["ProvisionType"] != provision_type:
            return False
        if status and info["Status"] != status:
            return False
        return all(record.tags.get(key) == value for key, value in tags.items())

    def to_dict(self) -> dict[str, Any]:
        return {directory_id: d.to_dict() for directory_id, d in self.directories.items()}

    def load_dict(self, data: dict[str, Any]) -> None:
        self.directories = {key: _Container.from_dict(key, item) for key, item in data.items()}


def _validate_tag(key: str | None, value: str) -> None:
    if not key or len(key) > 128:
        raise _alicloud_invalid("InvalidParameter.TagKey", "A tag key must be 1-128 characters.")
    lowered = key.lower()
    if lowered.startswith(("aliyun", "acs:")) or "http://" in lowered or "https://" in lowered:
        raise _alicloud_invalid(
            "InvalidParameter.TagKey", "A tag key must not start with aliyun or acs: and must not contain http(s)://."
        )
    if len(value) > 128:
        raise _alicloud_invalid("InvalidParameter.TagValue", "A tag value must be at most 128 characters.")


# -- both clouds ----------------------------------------------------------------


class FakeClouds:
    """In-memory Tencent Identity Center and Alibaba CloudSSO, plus keys, faults and a call log.

    Args:
        seed: add the default access keys (:data:`TENCENT_SECRET_ID`,
            :data:`ALICLOUD_ACCESS_KEY_ID`), the zone :data:`TENCENT_ZONE_ID`
            and the directory :data:`ALICLOUD_DIRECTORY_ID`.
        clock: returns the current time as an aware ``datetime``. Used for
            timestamps and for signature freshness; replace it to move time.
        fault_seed: seed of the RNG behind the probabilistic faults.

    Attributes:
        tencent: the Tencent Identity Center model.
        alicloud: the Alibaba CloudSSO model.
        keys: accepted access key id -> secret, shared by both clouds.
        faults: failure injection, see :class:`~.faults.Faults`.
        calls: every request received, in order (:class:`RecordedCall`).
    """

    def __init__(
        self, seed: bool = True, *, clock: Callable[[], datetime] | None = None, fault_seed: int | None = None
    ) -> None:
        self._ctx = _Context(clock or _utcnow)
        self.tencent = TencentIdentityCenter(self._ctx)
        self.alicloud = AlicloudCloudSSO(self._ctx)
        self.keys: dict[str, str] = {}
        self.faults = Faults(seed=fault_seed)
        self.calls: list[RecordedCall] = []
        if seed:
            self.seed_defaults()

    @property
    def lock(self) -> threading.RLock:
        """The lock guarding all state; hold it to read or change several things atomically."""
        return self._ctx.lock  # type: ignore[return-value]

    @property
    def clock(self) -> Callable[[], datetime]:
        """The clock used for timestamps and signature freshness."""
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

    def record(self, call: RecordedCall) -> None:
        """Append a call to :attr:`calls` (used by the wire layer)."""
        with self.lock:
            self.calls.append(call)

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
