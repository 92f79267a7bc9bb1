"""The contract between the cloud-neutral lifecycle and a cloud adapter.

A user record is a plain dict keyed by our snake_case field and output names, holding what
the cloud reports. Adapters translate records to and from the cloud's API names (taken from
the spec, so the names live in one table) and turn SDK exceptions into our errors.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Mapping, Optional, Protocol, Sequence

from ..errors import AlreadyExists, DirectoryUserError, TransientFailure, UnexpectedError
from ..spec import Kind, UserSpec

UserRecord = dict[str, Any]


class DirectoryApi(Protocol):
    """What the lifecycle needs from a cloud; every method may raise our errors."""

    spec: UserSpec

    def create_user(self, parent_id: str, values: Mapping[str, Any]) -> UserRecord: ...

    def get_user(self, parent_id: str, user_id: str) -> UserRecord:
        """Raise NotFound when the user does not exist."""

    def find_user(self, parent_id: str, user_name: str) -> Optional[UserRecord]:
        """The user with exactly this name, or None."""

    def update_profile(self, parent_id: str, user_id: str, changes: Mapping[str, Any]) -> None:
        """Send only ``changes``; an empty string clears a field."""

    def set_status(self, parent_id: str, user_id: str, status: str) -> None: ...

    def update_tags(
        self, parent_id: str, user_id: str, upsert: Mapping[str, str], remove: Sequence[str]
    ) -> None: ...

    def delete_user(self, parent_id: str, user_id: str) -> None:
        """Raise NotFound when the user is already gone."""


def to_api(spec: UserSpec, values: Mapping[str, Any], *, update: bool = False) -> dict[str, Any]:
    """Our field names to the cloud's parameter names (UpdateUser's New* ones with ``update``).

    Tags are left out: each cloud sends them its own way.
    """
    params: dict[str, Any] = {}
    for name, value in values.items():
        fld = spec.field(name)
        if fld.api_name and fld.kind is not Kind.TAGS:
            params[fld.api_update_name if update else fld.api_name] = value
    return params


def from_api(spec: UserSpec, parent_id: str, user: Mapping[str, Any]) -> UserRecord:
    """The cloud's user object to a record; tags become a plain dict.

    The zone/directory comes from the request: the clouds do not repeat it in the user object.
    """
    record: UserRecord = {spec.parent: parent_id}
    for fld in spec.fields:
        if fld.api_name in user and user[fld.api_name] is not None:
            value = user[fld.api_name]
            if fld.kind is Kind.TAGS:
                value = {t["Key"]: t.get("Value", "") for t in value}
            record[fld.name] = value
    for out in spec.outputs:
        if user.get(out.api_name) not in (None, ""):
            record[out.name] = user[out.api_name]
    return record


@dataclass(frozen=True)
class ErrorRule:
    """How one cloud error code becomes one of our errors, with advice for the user.

    ``advice`` is formatted with the call's context: action, parent_label, parent_id,
    user_id, user_name, detail (the cloud's own message).
    """

    error: type[DirectoryUserError]
    advice: str
    field: str = ""  # for AlreadyExists: the unique field that clashed


@dataclass(frozen=True)
class CallContext:
    action: str
    parent_label: str
    parent_id: str = ""
    user_id: str = ""
    user_name: str = ""


def lookup_rule(rules: Mapping[str, ErrorRule], code: str) -> Optional[ErrorRule]:
    """The rule for ``code`` or for its nearest dotted prefix (``AuthFailure`` covers ``AuthFailure.X``)."""
    while code:
        if code in rules:
            return rules[code]
        code = code.rpartition(".")[0]
    return None


def translate(
    rules: Mapping[str, ErrorRule],
    code: str,
    detail: str,
    request_id: str,
    context: CallContext,
    **extra: Any,
) -> DirectoryUserError:
    """Build our error for a cloud error code; unknown codes keep the cloud's own message."""
    rule = lookup_rule(rules, code)
    if rule is None:
        return UnexpectedError(
            f"{context.action} failed: {detail}", code=code, request_id=request_id
        )
    message = rule.advice.format(detail=detail, **asdict(context))
    kwargs: dict[str, Any] = {"code": code, "request_id": request_id, **extra}
    if rule.error is AlreadyExists:
        kwargs["field"] = rule.field
    if rule.error is TransientFailure:
        kwargs.setdefault("ambiguous", True)
    return rule.error(message, **kwargs)
