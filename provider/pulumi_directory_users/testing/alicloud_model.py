"""State model of Alibaba Cloud CloudSSO users and their tags, API 2021-05-15."""

from __future__ import annotations

import hashlib
import re
import secrets
import string
from datetime import timezone
from typing import Any

from ._store import (
    STATUSES,
    AlicloudError,
    Container,
    GroupRecord,
    Membership,
    UserContainers,
    UserRecord,
    locked,
    paginate,
    random_password,
)

# The real per-directory user quota is not published in a form we could
# confirm; this is the fake's default and can be set per directory.
DEFAULT_ALICLOUD_USER_LIMIT = 1000

ALICLOUD_MAX_TAGS = 20
"""Most tags one user can carry."""

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
_ALICLOUD_GROUP_FILTER = re.compile(r"^\s*GroupName\s+(eq|sw)\s+(.+?)\s*$", re.IGNORECASE)
_ALICLOUD_GROUP_NAME_CHARS = re.compile(r"^[0-9A-Za-z_.-]+$")

PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH = 8, 32
"""CloudSSO's documented password length (ResetUserPassword)."""

PASSWORD_RULE = (
    f"{PASSWORD_MIN_LENGTH}-{PASSWORD_MAX_LENGTH} characters with at least one uppercase letter, "
    "one lowercase letter, one digit and one special character"
)
"""CloudSSO's documented default password policy, as the errors state it."""

MFA_SETTINGS = ("Enabled", "Disabled")

DEFAULT_MFA_SETTING = "Enabled"
"""A new user's MFA authentication setting (the fakes' choice: the API does not document the default)."""


def _alicloud_invalid(code: str, message: str) -> AlicloudError:
    return AlicloudError(code, message, 400)


class AlicloudCloudSSO(UserContainers):
    """Fake of the user API of Alibaba Cloud CloudSSO, including user tags.

    Directories hold users and groups. Timestamps are ISO-8601 UTC
    (``2021-10-26T03:03:42Z``), user and group ids ``u-`` / ``g-`` plus 20
    lowercase letters/digits, like the real API. A user's password is kept
    only as a salted hash.
    """

    cloud = "alicloud"
    container_kind = "directory"
    user_object = "User"
    user_fields = _ALICLOUD_FIELDS
    status_field = "Status"
    origin_field = "ProvisionType"
    group_origin_field = "ProvisionType"
    group_id_length = 20
    group_name_chars = _ALICLOUD_GROUP_NAME_CHARS

    @property
    def directories(self) -> dict[str, Container]:
        """Directory id -> directory."""
        return self._containers

    # -- set-up and out-of-band helpers -------------------------------------

    @locked
    def add_directory(self, directory_id: str, user_limit: int = DEFAULT_ALICLOUD_USER_LIMIT) -> None:
        """Create a directory (or change the user limit of an existing one)."""
        self._set_up(directory_id, user_limit)
        self._changed(directory_id)

    @locked
    def add_user_to_group(self, directory_id: str, user_id: str, group_id: str) -> None:
        """Put a user in a group (created, named as its id, if there is none); DeleteUser then
        fails with ``DeletionConflict.User.Group``."""
        self._join_group(directory_id, user_id, group_id)

    @locked
    def remove_user_from_group(self, directory_id: str, user_id: str, group_id: str) -> None:
        """Take a user out of a group (nothing happens if it is not a member)."""
        self._leave_group(directory_id, user_id, group_id)

    @locked
    def modify_group(self, directory_id: str, group_id: str, **fields: Any) -> dict[str, Any]:
        """Change stored group fields out of band (no validation), e.g. ``GroupName="x"``; returns the group."""
        return self._modify_group(directory_id, group_id, fields)

    @locked
    def remove_group(self, directory_id: str, group_id: str) -> None:
        """Delete a group out of band, ignoring members and assignments; the users stay."""
        self._remove_group(directory_id, group_id)

    @locked
    def add_group_access_assignment(self, directory_id: str, group_id: str) -> None:
        """Grant a group access to an account; DeleteGroup then fails with
        ``DeletionConflict.Group.AccessAssigment`` (sic)."""
        self._assign_group(directory_id, group_id)

    @locked
    def remove_group_access_assignments(self, directory_id: str, group_id: str) -> None:
        """Remove every access assignment of a group."""
        self._unassign_group(directory_id, group_id)

    @locked
    def find_group(self, directory_id: str, group_name: str) -> dict[str, Any] | None:
        """The group with this exact name as GetGroup shows it, or ``None``."""
        return self._find_group(directory_id, group_name)

    @locked
    def group_member_ids(self, directory_id: str, group_id: str) -> list[str]:
        """The user ids of a group's members, in joining order."""
        return self._member_ids(directory_id, group_id)

    @locked
    def group_ids_of(self, directory_id: str, user_id: str) -> list[str]:
        """The ids of the groups a user is in, in joining order."""
        return self._group_ids_of(directory_id, user_id)

    @locked
    def set_mfa_out_of_band(self, directory_id: str, user_id: str, setting: str) -> None:
        """Set a user's MFA authentication setting without validation, as the console would."""
        self._record(directory_id, user_id).login["mfa"] = setting
        self._changed(directory_id, user_id)

    @locked
    def password_matches(self, directory_id: str, user_id: str, password: str) -> bool:
        """Whether ``password`` is the user's current password (only its salted hash is stored)."""
        stored = self._record(directory_id, user_id).login.get("password_hash")
        return stored is not None and _hash_password(password, stored.split("$", 1)[0]) == stored

    @locked
    def login_settings(self, directory_id: str, user_id: str) -> dict[str, Any]:
        """What the directory keeps about a user's sign-in, never the password:
        ``{"mfa": ..., "password_set": bool, "password_reset_required": bool}``."""
        login = self._record(directory_id, user_id).login
        return {
            "mfa": login.get("mfa", DEFAULT_MFA_SETTING),
            "password_set": "password_hash" in login,
            "password_reset_required": login.get("password_reset_required", False),
        }

    @locked
    def add_access_assignment(self, directory_id: str, user_id: str) -> None:
        """Grant the user access to an account; DeleteUser then fails with
        ``DeletionConflict.User.AccessAssigment`` (sic)."""
        self._assign(directory_id, user_id)

    @locked
    def remove_access_assignments(self, directory_id: str, user_id: str) -> None:
        """Remove every access assignment of a user."""
        self._unassign_all(directory_id, user_id)

    @locked
    def create_synchronized_user(
        self, directory_id: str, user_name: str, external_id: str | None = None, **fields: Any
    ) -> dict[str, Any]:
        """Create a user as SCIM synchronisation would (``ProvisionType`` ``Synchronized``).

        Such users cannot be updated or deleted through the API. ``fields`` may
        set ``Email``, ``DisplayName`` etc. Returns the user as GetUser shows it.
        """
        directory = self._container(directory_id)
        info = self._new_info(directory, user_name, fields.pop("Status", None) or "Enabled", fields)
        info["ProvisionType"] = "Synchronized"
        info["ExternalId"] = {"Id": external_id or self._ctx.random_id("", 32, ()), "Issuer": "SCIM"}
        directory.add(info)
        self._changed(directory_id, info["UserId"])
        return self._view(directory.users[info["UserId"]], tags=True)

    @locked
    def modify_user(self, directory_id: str, user_id: str, **fields: Any) -> dict[str, Any]:
        """Change stored fields out of band (no validation), e.g. ``Email="x@y"``.

        Bumps ``UpdateTime`` unless it is given. Returns the user as GetUser shows it.
        """
        return self._modify(directory_id, user_id, fields)

    @locked
    def set_tags_out_of_band(self, directory_id: str, user_id: str, tags: dict[str, str]) -> None:
        """Replace a user's tags without any validation."""
        self._record(directory_id, user_id).tags = dict(tags)
        self._changed(directory_id, user_id)

    @locked
    def remove_user(self, directory_id: str, user_id: str) -> None:
        """Delete a user out of band, ignoring groups, assignments and provisioning type."""
        self._remove(self._container(directory_id), user_id)

    @locked
    def find_user(self, directory_id: str, user_name: str) -> dict[str, Any] | None:
        """The user with this exact name as GetUser shows it, or ``None``."""
        return self._find(self._container(directory_id), user_name)

    @locked
    def users(self, directory_id: str) -> list[dict[str, Any]]:
        """Every user as GetUser shows it, in creation order."""
        return self._everyone(self._container(directory_id))

    # -- API operations ------------------------------------------------------

    @locked
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
        directory = self._container(DirectoryId)
        self._validate_user_name(UserName)
        if Status not in (None, *STATUSES):
            raise self._bad_status("Status")
        tags = self._validate_tags({}, Tags or [])
        profile = {"FirstName": FirstName, "LastName": LastName, "DisplayName": DisplayName}
        profile |= {"Description": Description, "Email": Email}
        self._check_profile(profile)
        self._check_unique(directory, UserName, Email)
        info = self._new_info(directory, UserName, Status or "Enabled", profile)
        record = directory.add(info)
        record.tags = tags
        self._changed(DirectoryId, info["UserId"])
        return self._view(record, tags=True, external=False)

    @locked
    def get_user(self, DirectoryId: str, UserId: str) -> dict[str, Any]:
        """GetUser: ``User`` with ``Tags``, plus ``ExternalId`` for SCIM-synchronised users."""
        return self._view(self._user(DirectoryId, UserId), tags=True)

    @locked
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
        changes = {"FirstName": NewFirstName, "LastName": NewLastName, "DisplayName": NewDisplayName}
        changes |= {"Description": NewDescription, "Email": NewEmail}
        record = self._update(DirectoryId, UserId, changes)
        return self._view(record, tags=False, external=False)

    @locked
    def update_user_status(self, DirectoryId: str, UserId: str, NewStatus: str) -> None:
        """UpdateUserStatus: ``Enabled`` or ``Disabled``."""
        self._set_status(DirectoryId, UserId, "NewStatus", NewStatus)

    @locked
    def delete_user(self, DirectoryId: str, UserId: str) -> None:
        """DeleteUser: refused for SCIM users, users with access assignments and group members."""
        self._delete(DirectoryId, UserId)

    @locked
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
        directory = self._container(DirectoryId)
        limit = self._max_results(MaxResults)
        name_filter = self._parse_filter(Filter)
        wanted_tags = {tag.get("Key", ""): tag.get("Value", "") for tag in Tags or []}
        records = [
            r for r in directory.users.values() if self._matches(r, name_filter, ProvisionType, Status, wanted_tags)
        ]
        page = paginate(records, self._after(NextToken), limit, descending=False)
        users = [self._view(r, tags=True) for r in page.records]
        return _page_fields("Users", users, page.total, limit, page.next_token)

    @locked
    def reset_user_password(
        self,
        DirectoryId: str,
        UserId: str,
        Password: str | None = None,
        GenerateRandomPassword: bool | None = None,
        RequirePasswordResetForNextLogin: bool | None = None,
    ) -> dict[str, Any]:
        """ResetUserPassword: ``NewPassword`` only when ``GenerateRandomPassword`` is true."""
        record = self._user(DirectoryId, UserId)
        if GenerateRandomPassword and Password:
            message = "Password must not be set when GenerateRandomPassword is true."
            raise _alicloud_invalid("InvalidParameter.Password", message)
        if not GenerateRandomPassword and not Password:
            raise AlicloudError("MissingPassword", "Password is mandatory unless GenerateRandomPassword is true.", 400)
        password = random_password(self._ctx.rng) if GenerateRandomPassword else str(Password)
        _check_password_policy(password)
        record.login["password_hash"] = _hash_password(password, secrets.token_hex(8))
        record.login["password_reset_required"] = bool(RequirePasswordResetForNextLogin)
        self._changed(DirectoryId, UserId)
        return {"NewPassword": password} if GenerateRandomPassword else {}

    @locked
    def get_user_mfa_authentication_settings(self, DirectoryId: str, UserId: str) -> dict[str, Any]:
        """GetUserMFAAuthenticationSettings: ``Enabled`` or ``Disabled``."""
        record = self._user(DirectoryId, UserId)
        return {"UserMFAAuthenticationSettings": record.login.get("mfa", DEFAULT_MFA_SETTING)}

    @locked
    def update_user_mfa_authentication_settings(
        self, DirectoryId: str, UserId: str, UserMFAAuthenticationSettings: str
    ) -> None:
        """UpdateUserMFAAuthenticationSettings: ``Enabled`` or ``Disabled``."""
        record = self._user(DirectoryId, UserId)
        if UserMFAAuthenticationSettings not in MFA_SETTINGS:
            raise _alicloud_invalid(
                "InvalidParameter.UserMFAAuthenticationSettings",
                "UserMFAAuthenticationSettings must be Enabled or Disabled.",
            )
        record.login["mfa"] = UserMFAAuthenticationSettings
        self._changed(DirectoryId, UserId)

    @locked
    def create_group(self, DirectoryId: str, GroupName: str, Description: str | None = None) -> dict[str, Any]:
        """CreateGroup: returns ``Group``."""
        return dict(self._new_group(DirectoryId, GroupName, Description, "Manual").info)

    @locked
    def get_group(self, DirectoryId: str, GroupId: str) -> dict[str, Any]:
        """GetGroup: ``Group``."""
        return dict(self._group(DirectoryId, GroupId).info)

    @locked
    def update_group(
        self, DirectoryId: str, GroupId: str, NewGroupName: str | None = None, NewDescription: str | None = None
    ) -> dict[str, Any]:
        """UpdateGroup: renames in place (the id stays); omitted fields are kept. Returns ``Group``."""
        return dict(self._update_group(DirectoryId, GroupId, NewGroupName, NewDescription).info)

    @locked
    def delete_group(self, DirectoryId: str, GroupId: str) -> None:
        """DeleteGroup: refused while the group has members or access assignments."""
        self._delete_group(DirectoryId, GroupId)

    @locked
    def list_groups(
        self,
        DirectoryId: str,
        Filter: str | None = None,
        MaxResults: int | None = None,
        NextToken: str | None = None,
        ProvisionType: str | None = None,
    ) -> dict[str, Any]:
        """ListGroups: ``Filter`` is ``GroupName eq <name>`` or ``GroupName sw <prefix>``, ignoring case."""
        directory = self._container(DirectoryId)
        limit = self._max_results(MaxResults)
        name_filter = self._parse_group_filter(Filter)
        groups = sorted(directory.groups.values(), key=lambda g: g.seq)
        groups = [g for g in groups if _name_matches(g.info["GroupName"], name_filter)]
        groups = [g for g in groups if not ProvisionType or g.info["ProvisionType"] == ProvisionType]
        page = paginate(groups, self._after(NextToken), limit, descending=False)
        return _page_fields("Groups", [dict(g.info) for g in page.records], page.total, limit, page.next_token)

    @locked
    def add_member(self, DirectoryId: str, GroupId: str, UserId: str) -> None:
        """AddUserToGroup: the user must not be a member yet."""
        self._add_member(DirectoryId, GroupId, UserId)

    @locked
    def remove_member(self, DirectoryId: str, GroupId: str, UserId: str) -> None:
        """RemoveUserFromGroup: the user must be a member."""
        self._remove_member(DirectoryId, GroupId, UserId)

    @locked
    def list_joined_groups_for_user(
        self, DirectoryId: str, UserId: str, MaxResults: int | None = None, NextToken: str | None = None
    ) -> dict[str, Any]:
        """ListJoinedGroupsForUser: ``JoinedGroups`` in joining order."""
        limit = self._max_results(MaxResults)
        page = self._joined_page(DirectoryId, UserId, NextToken, limit)
        joined = [_joined_group(group, membership) for group, membership in page.records]
        return _page_fields("JoinedGroups", joined, page.total, limit, page.next_token)

    @locked
    def list_group_members(
        self, DirectoryId: str, GroupId: str, MaxResults: int | None = None, NextToken: str | None = None
    ) -> dict[str, Any]:
        """ListGroupMembers: ``GroupMembers`` in joining order."""
        limit = self._max_results(MaxResults)
        page = self._members_page(DirectoryId, GroupId, NextToken, limit)
        members = [_group_member(GroupId, user, membership) for user, membership in page.records]
        return _page_fields("GroupMembers", members, page.total, limit, page.next_token)

    @locked
    def tag_resources(
        self, DirectoryId: str, ResourceType: str, ResourceId: list[str], Tag: list[dict[str, str]]
    ) -> None:
        """TagResources: add or overwrite tags on users (``ResourceType`` ``user``)."""
        records = self._tag_targets(DirectoryId, ResourceType, ResourceId)
        if not Tag:
            raise AlicloudError("MissingTag", "Tag is mandatory for this action.", 400)
        updated = [self._validate_tags(record.tags, Tag) for record in records]
        for record, tags in zip(records, updated, strict=True):
            record.tags = tags
            self._changed(DirectoryId, record.info["UserId"])

    @locked
    def untag_resources(
        self, DirectoryId: str, ResourceType: str, ResourceId: list[str], TagKey: list[str] | None = None
    ) -> None:
        """UntagResources: remove tag keys from users; unknown keys are ignored."""
        records = self._tag_targets(DirectoryId, ResourceType, ResourceId)
        for record in records:
            for key in TagKey or []:
                record.tags.pop(key, None)
            self._changed(DirectoryId, record.info["UserId"])

    # -- internals -----------------------------------------------------------

    def _now(self) -> str:
        return self._ctx.clock().astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def _container(self, container_id: str) -> Container:
        directory = self.directories.get(container_id)
        if directory is None:
            raise AlicloudError("EntityNotExists.Directory", f"The directory {container_id} does not exist.", 404)
        return directory

    def _new_info(self, directory: Container, user_name: str, status: str, profile: dict[str, Any]) -> dict[str, Any]:
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

    def _shown(self, record: UserRecord) -> dict[str, Any]:
        return self._view(record, tags=True)

    @staticmethod
    def _view(record: UserRecord, tags: bool, external: bool = True) -> dict[str, Any]:
        view = {k: v for k, v in record.info.items() if k != "ExternalId"}
        if external and "ExternalId" in record.info:
            view["ExternalId"] = dict(record.info["ExternalId"])
        if tags:
            view["Tags"] = [{"Key": k, "Value": v} for k, v in record.tags.items()]
        return view

    @staticmethod
    def _validate_user_name(user_name: str) -> None:
        if not isinstance(user_name, str) or not 1 <= len(user_name) <= 64:
            raise _alicloud_invalid("InvalidParameter.UserName.Length", "UserName must be 1-64 characters.")
        if not _ALICLOUD_USER_NAME_CHARS.match(user_name):
            raise _alicloud_invalid(
                "InvalidParameter.UserName.InvalidChars", "UserName may contain letters, digits and _ . @ - only."
            )

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

    def _tag_targets(self, directory_id: str, resource_type: str, resource_ids: list[str]) -> list[UserRecord]:
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
    def _parse_group_filter(text: str | None) -> tuple[str, str] | None:
        if not text:
            return None
        match = _ALICLOUD_GROUP_FILTER.match(text)
        if match is None:
            raise _alicloud_invalid(
                "InvalidParameter.Filter", "Filter must be 'GroupName eq <v>' or 'GroupName sw <v>'."
            )
        return match.group(1).lower(), match.group(2).strip("'\"")

    def _group_shown(self, container: Container, group: GroupRecord) -> dict[str, Any]:
        return dict(group.info)

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
        record: UserRecord,
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

    # -- Alibaba's error codes for the shared rules ----------------------------

    def _check_deletable(self, record: UserRecord, in_groups: bool) -> None:
        if record.assignments:
            raise AlicloudError("DeletionConflict.User.AccessAssigment", "The user still has access assignments.", 409)
        if in_groups:
            raise AlicloudError("DeletionConflict.User.Group", "The user still belongs to groups.", 409)

    def _user_missing(self, user_id: str) -> Exception:
        return AlicloudError("EntityNotExists.User", f"The user {user_id} does not exist.", 404)

    def _name_in_use(self) -> Exception:
        return AlicloudError("EntityAlreadyExists.User", "The user name already exists.", 409)

    def _email_in_use(self) -> Exception:
        return AlicloudError("EntityAlreadyExists.User.Email", "The email address already exists.", 409)

    def _container_full(self) -> Exception:
        return AlicloudError("LimitExceeded.User", "The number of users exceeds the quota.", 409)

    def _synchronized(self, verb: str) -> Exception:
        # Code chosen by the fake: the API documents the rule, not the code.
        message = f"A user synchronized by SCIM cannot be {verb}."
        return AlicloudError("OperationConflict.User.Synchronized", message, 409)

    def _bad_status(self, parameter: str) -> Exception:
        return _alicloud_invalid(f"InvalidParameter.{parameter}", f"{parameter} must be Enabled or Disabled.")

    def _too_long(self, name: str, limit: int) -> Exception:
        return _alicloud_invalid(f"InvalidParameter.{name}.Length", f"{name} must be at most {limit} characters.")

    def _bad_email(self) -> Exception:
        return _alicloud_invalid("InvalidParameter.Email.Format", "The email address is invalid.")

    def _bad_token(self) -> Exception:
        return _alicloud_invalid("InvalidParameter.NextToken", "The NextToken is invalid.")

    def _group_missing(self, group_id: str) -> Exception:
        return AlicloudError("EntityNotExists.Group", f"The group {group_id} does not exist.", 404)

    def _group_name_in_use(self) -> Exception:
        # Code chosen by the fake (RAM's code for the same rule); not confirmed for CloudSSO.
        return AlicloudError("EntityAlreadyExists.Group", "The group name already exists.", 409)

    def _bad_group_name(self, too_long: bool) -> Exception:
        if too_long:
            return _alicloud_invalid("InvalidParameter.GroupName.Length", "GroupName must be 1-128 characters.")
        return _alicloud_invalid(
            "InvalidParameter.GroupName.InvalidChars", "GroupName may contain letters, digits and _ . - only."
        )

    def _group_not_empty(self) -> Exception:
        # Code chosen by the fake, after DeletionConflict.User.Group; not confirmed.
        return AlicloudError("DeletionConflict.Group.User", "The group still has members; remove them first.", 409)

    def _group_assigned(self) -> Exception:
        return AlicloudError(
            "DeletionConflict.Group.AccessAssigment", "The group still has access assignments; remove them first.", 409
        )

    def _already_member(self) -> Exception:
        # Code chosen by the fake; not confirmed.
        return AlicloudError("EntityAlreadyExists.GroupMember", "The user is already a member of the group.", 409)

    def _not_member(self) -> Exception:
        return AlicloudError("EntityNotExists.GroupMember", "The user is not a member of the group.", 404)

    def _synchronized_group(self, verb: str) -> Exception:
        # Code chosen by the fake, after the one it chose for synchronised users; not confirmed.
        what = f"cannot be {verb}" if verb in ("updated", "deleted") else "cannot have its members changed"
        return AlicloudError("OperationConflict.Group.Synchronized", f"A group synchronized by SCIM {what}.", 409)


def _page_fields(key: str, items: list[dict[str, Any]], total: int, limit: int, token: str | None) -> dict[str, Any]:
    """An Alibaba list response: ``NextToken`` only while ``IsTruncated``."""
    result: dict[str, Any] = {key: items, "TotalCounts": total, "MaxResults": limit, "IsTruncated": bool(token)}
    if token:
        result["NextToken"] = token
    return result


def _name_matches(name: str, name_filter: tuple[str, str] | None) -> bool:
    if name_filter is None:
        return True
    operator, value = name_filter
    name, value = name.casefold(), value.casefold()
    return name == value if operator == "eq" else name.startswith(value)


def _joined_group(group: GroupRecord, membership: Membership) -> dict[str, Any]:
    """A ``JoinedGroups`` item."""
    fields = ("Description", "GroupId", "GroupName", "ProvisionType")
    joined = {"JoinTime": membership.join_time, "UserId": membership.user_id}
    return {**{name: group.info[name] for name in fields}, **joined}


def _group_member(group_id: str, user: UserRecord, membership: Membership) -> dict[str, Any]:
    """A ``GroupMembers`` item."""
    fields = ("Description", "DisplayName", "Email", "ProvisionType", "Status", "UserId", "UserName")
    return {**{name: user.info[name] for name in fields}, "GroupId": group_id, "JoinTime": membership.join_time}


def _check_password_policy(password: str) -> None:
    """The documented default policy; the message states the rule and never the value."""
    classes = (string.ascii_uppercase, string.ascii_lowercase, string.digits)
    has_classes = all(any(c in pool for c in password) for pool in classes)
    has_special = any(not c.isalnum() for c in password)
    if not (PASSWORD_MIN_LENGTH <= len(password) <= PASSWORD_MAX_LENGTH and has_classes and has_special):
        # Code chosen by the fake: no source we have shows CloudSSO's code for this rule.
        raise _alicloud_invalid("InvalidParameter.Password", f"The password must be {PASSWORD_RULE}.")


def _hash_password(password: str, salt: str) -> str:
    """``salt$sha256(salt + password)``: enough to check a password in tests, never to show it."""
    return f"{salt}${hashlib.sha256((salt + password).encode()).hexdigest()}"


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
