"""State model of Tencent Cloud Organization Identity Center (CIC) users, API 2021-03-31."""

from __future__ import annotations

import re
import string
from datetime import timedelta, timezone
from typing import Any

from ._store import STATUSES, Container, TencentError, UserContainers, UserRecord, locked, paginate

# The real per-zone user quota is not published in a form we could confirm;
# this is the fake's default and can be set per zone.
DEFAULT_TENCENT_USER_LIMIT = 1000

_CHINA_STANDARD_TIME = timezone(timedelta(hours=8))
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


class TencentIdentityCenter(UserContainers):
    """Fake of the user API of Tencent Cloud Organization Identity Center (CIC).

    Zones (Tencent calls them spaces) hold users. Timestamps are
    ``YYYY-MM-DD hh:mm:ss`` in China Standard Time (UTC+8), user ids are
    ``u-`` plus 12 lowercase letters/digits, like the real API.
    """

    cloud = "tencent"
    container_kind = "zone"
    user_object = "UserInfo"
    user_fields = _TENCENT_FIELDS
    status_field = "UserStatus"
    origin_field = "UserType"

    @property
    def zones(self) -> dict[str, Container]:
        """Zone id -> zone."""
        return self._containers

    # -- set-up and out-of-band helpers -------------------------------------
    # They read the zone directly: they also work while Identity Center is switched off.

    @locked
    def add_zone(
        self, zone_id: str, identity_center_open: bool = True, user_limit: int = DEFAULT_TENCENT_USER_LIMIT
    ) -> None:
        """Create a zone (or reconfigure an existing one, keeping its users)."""
        self._set_up(zone_id, user_limit).identity_center_open = identity_center_open
        self._changed(zone_id)

    @locked
    def add_user_to_group(self, zone_id: str, user_id: str, group_id: str) -> None:
        """Put a user in a group; DeleteUser then fails with ``InvalidParameter.UserAlreadyExistsGroup``."""
        self._join_group(zone_id, user_id, group_id)

    @locked
    def remove_user_from_group(self, zone_id: str, user_id: str, group_id: str) -> None:
        """Take a user out of a group."""
        self._leave_group(zone_id, user_id, group_id)

    @locked
    def add_role_assignment(self, zone_id: str, user_id: str) -> None:
        """Authorise a user on a member account; DeleteUser then fails with
        ``FailedOperation.RoleConfigurationAuthorizationExist``."""
        self._assign(zone_id, user_id)

    @locked
    def remove_role_assignments(self, zone_id: str, user_id: str) -> None:
        """Remove every role assignment of a user."""
        self._unassign_all(zone_id, user_id)

    @locked
    def modify_user(self, zone_id: str, user_id: str, **fields: Any) -> dict[str, Any]:
        """Change stored fields out of band (no validation), e.g. ``DisplayName="x"``.

        Bumps ``UpdateTime`` unless it is given. Returns the new ``UserInfo``.
        """
        return self._modify(zone_id, user_id, fields)

    @locked
    def remove_user(self, zone_id: str, user_id: str) -> None:
        """Delete a user out of band, ignoring groups, assignments and user type."""
        self._remove(self.zones[zone_id], user_id)

    @locked
    def find_user(self, zone_id: str, user_name: str) -> dict[str, Any] | None:
        """The ``UserInfo`` of the user with this exact name, or ``None``."""
        return self._find(self.zones[zone_id], user_name)

    @locked
    def users(self, zone_id: str) -> list[dict[str, Any]]:
        """Copies of every user's ``UserInfo`` in creation order."""
        return self._everyone(self.zones[zone_id])

    # -- API operations ------------------------------------------------------

    @locked
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
        zone = self._container(ZoneId)
        self._validate_new_user(zone, UserName, Email, UserStatus, UserType)
        profile = {"FirstName": FirstName, "LastName": LastName, "DisplayName": DisplayName}
        self._check_profile(profile | {"Description": Description, "Email": Email})
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
        self._changed(ZoneId, info["UserId"])
        return {**info, "Password": self._initial_password()}

    @locked
    def get_user(self, ZoneId: str, UserId: str) -> dict[str, Any]:
        """GetUser: ``UserInfo`` without ``Password``."""
        return dict(self._user(ZoneId, UserId).info)

    @locked
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
        changes = {
            "FirstName": NewFirstName,
            "LastName": NewLastName,
            "DisplayName": NewDisplayName,
            "Description": NewDescription,
            "Email": NewEmail,
            "NeedResetPassword": NeedResetPassword,
        }
        return dict(self._update(ZoneId, UserId, changes).info)

    @locked
    def update_user_status(self, ZoneId: str, UserId: str, NewUserStatus: str) -> None:
        """UpdateUserStatus: ``Enabled`` or ``Disabled``."""
        self._set_status(ZoneId, UserId, "NewUserStatus", NewUserStatus)

    @locked
    def delete_user(self, ZoneId: str, UserId: str) -> None:
        """DeleteUser: refused for synchronized users, group members and users with role assignments."""
        self._delete(ZoneId, UserId)

    @locked
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
        zone = self._container(ZoneId)
        limit = self._max_results(MaxResults)
        descending = self._descending(SortField, SortType)
        records = sorted(zone.users.values(), key=lambda r: r.seq, reverse=descending)
        records = [r for r in records if self._matches(r, UserStatus, UserType, Filter)]
        after = self._after(NextToken)
        skip = 0 if NextToken else self._offset(Offset)
        page = paginate(records, after, limit, descending, skip)
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
        chars = [rng.choice(pool) for pool in pools] + [
            rng.choice(string.ascii_letters + string.digits) for _ in range(12)
        ]
        rng.shuffle(chars)
        return "".join(chars)

    def _container(self, container_id: str) -> Container:
        zone = self.zones.get(container_id)
        if zone is None:
            raise TencentError("FailedOperation.ZoneIdNotExist", f"The zone {container_id} does not exist.")
        if not zone.identity_center_open:
            raise TencentError("FailedOperation.IdentityCenterNotOpen", "Identity Center is not enabled.")
        return zone

    def _shown(self, record: UserRecord) -> dict[str, Any]:
        return dict(record.info)

    def _validate_new_user(
        self, zone: Container, user_name: str, email: str | None, status: str | None, user_type: str | None
    ) -> None:
        if not isinstance(user_name, str) or not _TENCENT_USER_NAME.match(user_name):
            raise TencentError(
                "InvalidParameter.UsernameFormatError",
                "The user name must be 1-64 characters of letters, digits and + = , . @ - _.",
            )
        if status not in (None, *STATUSES):
            raise self._bad_status("UserStatus")
        if user_type not in (None, "Manual", "Synchronized"):
            raise TencentError("InvalidParameter.UserTypeError", "UserType must be Manual or Synchronized.")
        self._check_unique(zone, user_name, email)

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
    def _matches(record: UserRecord, status: str | None, user_type: str | None, text: str | None) -> bool:
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
    def _offset(offset: int | None) -> int:
        if offset is None:
            return 0
        if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
            raise _tencent_param_error("Offset must be a non-negative integer.")
        return offset

    # -- Tencent's error codes for the shared rules ----------------------------

    def _check_deletable(self, record: UserRecord) -> None:
        if record.groups:
            raise TencentError(
                "InvalidParameter.UserAlreadyExistsGroup",
                "The user still belongs to a user group and cannot be deleted.",
            )
        if record.assignments:
            raise TencentError(
                "FailedOperation.RoleConfigurationAuthorizationExist",
                "The user has been authorized on member accounts; remove the authorization first.",
            )

    def _user_missing(self, user_id: str) -> Exception:
        return TencentError("ResourceNotFound.UserNotExist", f"The user {user_id} does not exist.")

    def _name_in_use(self) -> Exception:
        return TencentError("InvalidParameter.UsernameAlreadyExists", "The user name already exists.")

    def _email_in_use(self) -> Exception:
        return TencentError("InvalidParameter.EmailAlreadyExists", "The email address already exists.")

    def _container_full(self) -> Exception:
        return TencentError("FailedOperation.UserOverUpperLimit", "The number of users reached the upper limit.")

    def _synchronized(self, verb: str) -> Exception:
        code = {"updated": "SynchronizedUserNotUpdate", "deleted": "SynchronizedUserNotDelete"}[verb]
        return TencentError(f"FailedOperation.{code}", f"A synchronized user cannot be {verb}.")

    def _bad_status(self, parameter: str) -> Exception:
        return _tencent_param_error(f"{parameter} must be Enabled or Disabled.")

    def _too_long(self, name: str, limit: int) -> Exception:
        if name == "Email":
            return self._bad_email()
        code = "InvalidParameter.DescriptionLengthOverlimit" if name == "Description" else "InvalidParameter.ParamError"
        return TencentError(code, f"{name} must be at most {limit} characters.")

    def _bad_email(self) -> Exception:
        return TencentError("InvalidParameter.InvalidEmail", "The email address is invalid.")

    def _bad_token(self) -> Exception:
        return TencentError("InvalidParameter.NextTokenInvalid", "The NextToken is invalid.")
