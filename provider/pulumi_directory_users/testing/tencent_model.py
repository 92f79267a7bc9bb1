"""State model of Tencent Cloud Organization Identity Center (CIC) users, API 2021-03-31."""

from __future__ import annotations

import re
from datetime import timedelta, timezone
from typing import Any

from ._store import (
    STATUSES,
    Container,
    GroupRecord,
    Membership,
    TencentError,
    UserContainers,
    UserRecord,
    locked,
    paginate,
    random_password,
)

# The real per-zone user quota is not published in a form we could confirm;
# this is the fake's default and can be set per zone.
DEFAULT_TENCENT_USER_LIMIT = 1000

_CHINA_STANDARD_TIME = timezone(timedelta(hours=8))
_TENCENT_USER_NAME = re.compile(r"^[0-9A-Za-z+=,.@_-]{1,64}$")
_TENCENT_GROUP_NAME_CHARS = re.compile(r"^[0-9A-Za-z-]+$")
_GROUP_TYPES = ("Manual", "Synchronized")
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

    Zones (Tencent calls them spaces) hold users and groups. Timestamps are
    ``YYYY-MM-DD hh:mm:ss`` in China Standard Time (UTC+8), user and group ids
    are ``u-`` / ``g-`` plus 12 lowercase letters/digits, like the real API.
    """

    cloud = "tencent"
    container_kind = "zone"
    user_object = "UserInfo"
    user_fields = _TENCENT_FIELDS
    status_field = "UserStatus"
    origin_field = "UserType"
    group_origin_field = "GroupType"
    group_id_length = 12
    group_name_chars = _TENCENT_GROUP_NAME_CHARS

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
        """Put a user in a group (created, named as its id, if there is none); DeleteUser then
        fails with ``InvalidParameter.UserAlreadyExistsGroup``."""
        self._join_group(zone_id, user_id, group_id)

    @locked
    def remove_user_from_group(self, zone_id: str, user_id: str, group_id: str) -> None:
        """Take a user out of a group (nothing happens if it is not a member)."""
        self._leave_group(zone_id, user_id, group_id)

    @locked
    def modify_group(self, zone_id: str, group_id: str, **fields: Any) -> dict[str, Any]:
        """Change stored group fields out of band (no validation), e.g. ``GroupName="x"``; returns the group."""
        return self._modify_group(zone_id, group_id, fields)

    @locked
    def remove_group(self, zone_id: str, group_id: str) -> None:
        """Delete a group out of band, ignoring members and assignments; the users stay."""
        self._remove_group(zone_id, group_id)

    @locked
    def add_group_role_assignment(self, zone_id: str, group_id: str) -> None:
        """Authorise a group on a member account; DeleteGroup then fails with
        ``FailedOperation.RoleConfigurationAuthorizationExist``."""
        self._assign_group(zone_id, group_id)

    @locked
    def remove_group_role_assignments(self, zone_id: str, group_id: str) -> None:
        """Remove every role assignment of a group."""
        self._unassign_group(zone_id, group_id)

    @locked
    def find_group(self, zone_id: str, group_name: str) -> dict[str, Any] | None:
        """The ``GroupInfo`` of the group with this exact name, or ``None``."""
        return self._find_group(zone_id, group_name)

    @locked
    def group_member_ids(self, zone_id: str, group_id: str) -> list[str]:
        """The user ids of a group's members, in joining order."""
        return self._member_ids(zone_id, group_id)

    @locked
    def group_ids_of(self, zone_id: str, user_id: str) -> list[str]:
        """The ids of the groups a user is in, in joining order."""
        return self._group_ids_of(zone_id, user_id)

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
        return {**info, "Password": random_password(self._ctx.rng)}

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
        selected = [zone.groups[g].members for g in FilterGroups or [] if g in zone.groups]
        users = [{**r.info, "IsSelected": any(r.info["UserId"] in m for m in selected)} for r in page.records]
        return self._page_fields("Users", users, page.total, limit, page.next_token)

    @locked
    def create_group(
        self, ZoneId: str, GroupName: str, Description: str | None = None, GroupType: str | None = None
    ) -> dict[str, Any]:
        """CreateGroup: returns ``GroupInfo`` (``MemberCount`` 0)."""
        if GroupType not in (None, *_GROUP_TYPES):
            raise _tencent_param_error("GroupType must be Manual or Synchronized.")
        group = self._new_group(ZoneId, GroupName, Description, GroupType or "Manual")
        return self._group_shown(self.zones[ZoneId], group)

    @locked
    def get_group(self, ZoneId: str, GroupId: str) -> dict[str, Any]:
        """GetGroup: ``GroupInfo`` with the current ``MemberCount``."""
        return self._group_shown(self._container(ZoneId), self._group(ZoneId, GroupId))

    @locked
    def update_group(
        self, ZoneId: str, GroupId: str, NewGroupName: str | None = None, NewDescription: str | None = None
    ) -> dict[str, Any]:
        """UpdateGroup: renames in place (the id stays); omitted fields are kept. Returns ``GroupInfo``."""
        group = self._update_group(ZoneId, GroupId, NewGroupName, NewDescription)
        return self._group_shown(self.zones[ZoneId], group)

    @locked
    def delete_group(self, ZoneId: str, GroupId: str) -> None:
        """DeleteGroup: refused while the group has members or role assignments."""
        self._delete_group(ZoneId, GroupId)

    @locked
    def list_groups(
        self,
        ZoneId: str,
        NextToken: str | None = None,
        MaxResults: int | None = None,
        Filter: str | None = None,
        GroupType: str | None = None,
        FilterUsers: list[str] | None = None,
        SortField: str | None = None,
        SortType: str | None = None,
        Offset: int | None = None,
    ) -> dict[str, Any]:
        """ListGroups: ``Filter`` is a case-insensitive substring of the group name;
        ``FilterUsers`` marks the groups any of those users is in with ``IsSelected``."""
        zone = self._container(ZoneId)
        limit = self._max_results(MaxResults)
        descending = self._descending(SortField, SortType)
        groups = sorted(zone.groups.values(), key=lambda g: g.seq, reverse=descending)
        needle = (Filter or "").casefold()
        groups = [g for g in groups if needle in g.info["GroupName"].casefold()]
        groups = [g for g in groups if not GroupType or g.info["GroupType"] == GroupType]
        skip = 0 if NextToken else self._offset(Offset)
        page = paginate(groups, self._after(NextToken), limit, descending, skip)
        users = set(FilterUsers or [])
        shown = [self._group_shown(zone, g) | {"IsSelected": bool(users & set(g.members))} for g in page.records]
        return self._page_fields("Groups", shown, page.total, limit, page.next_token)

    @locked
    def add_member(self, ZoneId: str, GroupId: str, UserId: str) -> None:
        """AddUserToGroup: the user must not be a member yet."""
        self._add_member(ZoneId, GroupId, UserId)

    @locked
    def remove_member(self, ZoneId: str, GroupId: str, UserId: str) -> None:
        """RemoveUserFromGroup: the user must be a member."""
        self._remove_member(ZoneId, GroupId, UserId)

    @locked
    def list_joined_groups_for_user(
        self, ZoneId: str, UserId: str, NextToken: str | None = None, MaxResults: int | None = None
    ) -> dict[str, Any]:
        """ListJoinedGroupsForUser: ``JoinedGroups`` in joining order."""
        limit = self._max_results(MaxResults)
        page = self._joined_page(ZoneId, UserId, NextToken, limit)
        joined = [_joined_group(group, membership) for group, membership in page.records]
        return self._page_fields("JoinedGroups", joined, page.total, limit, page.next_token)

    @locked
    def list_group_members(
        self,
        ZoneId: str,
        GroupId: str,
        NextToken: str | None = None,
        MaxResults: int | None = None,
        UserType: str | None = None,
    ) -> dict[str, Any]:
        """ListGroupMembers: ``GroupMembers`` in joining order, optionally only of one ``UserType``."""
        limit = self._max_results(MaxResults)
        page = self._members_page(ZoneId, GroupId, NextToken, limit, UserType)
        members = [_group_member(user, membership) for user, membership in page.records]
        return self._page_fields("GroupMembers", members, page.total, limit, page.next_token)

    # -- internals -----------------------------------------------------------

    @staticmethod
    def _page_fields(
        key: str, items: list[dict[str, Any]], total: int, limit: int, token: str | None
    ) -> dict[str, Any]:
        """A Tencent list response: ``NextToken`` is ``""`` on the last page."""
        paging = {"TotalCounts": total, "MaxResults": limit, "NextToken": token or "", "IsTruncated": bool(token)}
        return {key: items, **paging}

    def _group_shown(self, container: Container, group: GroupRecord) -> dict[str, Any]:
        return {**group.info, "MemberCount": len(group.members), "IsSelected": False}

    def _now(self) -> str:
        return self._ctx.clock().astimezone(_CHINA_STANDARD_TIME).strftime("%Y-%m-%d %H:%M:%S")

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

    def _check_deletable(self, record: UserRecord, in_groups: bool) -> None:
        if in_groups:
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

    def _group_missing(self, group_id: str) -> Exception:
        return TencentError("InvalidParameter.GroupNotExist", f"The user group {group_id} does not exist.")

    def _group_name_in_use(self) -> Exception:
        return TencentError("InvalidParameter.GroupNameAlreadyExists", "The user group name already exists.")

    def _bad_group_name(self, too_long: bool) -> Exception:
        return TencentError(
            "InvalidParameter.GroupNameFormatError",
            "The user group name must be 1-128 characters of letters, digits and -.",
        )

    def _group_not_empty(self) -> Exception:
        return TencentError(
            "FailedOperation.DeleteGroupNotAllowExistUser",
            "The user group still has users; remove them before deleting it.",
        )

    def _group_assigned(self) -> Exception:
        return TencentError(
            "FailedOperation.RoleConfigurationAuthorizationExist",
            "The user group has been authorized on member accounts; remove the authorization first.",
        )

    def _already_member(self) -> Exception:
        return TencentError("InvalidParameter.GroupUserAlreadyExists", "The user is already in the user group.")

    def _not_member(self) -> Exception:
        return TencentError("InvalidParameter.GroupUserNotExist", "The user is not in the user group.")

    def _synchronized_group(self, verb: str) -> Exception:
        code = {"updated": "NotUpdate", "deleted": "NotDelete", "joined": "NotAddUser", "left": "NotRemoveUser"}[verb]
        message = f"A synchronized user group cannot be {verb}." if verb in ("updated", "deleted") else (
            "The members of a synchronized user group cannot be changed."
        )
        return TencentError(f"FailedOperation.SynchronizedGroup{code}", message)


def _joined_group(group: GroupRecord, membership: Membership) -> dict[str, Any]:
    """A ``JoinedGroups`` item."""
    info = group.info
    return {
        "GroupName": info["GroupName"],
        "Description": info["Description"],
        "GroupId": info["GroupId"],
        "GroupType": info["GroupType"],
        "JoinTime": membership.join_time,
    }


def _group_member(user: UserRecord, membership: Membership) -> dict[str, Any]:
    """A ``GroupMembers`` item."""
    fields = ("UserName", "DisplayName", "Description", "Email", "UserStatus", "UserType", "UserId")
    return {**{name: user.info[name] for name in fields}, "JoinTime": membership.join_time}
