"""What each resource is, per cloud: its fields, their limits, how each one changes, and the
API actions that create, read, update and delete it.

A resource kind is data: a :class:`CloudSpec` (what the cloud's resources share: the zone or
directory they live in, how ids are joined, time zones, tag rules) plus a :class:`ResourceSpec`
(the kind's fields, outputs, id, natural key, unique fields and its table of
:class:`Operations`). This is the one place a reader needs for "what replaces, what updates in
place": the lifecycle, the validation and the request builder all read it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Mapping, Optional, TypedDict


class Change(enum.Enum):
    """How a change to a field reaches the cloud."""

    REPLACE = "replace"  # immutable in the cloud: a new resource is created
    UPDATE = "update"  # the kind's update action (:attr:`Operations.update`), as a New<ApiName> parameter
    OWN_ACTION = "own action"  # the field's own action (:attr:`Field.action`), e.g. a status or a password
    LOCAL = "local"  # ours only (adopt_existing): never sent to the cloud


class Kind(enum.Enum):
    """The type of a field's or output's value."""

    STRING = "string"
    BOOL = "bool"
    INT = "integer"
    TAGS = "tags"  # a map of strings; on the wire a list of {Key, Value}


@dataclass(frozen=True)
class IdRule:
    """The shape of an id a cloud gives: a prefix, then ``body_length`` lowercase letters and digits."""

    prefix: str  # "z-", "d-", "u-", "g-"
    body_length: int

    @property
    def example(self) -> str:
        """An id of this shape, for messages: ``u-1os7c9tyugct``."""
        return self.prefix + (_EXAMPLE_ID_BODY * (self.body_length // len(_EXAMPLE_ID_BODY) + 1))[:self.body_length]


_EXAMPLE_ID_BODY = "1os7c9tyugct0q8wbq42"


@dataclass(frozen=True)
class Field:
    """One input property of a resource."""

    name: str
    api_name: str
    change: Change
    description: str = ""  # for docstrings and the schema
    kind: Kind = Kind.STRING
    max_length: Optional[int] = None
    choices: tuple[str, ...] = ()
    default: Any = None
    email: bool = False
    required: bool = False
    # Not read back from the cloud on refresh: a one-shot request, not a property.
    write_only: bool = False
    # The parameter name in the update action when it is not New<api_name>.
    update_api_name: str = ""
    # Names: the punctuation allowed besides letters and digits (None: any character).
    charset: Optional[str] = None
    # Ids: the shape of the id this field holds (the zone's, a group's, a user's).
    id_rule: Optional[IdRule] = None
    # Never quoted in a message, stored encrypted, never read back.
    secret: bool = False
    policy: Optional["PasswordPolicy"] = None
    # The action that reads this field when the kind's Get does not return it.
    read_api: str = ""
    # Change.OWN_ACTION: the action that sets this field (for a map of tags: the one that adds them).
    action: str = ""
    # Not taken by the create action: set with ``action`` once the resource exists.
    after_create: bool = False

    def __post_init__(self) -> None:
        # A limit the description states is filled in from the data that enforces it
        # ({max_length}, {charset}, {choices}, {id_prefix}, {policy}, {action}), so the two never disagree.
        object.__setattr__(self, "description", self.description.format_map(_limit_texts(self)))

    @property
    def id_prefix(self) -> str:
        return self.id_rule.prefix if self.id_rule else ""

    @property
    def api_update_name(self) -> str:
        return self.update_api_name or f"New{self.api_name}"

    @property
    def empty(self) -> Any:
        """The value the cloud holds when the program does not set this field."""
        if self.default is not None:
            return self.default
        return {Kind.STRING: "", Kind.BOOL: False, Kind.INT: 0, Kind.TAGS: {}}[self.kind]


@dataclass(frozen=True)
class Output:
    """A property the cloud computes; it is never an input."""

    name: str
    api_name: str
    secret: bool = False
    # Returned only by the create action; kept from state afterwards.
    create_only: bool = False
    kind: Kind = Kind.STRING
    description: str = ""  # for docstrings and the schema
    # Never changed by an in-place update (an id, the create time): told to the engine by diff.
    stable: bool = False


@dataclass(frozen=True)
class LostAnswer:
    """What a kind's create answer alone carries (Tencent's initial password), for when it is lost.

    A resource recovered after a lost create answer gets ``flag_output`` true and a warning that
    ends with ``advice``.
    """

    flag_output: str
    advice: str


@dataclass(frozen=True)
class TagRules:
    max_tags: int
    max_key_length: int
    max_value_length: int
    reserved_key_prefixes: tuple[str, ...]
    forbidden_key_parts: tuple[str, ...]


@dataclass(frozen=True)
class PasswordPolicy:
    """A cloud's password rule, checked at preview without echoing the password."""

    min_length: int
    max_length: int
    # Each class of characters the password must contain, by name.
    required_classes: tuple[str, ...] = ("uppercase letter", "lowercase letter", "digit", "special character")


@dataclass(frozen=True)
class CloudSpec:
    """What every resource of one cloud shares."""

    cloud: str  # "tencentcloud"
    product: str  # for messages: "Tencent Cloud Identity Center"
    parent: str  # "zone_id" / "directory_id"
    parent_api_name: str  # "ZoneId" / "DirectoryId"
    parent_label: str  # "zone" / "directory"
    # The ids the cloud gives, by the field or output holding them: the parent's, "user_id", "group_id".
    id_rules: Mapping[str, IdRule]
    id_separator: str  # joins the parts of a resource id, as the Terraform import ids do
    tag_rules: Optional[TagRules] = None
    # The zone of times the cloud reports without one, in hours east of UTC.
    naive_time_utc_offset: int = 0

    @property
    def parent_prefix(self) -> str:
        return self.id_rules[self.parent].prefix

    def parse_time(self, text: str) -> Optional[datetime]:
        """A time the cloud reported (``2026-11-23T13:20:35Z`` or ``2026-11-23 21:20:35``); None if unreadable."""
        try:
            moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=timezone(timedelta(hours=self.naive_time_utc_offset)))
        return moment


@dataclass(frozen=True)
class Operations:
    """The API actions of one kind, and where their answers put things."""

    create: str
    delete: str
    list: str  # pages of the kind (or, for a kind without Get, of what it is read from)
    list_key: str  # where a list answer puts the items
    get: str = ""  # "" for a kind that has no Get: it is read from ``list``
    record_key: str = ""  # where create/get/update answers put the object ("" when they have none)
    update: str = ""  # the action of Change.UPDATE fields
    # Inputs besides the parent that scope the listing (a membership lists the user's groups).
    list_scope: tuple[str, ...] = ()
    # The list item's field that identifies the resource in a scoped listing (a membership: GroupId).
    list_match: str = ""


@dataclass(frozen=True)
class ResourceSpec:
    """The shape of one kind of resource (user, group, membership) in one cloud."""

    cloud_spec: CloudSpec
    kind: str  # "user", "group", "group membership": for messages
    fields: tuple[Field, ...]
    outputs: tuple[Output, ...]
    operations: Operations
    # The fields after the parent that make up the resource id; the first is the cloud's own id
    # of the resource when the kind has one (``user_id``), else the id is made of the inputs.
    id_fields: tuple[str, ...]
    # The natural key: unique in its zone/directory, what adoption looks for ("" when none).
    name_field: str = ""
    unique_fields: tuple[str, ...] = ()
    # Unique keys compare without regard to case where the cloud does so.
    case_insensitive_fields: tuple[str, ...] = ()
    # The public class's name ("User"); with the cloud it makes the native type token.
    class_name: str = ""
    description: str = ""  # for docstrings and the schema
    # The LOCAL field that lets a first create take over an existing resource of the same name.
    adopt_field: str = ""
    lost_answer: Optional[LostAnswer] = None

    def __post_init__(self) -> None:
        # The id's shape ({id_shape}) in the description comes from the id fields that make it.
        shape = self.id_separator.join(f"<{name}>" for name in (self.parent, *self.id_fields))
        object.__setattr__(self, "description", self.description.format(id_shape=f"``{shape}``"))

    # ---- what the cloud's resources share

    @property
    def cloud(self) -> str:
        return self.cloud_spec.cloud

    @property
    def product(self) -> str:
        return self.cloud_spec.product

    @property
    def parent(self) -> str:
        return self.cloud_spec.parent

    @property
    def parent_label(self) -> str:
        return self.cloud_spec.parent_label

    @property
    def parent_prefix(self) -> str:
        return self.cloud_spec.parent_prefix

    @property
    def id_separator(self) -> str:
        return self.cloud_spec.id_separator

    @property
    def tag_rules(self) -> Optional[TagRules]:
        return self.cloud_spec.tag_rules

    def parse_time(self, text: str) -> Optional[datetime]:
        return self.cloud_spec.parse_time(text)

    # ---- the kind's own

    @property
    def token(self) -> str:
        """The native provider's type token: ``directory-users:tencentcloud:User``."""
        return f"{PACKAGE}:{self.cloud}:{self.class_name}"

    @property
    def label(self) -> str:
        """``Tencent Cloud Identity Center user``, for messages."""
        return f"{self.product} {self.kind}"

    @property
    def id_field(self) -> str:
        """The field or output holding the cloud's id of the resource (``user_id``)."""
        return self.id_fields[0]

    @property
    def has_own_id(self) -> bool:
        """Does the cloud give this kind an id (a user, a group), or is it named by its inputs?"""
        return self.id_field in self.output_names

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def api_name(self, name: str) -> str:
        """The cloud's name of a field or output."""
        if name == self.parent:
            return self.cloud_spec.parent_api_name
        found = [f.api_name for f in self.fields if f.name == name] + [o.api_name for o in self.outputs if o.name == name]
        return found[0]

    def fields_changed_by(self, change: Change) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.change is change)

    @property
    def input_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def output_names(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.outputs)

    @property
    def defaults(self) -> dict[str, Any]:
        """The cloud's value of each field that has one when the program does not set it."""
        return {f.name: f.default for f in self.fields if f.default is not None}

    @property
    def stables(self) -> tuple[str, ...]:
        """What an update in place never changes: the fields that replace, the stable and create-only outputs."""
        return (*(f.name for f in self.fields_changed_by(Change.REPLACE)),
                *(o.name for o in self.outputs if o.stable or o.create_only))

    @property
    def secret_outputs(self) -> list[str]:
        return [o.name for o in self.outputs if o.secret] + [f.name for f in self.fields if f.secret]

    @property
    def secret_inputs(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.secret)

    def resource_id(self, parent_id: str, *ids: str) -> str:
        return self.id_separator.join((parent_id, *ids))

    def split_id(self, resource_id: str) -> tuple[str, ...]:
        """Split ``<parent><sep><id>[<sep><id>…]``; raise ValueError naming the expected shape."""
        parts = resource_id.split(self.id_separator)
        prefixes = (self.parent_prefix, *(self._id_prefix(name) for name in self.id_fields))
        if len(parts) != len(prefixes) or not all(p.startswith(x) and len(p) > len(x) for p, x in zip(parts, prefixes)):
            shape = self.id_separator.join(f"{x}…" for x in prefixes)
            names = ", ".join((f"the {self.parent_label} id", *(n.replace("_", " ") for n in self.id_fields)))
            raise ValueError(
                f"{self.label} id {resource_id!r} is malformed: expected '{shape}' "
                f"({names} joined by {self.id_separator!r})"
            )
        return tuple(parts)

    def _id_prefix(self, name: str) -> str:
        return self.cloud_spec.id_rules[name].prefix


# The native provider's package name, the first part of every type token.
PACKAGE = "directory-users"


def camel(name: str) -> str:
    """A field's or output's name in the native provider's schema and on its wire: ``user_name`` -> ``userName``."""
    first, *rest = name.split("_")
    return first + "".join(part.title() for part in rest)


def snake(name: str) -> str:
    """The inverse of :func:`camel`: ``tencentcloudSecretId`` -> ``tencentcloud_secret_id``."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def literal(text: str) -> str:
    """``text`` as an inline literal of a docstring (reStructuredText; Markdown reads it as code too)."""
    return f"``{text}``"


def _with_article(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _limit_texts(field: Field) -> dict[str, str]:
    """The limits of a field as its description states them."""
    policy = field.policy
    return {
        "max_length": str(field.max_length),
        "charset": literal(" ".join(field.charset or "")),
        "choices": " or ".join(literal(c) + (" (default)" if c == field.default else "") for c in field.choices),
        "id_prefix": literal(field.id_prefix),
        "action": field.action,
        "policy": "" if policy is None else (
            f"{policy.min_length}-{policy.max_length} characters with "
            + _and([_with_article(c) for c in policy.required_classes])
        ),
    }


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"



_STATUS = ("Enabled", "Disabled")
_TYPES = ("Manual", "Synchronized")
_REPLACES = "Changing it replaces the {}."


def _profile_fields(cloud: CloudSpec) -> tuple[Field, ...]:
    """Fields both clouds update through UpdateUser with the same names and limits."""
    return (
        Field("first_name", "FirstName", Change.UPDATE, max_length=64,
              description="Up to {max_length} characters. Updated in place."),
        Field("last_name", "LastName", Change.UPDATE, max_length=64,
              description="Up to {max_length} characters. Updated in place."),
        Field("display_name", "DisplayName", Change.UPDATE, max_length=256,
              description="Up to {max_length} characters. Updated in place."),
        _description(),
        Field("email", "Email", Change.UPDATE, max_length=128, email=True,
              description=f"Unique in the {cloud.parent_label}, an email address of up to {{max_length}} characters. "
                          "Updated in place."),
    )


def _description() -> Field:
    return Field("description", "Description", Change.UPDATE, max_length=1024,
                 description="Up to {max_length} characters. Updated in place.")


def _parent(cloud: CloudSpec, kind: str) -> Field:
    return Field(cloud.parent, cloud.parent_api_name, Change.REPLACE, required=True, id_rule=cloud.id_rules[cloud.parent],
                 description=f"The {cloud.product} {cloud.parent_label} id, {{id_prefix}} followed by lowercase "
                             f"letters and digits. {_REPLACES.format(kind)}")


def _name(name: str, api_name: str, change: Change, cloud: CloudSpec, charset: str, max_length: int,
          how: str) -> Field:
    """A kind's natural key: unique in its zone/directory, a name of limited characters."""
    return Field(name, api_name, change, required=True, charset=charset, max_length=max_length,
                 description=f"Unique in the {cloud.parent_label}, 1-{{max_length}} letters, digits and {{charset}}. "
                             + how)


def _type(name: str, api_name: str, kind: str) -> Field:
    return Field(name, api_name, Change.REPLACE, choices=_TYPES, default="Manual",
                 description=f"{{choices}}. {_REPLACES.format(kind)}")


def _adopt(kind: str) -> Field:
    return Field("adopt_existing", "", Change.LOCAL, kind=Kind.BOOL, description=(
        f"Take over a {kind} of the same name that already exists instead of failing, updating it to "
        f"the declared fields (``pulumi import`` does not work for dynamic resources)."
    ))


def _tags(rules: TagRules) -> Field:
    # Added with TagResources, removed with UntagResources (see the Alibaba adapter).
    reserved = " or ".join(literal(p) for p in rules.reserved_key_prefixes)
    forbidden = " or ".join(literal(p) for p in rules.forbidden_key_parts)
    return Field("tags", "Tags", Change.OWN_ACTION, kind=Kind.TAGS, action="TagResources", description=(
        f"Up to {rules.max_tags} tags; keys 1-{rules.max_key_length} characters, not starting with {reserved} "
        f"and not containing {forbidden}; values up to {rules.max_value_length} characters. "
        "Updated in place with {action} / UntagResources."
    ))


TENCENT_CLOUD = CloudSpec(
    cloud="tencentcloud",
    product="Tencent Cloud Identity Center",
    parent="zone_id",
    parent_api_name="ZoneId",
    parent_label="zone",
    id_rules={"zone_id": IdRule("z-", 12), "user_id": IdRule("u-", 12), "group_id": IdRule("g-", 12)},
    id_separator="#",
    # Tencent reports times like "2026-11-23 21:20:35" with no zone: taken as Beijing time (UTC+8),
    # which matches the console; the API documentation does not say.
    naive_time_utc_offset=8,
)

_ALICLOUD_TAG_RULES = TagRules(
    max_tags=20,
    max_key_length=128,
    max_value_length=128,
    reserved_key_prefixes=("aliyun", "acs:"),
    forbidden_key_parts=("http://", "https://"),
)

ALICLOUD_CLOUD = CloudSpec(
    cloud="alicloud",
    product="Alibaba Cloud CloudSSO",
    parent="directory_id",
    parent_api_name="DirectoryId",
    parent_label="directory",
    id_rules={"directory_id": IdRule("d-", 12), "user_id": IdRule("u-", 20), "group_id": IdRule("g-", 20)},
    id_separator=":",
    tag_rules=_ALICLOUD_TAG_RULES,
)

# How each cloud reports times, for the descriptions of the time outputs.
_TENCENT_TIMES = "as the cloud reports it"
_ALICLOUD_TIMES = "in UTC, ISO 8601"


def _own_outputs(cloud: CloudSpec, kind: str, id_name: str, api_name: str, times: str) -> tuple[Output, ...]:
    """The cloud's id of a user or group, and when it was created and last changed."""
    rule = cloud.id_rules[id_name]
    return (
        Output(id_name, api_name, stable=True,
               description=f"The {kind}'s id, {literal(rule.prefix)} followed by {rule.body_length} lowercase "
                           "letters and digits."),
        Output("create_time", "CreateTime", stable=True, description=f"When the {kind} was created, {times}."),
        Output("update_time", "UpdateTime", description=f"When the {kind} was last changed, {times}."),
    )


def _provision_type(kind: str) -> Output:
    # Manual or Synchronized: set by how the resource was made, which no update changes.
    return Output("provision_type", "ProvisionType", stable=True,
                  description=f"{literal(_TYPES[0])}, or {literal(_TYPES[1])} for {kind}s provisioned by SCIM.")


class _Keys(TypedDict):
    """What identifies a resource of a kind: its id parts, natural key and unique fields."""

    id_fields: tuple[str, ...]
    name_field: str
    unique_fields: tuple[str, ...]
    case_insensitive_fields: tuple[str, ...]
    class_name: str
    adopt_field: str


_USER_KEYS = _Keys(id_fields=("user_id",), name_field="user_name", unique_fields=("user_name", "email"),
                   case_insensitive_fields=("email",), class_name="User", adopt_field="adopt_existing")
_IMPORT_ID = "The resource id is {id_shape}, the same as the Terraform provider's import id."


def _user_operations(record_key: str) -> Operations:
    return Operations(
        create="CreateUser", get="GetUser", delete="DeleteUser", list="ListUsers", list_key="Users",
        record_key=record_key, update="UpdateUser",
    )


def _status(name: str, api_name: str) -> Field:
    return Field(name, api_name, Change.OWN_ACTION, choices=_STATUS, default="Enabled", action="UpdateUserStatus",
                 description="{choices}. Updated in place with {action}.")


_TENCENT_LOST_ANSWER = LostAnswer(
    flag_output="initial_password_lost",
    advice="Reset the password in the console, or set need_reset_password=True so that the user sets one "
           "at the next sign-in.",
)

TENCENT_USER = ResourceSpec(
    cloud_spec=TENCENT_CLOUD,
    kind="user",
    description=f"A user of Tencent Cloud Organization Identity Center (CIC).\n\n{_IMPORT_ID}",
    fields=(
        _parent(TENCENT_CLOUD, "user"),
        _name("user_name", "UserName", Change.REPLACE, TENCENT_CLOUD, charset="+=,.@-_", max_length=64,
              how=_REPLACES.format("user")),
        *_profile_fields(TENCENT_CLOUD),
        _status("user_status", "UserStatus"),
        _type("user_type", "UserType", "user"),
        Field(
            "need_reset_password",
            "NeedResetPassword",
            Change.UPDATE,
            kind=Kind.BOOL,
            write_only=True,
            update_api_name="NeedResetPassword",
            description="Ask the user to reset the password at the next sign-in. Sent to the cloud, not read back.",
        ),
        _adopt("user"),
    ),
    outputs=(
        *_own_outputs(TENCENT_CLOUD, "user", "user_id", "UserId", _TENCENT_TIMES),
        Output("password", "Password", secret=True, create_only=True,
               description="The initial password CreateUser returned; a Pulumi secret. Absent for adopted users."),
        Output(_TENCENT_LOST_ANSWER.flag_output, "", create_only=True, kind=Kind.BOOL, description=(
            "True when CreateUser's answer, with the initial password, was lost and the user was recovered "
            f"without it. {_TENCENT_LOST_ANSWER.advice}"
        )),
    ),
    operations=_user_operations("UserInfo"),
    lost_answer=_TENCENT_LOST_ANSWER,
    **_USER_KEYS,
)

_PASSWORD_POLICY = PasswordPolicy(min_length=8, max_length=32)

ALICLOUD_USER = ResourceSpec(
    cloud_spec=ALICLOUD_CLOUD,
    kind="user",
    description=f"A user of Alibaba Cloud CloudSSO.\n\n{_IMPORT_ID}",
    fields=(
        _parent(ALICLOUD_CLOUD, "user"),
        _name("user_name", "UserName", Change.REPLACE, ALICLOUD_CLOUD, charset="@_-.", max_length=64,
              how=_REPLACES.format("user")),
        *_profile_fields(ALICLOUD_CLOUD),
        _status("status", "Status"),
        _tags(_ALICLOUD_TAG_RULES),
        Field(
            "password",
            "Password",
            Change.OWN_ACTION,
            update_api_name="Password",
            write_only=True,
            secret=True,
            policy=_PASSWORD_POLICY,
            action="ResetUserPassword",
            after_create=True,
            description="The user's password, set with {action} after the user is created and whenever it "
                        "changes: {policy}. A secret: stored encrypted, never read back, never printed.",
        ),
        Field(
            "mfa_authentication_settings",
            "UserMFAAuthenticationSettings",
            Change.OWN_ACTION,
            choices=_STATUS,
            update_api_name="UserMFAAuthenticationSettings",
            read_api="GetUserMFAAuthenticationSettings",
            action="UpdateUserMFAAuthenticationSettings",
            after_create=True,
            description="{choices}: whether the user must use MFA to sign in. Set with {action}; read back on "
                        "refresh when set.",
        ),
        _adopt("user"),
    ),
    outputs=(*_own_outputs(ALICLOUD_CLOUD, "user", "user_id", "UserId", _ALICLOUD_TIMES), _provision_type("user")),
    operations=_user_operations("User"),
    **_USER_KEYS,
)

_GROUP_KEYS = _Keys(id_fields=("group_id",), name_field="group_name", unique_fields=("group_name",),
                    # Taken as unique regardless of case in both clouds, as their consoles behave.
                    case_insensitive_fields=("group_name",), class_name="Group", adopt_field="adopt_existing")
_GROUP_DELETE = "A group with members cannot be deleted: delete its ``GroupMembership`` resources with it."
# UpdateGroup takes NewGroupName: a rename is an update in place.
_RENAMED_IN_PLACE = "Updated in place (UpdateGroup)."


def _group_operations(record_key: str) -> Operations:
    return Operations(
        create="CreateGroup", get="GetGroup", delete="DeleteGroup", list="ListGroups", list_key="Groups",
        record_key=record_key, update="UpdateGroup",
    )


TENCENT_GROUP = ResourceSpec(
    cloud_spec=TENCENT_CLOUD,
    kind="group",
    description=f"A user group of Tencent Cloud Organization Identity Center.\n\n{_IMPORT_ID}\n{_GROUP_DELETE}",
    fields=(
        _parent(TENCENT_CLOUD, "group"),
        _name("group_name", "GroupName", Change.UPDATE, TENCENT_CLOUD, charset="-", max_length=128,
              how=_RENAMED_IN_PLACE),
        _description(),
        _type("group_type", "GroupType", "group"),
        _adopt("group"),
    ),
    outputs=(
        *_own_outputs(TENCENT_CLOUD, "group", "group_id", "GroupId", _TENCENT_TIMES),
        Output("member_count", "MemberCount", kind=Kind.INT, description="How many users the group had when last read."),
    ),
    operations=_group_operations("GroupInfo"),
    **_GROUP_KEYS,
)

ALICLOUD_GROUP = ResourceSpec(
    cloud_spec=ALICLOUD_CLOUD,
    kind="group",
    description=f"A group of Alibaba Cloud CloudSSO users.\n\n{_IMPORT_ID}\n{_GROUP_DELETE}",
    fields=(
        _parent(ALICLOUD_CLOUD, "group"),
        _name("group_name", "GroupName", Change.UPDATE, ALICLOUD_CLOUD, charset="_-.", max_length=128,
              how=_RENAMED_IN_PLACE),
        _description(),
        _adopt("group"),
    ),
    outputs=(*_own_outputs(ALICLOUD_CLOUD, "group", "group_id", "GroupId", _ALICLOUD_TIMES), _provision_type("group")),
    operations=_group_operations("Group"),
    **_GROUP_KEYS,
)


def _membership(cloud: CloudSpec, terraform_resource: str) -> ResourceSpec:
    """One user in one group: named by its three ids; read from the user's joined groups."""
    return ResourceSpec(
        cloud_spec=cloud,
        kind="group membership",
        description=(
            f"One {cloud.product} user in one group (AddUserToGroup / RemoveUserFromGroup).\n\n"
            f"The resource id is {{id_shape}}, the import id of the Terraform provider's {literal(terraform_resource)}. "
            "Since it depends on its user and group, the engine removes it before deleting either."
        ),
        fields=(
            _parent(cloud, "membership"),
            Field("group_id", "GroupId", Change.REPLACE, required=True, id_rule=cloud.id_rules["group_id"],
                  description=f"The group, e.g. ``Group.group_id``. {_REPLACES.format('membership')}"),
            Field("user_id", "UserId", Change.REPLACE, required=True, id_rule=cloud.id_rules["user_id"],
                  description=f"The user, e.g. ``User.user_id``. {_REPLACES.format('membership')}"),
        ),
        outputs=(),
        operations=Operations(
            create="AddUserToGroup", delete="RemoveUserFromGroup", list="ListJoinedGroupsForUser",
            list_key="JoinedGroups", list_scope=("user_id",), list_match="group_id",
        ),
        id_fields=("group_id", "user_id"),
        class_name="GroupMembership",
    )


TENCENT_MEMBERSHIP = _membership(TENCENT_CLOUD, "tencentcloud_identity_center_user_group_attachment")
ALICLOUD_MEMBERSHIP = _membership(ALICLOUD_CLOUD, "alicloud_cloud_sso_user_attachment")

# Every kind of every cloud: what the schema and the generated public classes are made from.
RESOURCE_SPECS = (TENCENT_USER, TENCENT_GROUP, TENCENT_MEMBERSHIP, ALICLOUD_USER, ALICLOUD_GROUP, ALICLOUD_MEMBERSHIP)
