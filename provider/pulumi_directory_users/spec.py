"""What a directory user is, per cloud: its fields, their limits, and how each one changes.

This is the one table a reader needs for "what replaces, what updates in place": the
lifecycle and the validation read it, the cloud adapters use its API names.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Optional


class Change(enum.Enum):
    """How a change to a field reaches the cloud."""

    REPLACE = "replace"  # immutable in the cloud: a new user is created
    PROFILE = "profile"  # UpdateUser, as a New<ApiName> parameter
    STATUS = "status"  # UpdateUserStatus
    TAGS = "tags"  # tag and untag calls
    LOCAL = "local"  # ours only (adopt_existing): never sent to the cloud


class Kind(enum.Enum):
    STRING = "string"
    BOOL = "bool"
    TAGS = "tags"


@dataclass(frozen=True)
class Field:
    """One input property of a user resource."""

    name: str
    api_name: str
    change: Change
    kind: Kind = Kind.STRING
    max_length: Optional[int] = None
    choices: tuple[str, ...] = ()
    default: Any = None
    email: bool = False
    required: bool = False
    # Not read back from the cloud on refresh: a one-shot request, not a property.
    write_only: bool = False
    # The parameter name in UpdateUser / UpdateUserStatus when it is not New<api_name>.
    update_api_name: str = ""

    @property
    def api_update_name(self) -> str:
        return self.update_api_name or f"New{self.api_name}"

    @property
    def empty(self) -> Any:
        """The value the cloud holds when the program does not set this field."""
        if self.default is not None:
            return self.default
        return {Kind.STRING: "", Kind.BOOL: False, Kind.TAGS: {}}[self.kind]


@dataclass(frozen=True)
class Output:
    """A property the cloud computes; it is never an input."""

    name: str
    api_name: str
    secret: bool = False
    # Returned only by CreateUser; kept from state afterwards.
    create_only: bool = False


@dataclass(frozen=True)
class TagRules:
    max_tags: int
    max_key_length: int
    max_value_length: int
    reserved_key_prefixes: tuple[str, ...]
    forbidden_key_parts: tuple[str, ...]


@dataclass(frozen=True)
class UserSpec:
    """The shape of a user in one cloud."""

    cloud: str
    product: str  # for messages: "Tencent Cloud Identity Center"
    parent: str  # "zone_id" / "directory_id"
    parent_label: str  # "zone" / "directory"
    parent_prefix: str  # "z-" / "d-"
    id_separator: str  # joins parent and user id into the resource id
    user_name_chars: str  # the punctuation allowed besides letters and digits
    user_name_max: int
    fields: tuple[Field, ...]
    outputs: tuple[Output, ...]
    tag_rules: Optional[TagRules] = None
    unique_fields: tuple[str, ...] = ("user_name", "email")
    # Unique keys compare without regard to case where the cloud does so.
    case_insensitive_fields: tuple[str, ...] = ("email",)
    # The zone of times the cloud reports without one, in hours east of UTC.
    naive_time_utc_offset: int = 0

    def parse_time(self, text: str) -> Optional[datetime]:
        """A time the cloud reported (``2026-11-23T13:20:35Z`` or ``2026-11-23 21:20:35``); None if unreadable."""
        try:
            moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone(timedelta(hours=self.naive_time_utc_offset)))
        return moment

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def fields_changed_by(self, change: Change) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.change is change)

    @property
    def input_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def output_names(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.outputs)

    @property
    def secret_outputs(self) -> list[str]:
        return [o.name for o in self.outputs if o.secret]

    def resource_id(self, parent_id: str, user_id: str) -> str:
        return f"{parent_id}{self.id_separator}{user_id}"

    def split_id(self, resource_id: str) -> tuple[str, str]:
        """Split ``<parent><sep><user id>``; raise ValueError naming the expected shape."""
        parent_id, sep, user_id = resource_id.partition(self.id_separator)
        if not sep or not parent_id.startswith(self.parent_prefix) or not user_id.startswith("u-"):
            raise ValueError(
                f"{self.product} user id {resource_id!r} is malformed: expected "
                f"'{self.parent_prefix}…{self.id_separator}u-…' "
                f"(the {self.parent_label} id and the user id joined by {self.id_separator!r})"
            )
        return parent_id, user_id


_STATUS = ("Enabled", "Disabled")


def _profile_fields() -> tuple[Field, ...]:
    """Fields both clouds update through UpdateUser with the same names and limits."""
    return (
        Field("first_name", "FirstName", Change.PROFILE, max_length=64),
        Field("last_name", "LastName", Change.PROFILE, max_length=64),
        Field("display_name", "DisplayName", Change.PROFILE, max_length=256),
        Field("description", "Description", Change.PROFILE, max_length=1024),
        Field("email", "Email", Change.PROFILE, max_length=128, email=True),
    )


_ADOPT = Field("adopt_existing", "", Change.LOCAL, kind=Kind.BOOL)

TENCENT = UserSpec(
    cloud="tencentcloud",
    product="Tencent Cloud Identity Center",
    parent="zone_id",
    parent_label="zone",
    parent_prefix="z-",
    id_separator="#",
    user_name_chars="+=,.@-_",
    user_name_max=64,
    fields=(
        Field("zone_id", "ZoneId", Change.REPLACE, required=True),
        Field("user_name", "UserName", Change.REPLACE, required=True),
        *_profile_fields(),
        Field("user_status", "UserStatus", Change.STATUS, choices=_STATUS, default="Enabled"),
        Field(
            "user_type",
            "UserType",
            Change.REPLACE,
            choices=("Manual", "Synchronized"),
            default="Manual",
        ),
        Field(
            "need_reset_password",
            "NeedResetPassword",
            Change.PROFILE,
            kind=Kind.BOOL,
            write_only=True,
            update_api_name="NeedResetPassword",
        ),
        _ADOPT,
    ),
    outputs=(
        Output("user_id", "UserId"),
        Output("create_time", "CreateTime"),
        Output("update_time", "UpdateTime"),
        Output("password", "Password", secret=True, create_only=True),
        # True when CreateUser's answer (with the password) was lost and the user was recovered without it.
        Output("initial_password_lost", "", create_only=True),
    ),
    # Tencent reports times like "2026-11-23 21:20:35" with no zone: taken as Beijing time (UTC+8),
    # which matches the console; the API documentation does not say.
    naive_time_utc_offset=8,
)

ALICLOUD = UserSpec(
    cloud="alicloud",
    product="Alibaba Cloud CloudSSO",
    parent="directory_id",
    parent_label="directory",
    parent_prefix="d-",
    id_separator=":",
    user_name_chars="@_-.",
    user_name_max=64,
    fields=(
        Field("directory_id", "DirectoryId", Change.REPLACE, required=True),
        Field("user_name", "UserName", Change.REPLACE, required=True),
        *_profile_fields(),
        Field("status", "Status", Change.STATUS, choices=_STATUS, default="Enabled"),
        Field("tags", "Tags", Change.TAGS, kind=Kind.TAGS),
        _ADOPT,
    ),
    outputs=(
        Output("user_id", "UserId"),
        Output("create_time", "CreateTime"),
        Output("update_time", "UpdateTime"),
        Output("provision_type", "ProvisionType"),
    ),
    tag_rules=TagRules(
        max_tags=20,
        max_key_length=128,
        max_value_length=128,
        reserved_key_prefixes=("aliyun", "acs:"),
        forbidden_key_parts=("http://", "https://"),
    ),
)
