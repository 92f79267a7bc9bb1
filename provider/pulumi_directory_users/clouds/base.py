"""The contract between the cloud-neutral lifecycle and a cloud adapter, and what adapters share.

A user record is a plain dict keyed by our snake_case field and output names, holding what
the cloud reports. Both clouds expose the same six user actions with the same parameter
shapes, so :class:`SdkDirectory` builds every request from the spec's API names; a cloud's
adapter only sends one action through its SDK and maps that SDK's errors to ours.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any, ClassVar, Iterable, Iterator, Mapping, Optional, Sequence

from ..errors import (
    AlreadyExists,
    DirectoryUserError,
    InvalidRequest,
    TransientFailure,
    UnexpectedError,
)
from ..ratelimit import RateLimiter
from ..retry import RetryPolicy
from ..settings import CloudSettings
from ..spec import Change, Kind, UserSpec

UserRecord = dict[str, Any]

# Appended to credential and connection errors: the engine may have handed us stale settings.
STALE_CONFIG_HINT = (
    " If you changed keys or the endpoint in stack config since the last `pulumi up`: `pulumi refresh` "
    "and `pulumi destroy` configure the provider with the config saved by that update, so run them with "
    "`--run-program`, or run `pulumi up` first."
)

# Actions that change nothing; every other action counts as a write to its zone/directory.
READ_ACTIONS = frozenset({"GetUser", "ListUsers"})


def to_api(spec: UserSpec, values: Mapping[str, Any], *, update: bool = False) -> dict[str, Any]:
    """Our field names to the cloud's parameter names (UpdateUser's New* ones with ``update``).

    Tags go as CreateUser's list of ``{Key, Value}``; changing them later takes the tag actions.
    """
    params: dict[str, Any] = {}
    for name, value in values.items():
        fld = spec.field(name)
        if fld.kind is Kind.TAGS:
            if value:
                params[fld.api_name] = [{"Key": k, "Value": v} for k, v in value.items()]
        elif fld.api_name:
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
                value = _own_tags(spec, value)
            record[fld.name] = value
    for out in spec.outputs:
        if user.get(out.api_name) not in (None, ""):
            record[out.name] = user[out.api_name]
    return record


def _own_tags(spec: UserSpec, tags: Sequence[Mapping[str, str]]) -> dict[str, str]:
    """Tags as a dict, without those under reserved prefixes: the cloud's own services set those."""
    reserved = spec.tag_rules.reserved_key_prefixes if spec.tag_rules else ()
    return {t["Key"]: t.get("Value", "") for t in tags if not t["Key"].lower().startswith(reserved)}


class SdkDirectory:
    """What the lifecycle needs from a cloud, over that cloud's SDK; every method may raise our errors.

    Requests are built from the spec's API names. Subclasses implement :meth:`_send` (one
    action through the SDK, its errors translated to ours) and say where the user object sits
    in responses and how ListUsers filters by name.
    """

    spec: ClassVar[UserSpec]
    user_key: ClassVar[str]  # the user object in CreateUser/GetUser responses
    page_size: ClassVar[int] = 100  # ListUsers' maximum

    def __init__(self, settings: CloudSettings, retry: RetryPolicy) -> None:
        self._retry = retry
        # Paced with the retry policy's clock, so tests that fake time fake both.
        self._limiter = RateLimiter(settings.rate_limits, clock=retry.clock, sleep=retry.sleep)
        self._writes: Counter[str] = Counter()
        self._writes_lock = threading.Lock()

    def _send(self, action: str, params: Mapping[str, Any], context: "CallContext") -> dict[str, Any]:
        raise NotImplementedError

    def _search_filter(self, field_name: str, value: str) -> Optional[str]:
        """ListUsers' Filter that narrows the listing to ``value`` of ``field_name``; None lists all."""
        raise NotImplementedError

    def _call(self, action: str, params: Mapping[str, Any], context: "CallContext") -> dict[str, Any]:
        try:
            return self._retry.run(lambda: self._paced_send(action, params, context), action=action)
        finally:
            if action not in READ_ACTIONS:
                # Counted even when it failed: a failed write may still have been applied.
                with self._writes_lock:
                    self._writes[context.parent_id] += 1

    def _paced_send(self, action: str, params: Mapping[str, Any], context: "CallContext") -> dict[str, Any]:
        self._limiter.acquire(action)  # every attempt is a request the cloud counts
        return self._send(action, params, context)

    def writes(self, parent_id: str) -> int:
        """How many write calls this adapter has made to the zone/directory (to date listings)."""
        with self._writes_lock:
            return self._writes[parent_id]

    def _request(self, action: str, parent_id: str, user_id: str = "", user_name: str = "",
                 **params: Any) -> dict[str, Any]:
        target = {self.spec.field(self.spec.parent).api_name: parent_id}
        if user_id:
            target["UserId"] = user_id
        return self._call(action, {**target, **params}, self._context(action, parent_id, user_id, user_name))

    def _context(self, action: str, parent_id: str, user_id: str = "", user_name: str = "") -> "CallContext":
        return CallContext(action, self.spec.parent_label, parent_id, user_id, user_name)

    def create_user(self, parent_id: str, values: Mapping[str, Any]) -> UserRecord:
        response = self._request("CreateUser", parent_id, user_name=values.get("user_name", ""),
                                 **to_api(self.spec, values))
        return from_api(self.spec, parent_id, response[self.user_key])

    def get_user(self, parent_id: str, user_id: str) -> UserRecord:
        """Raise UserNotFound only when the cloud says this user does not exist."""
        return from_api(self.spec, parent_id, self._request("GetUser", parent_id, user_id)[self.user_key])

    def list_pages(self, parent_id: str, token: str = "") -> Iterator["UserPage"]:
        """Every user of the zone/directory, a page (the largest the API allows) at a time, from ``token``."""
        while True:
            page = self._request("ListUsers", parent_id, MaxResults=self.page_size,
                                 **({"NextToken": token} if token else {}))
            token = (page.get("NextToken") or "") if page.get("IsTruncated") else ""
            users = [from_api(self.spec, parent_id, user) for user in page.get("Users") or []]
            yield UserPage(users, token, page.get("TotalCounts"))
            if not token:
                return

    def find_user(self, parent_id: str, user_name: str) -> Optional[UserRecord]:
        """The user with exactly this name, or None."""
        return self.find_holder(parent_id, "user_name", user_name)

    def find_holder(self, parent_id: str, field_name: str, value: str) -> Optional[UserRecord]:
        """The user whose unique ``field_name`` (user_name or email) is ``value``, or None."""
        api_name = self.spec.field(field_name).api_name
        wanted = value.lower() if field_name in self.spec.case_insensitive_fields else value
        search = self._search_filter(field_name, value)
        token: dict[str, str] = {}
        while True:
            page = self._request("ListUsers", parent_id, user_name=value if field_name == "user_name" else "",
                                 **token, **({"Filter": search} if search else {}), MaxResults=self.page_size)
            for user in page.get("Users") or []:
                # Filters may match more than the key (Tencent's is free text): compare exactly here.
                found = str(user.get(api_name) or "")
                if (found.lower() if field_name in self.spec.case_insensitive_fields else found) == wanted:
                    # List entries carry every field GetUser has (tags included): no second call.
                    return from_api(self.spec, parent_id, user)
            if not page.get("IsTruncated") or not page.get("NextToken"):
                return None
            token = {"NextToken": page["NextToken"]}

    def update_profile(self, parent_id: str, user_id: str, changes: Mapping[str, Any]) -> Optional[UserRecord]:
        """Send only ``changes``; an empty string clears a field. Returns the user as UpdateUser answers it.

        Both clouds answer with the user (Tencent ``UserInfo``, Alibaba ``User`` without tags);
        None if an answer ever lacks it.
        """
        response = self._request("UpdateUser", parent_id, user_id, **to_api(self.spec, changes, update=True))
        user = response.get(self.user_key)
        return from_api(self.spec, parent_id, user) if user else None

    def set_status(self, parent_id: str, user_id: str, status: str) -> None:
        status_field = self.spec.fields_changed_by(Change.STATUS)[0].name
        self._request("UpdateUserStatus", parent_id, user_id,
                      **to_api(self.spec, {status_field: status}, update=True))

    def update_tags(
        self, parent_id: str, user_id: str, upsert: Mapping[str, str], remove: Sequence[str]
    ) -> None:
        raise InvalidRequest(f"{self.spec.product} users have no tags")

    def delete_user(self, parent_id: str, user_id: str) -> None:
        """Raise UserNotFound only when the cloud says this user is already gone."""
        self._request("DeleteUser", parent_id, user_id)


def require_known(action: str, params: Mapping[str, Any], accepted: Iterable[str]) -> None:
    """Refuse a request with parameters its SDK model lacks: the SDKs would drop them without a word."""
    unknown = sorted(set(params) - set(accepted))
    if unknown:
        raise InvalidRequest(
            f"{action} was about to be sent with parameter(s) {', '.join(unknown)} that the SDK's "
            "request model does not define, so the SDK would silently drop them; nothing was sent. "
            "This is a bug in pulumi-directory-users: please report it with this message."
        )


@dataclass(frozen=True)
class UserPage:
    """One ListUsers page: its users, the token of the next page ("" after the last), the total if given."""

    users: list[UserRecord]
    next_token: str
    total: Optional[int]


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
