"""State model of Alibaba Cloud CloudSSO users and their tags, API 2021-05-15."""

from __future__ import annotations

import re
from datetime import timezone
from typing import Any

from ._store import STATUSES, AlicloudError, Container, UserContainers, UserRecord, locked, paginate

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


def _alicloud_invalid(code: str, message: str) -> AlicloudError:
    return AlicloudError(code, message, 400)


class AlicloudCloudSSO(UserContainers):
    """Fake of the user API of Alibaba Cloud CloudSSO, including user tags.

    Directories hold users. Timestamps are ISO-8601 UTC
    (``2021-10-26T03:03:42Z``), user ids ``u-`` plus 20 lowercase
    letters/digits, like the real API.
    """

    cloud = "alicloud"
    container_kind = "directory"
    user_object = "User"
    user_fields = _ALICLOUD_FIELDS
    status_field = "Status"
    origin_field = "ProvisionType"

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
        """Put a user in a group; DeleteUser then fails with ``DeletionConflict.User.Group``."""
        self._join_group(directory_id, user_id, group_id)

    @locked
    def remove_user_from_group(self, directory_id: str, user_id: str, group_id: str) -> None:
        """Take a user out of a group."""
        self._leave_group(directory_id, user_id, group_id)

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
        result: dict[str, Any] = {
            "Users": [self._view(r, tags=True) for r in page.records],
            "TotalCounts": page.total,
            "MaxResults": limit,
            "IsTruncated": page.next_token is not None,
        }
        if page.next_token:
            result["NextToken"] = page.next_token
        return result

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

    def _check_deletable(self, record: UserRecord) -> None:
        if record.assignments:
            raise AlicloudError("DeletionConflict.User.AccessAssigment", "The user still has access assignments.", 409)
        if record.groups:
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
