"""The contract between the cloud-neutral lifecycle and a cloud adapter, and what adapters share.

A record (of a user, a group, a membership) is a plain dict keyed by our snake_case field and
output names, holding what the cloud reports. Both clouds expose the same actions for each kind
with the same parameter shapes, so :class:`SdkDirectory` builds every request from the spec's
operations and API names; a cloud's adapter only sends one action through its SDK and maps that
SDK's errors to ours.
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
from ..spec import Field, Kind, ResourceSpec

Record = dict[str, Any]

# Appended to credential and connection errors: the engine may have handed us stale settings.
STALE_CONFIG_HINT = (
    " If you changed keys or the endpoint in stack config since the last `pulumi up`: `pulumi refresh` "
    "and `pulumi destroy` configure the provider with the config saved by that update, so run them with "
    "`--run-program`, or run `pulumi up` first."
)

# Actions that change nothing; every other action counts as a write to its zone/directory.
READ_PREFIXES = ("Get", "List")


def to_api(spec: ResourceSpec, values: Mapping[str, Any], *, update: bool = False) -> dict[str, Any]:
    """Our field names to the cloud's parameter names (the update action's New* ones with ``update``).

    Tags go as the create action's list of ``{Key, Value}``; changing them later takes the tag actions.
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


def from_api(spec: ResourceSpec, parent_id: str, item: Mapping[str, Any]) -> Record:
    """The cloud's object to a record; tags become a plain dict.

    The zone/directory comes from the request: the clouds do not repeat it in the object.
    """
    record: Record = {spec.parent: parent_id}
    for fld in spec.fields:
        if fld.api_name in item and item[fld.api_name] is not None and fld.name != spec.parent:
            value = item[fld.api_name]
            if fld.kind is Kind.TAGS:
                value = _own_tags(spec, value)
            record[fld.name] = value
    for out in spec.outputs:
        if out.api_name and item.get(out.api_name) not in (None, ""):
            record[out.name] = item[out.api_name]
    return record


def _own_tags(spec: ResourceSpec, tags: Sequence[Mapping[str, str]]) -> dict[str, str]:
    """Tags as a dict, without those under reserved prefixes: the cloud's own services set those."""
    reserved = spec.tag_rules.reserved_key_prefixes if spec.tag_rules else ()
    return {t["Key"]: t.get("Value", "") for t in tags if not t["Key"].lower().startswith(reserved)}


class SdkDirectory:
    """One kind of resource in one cloud, over that cloud's SDK; every method may raise our errors.

    Every request is built from the spec: its operations table names the actions, its fields
    the parameters. Subclasses implement :meth:`_send` (one action through the SDK, its errors
    translated to ours with the kind's error map) and say how ListUsers/ListGroups filter.
    """

    page_size: ClassVar[int] = 100  # the List actions' maximum

    def __init__(self, spec: ResourceSpec, settings: CloudSettings, retry: RetryPolicy) -> None:
        self.spec = spec
        self._retry = retry
        # Paced with the retry policy's clock, so tests that fake time fake both.
        self._limiter = RateLimiter(settings.rate_limits, clock=retry.clock, sleep=retry.sleep)
        self._writes: Counter[str] = Counter()
        self._writes_lock = threading.Lock()

    def _send(self, action: str, params: Mapping[str, Any], context: "CallContext") -> dict[str, Any]:
        raise NotImplementedError

    def _search_filter(self, field_name: str, value: str) -> Optional[str]:
        """The List action's Filter that narrows it to ``value`` of ``field_name``; None lists all."""
        raise NotImplementedError

    def _call(self, action: str, params: Mapping[str, Any], context: "CallContext") -> dict[str, Any]:
        try:
            return self._retry.run(lambda: self._paced_send(action, params, context), action=action)
        finally:
            if not action.startswith(READ_PREFIXES):
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

    def _request(self, action: str, parent_id: str, ids: Mapping[str, str] = {}, name: str = "",
                 **params: Any) -> dict[str, Any]:
        """Send ``action`` to the zone/directory, naming the resource by ``ids`` (field -> value)."""
        target = {self.spec.api_name(self.spec.parent): parent_id,
                  **{self.spec.api_name(k): v for k, v in ids.items()}}
        context = CallContext(action, self.spec.parent_label, parent_id, "/".join(ids.values()), name)
        return self._call(action, {**target, **params}, context)

    def _record(self, parent_id: str, response: Mapping[str, Any]) -> Optional[Record]:
        item = response.get(self.spec.operations.record_key) if self.spec.operations.record_key else None
        return from_api(self.spec, parent_id, item) if item else None

    def create(self, parent_id: str, values: Mapping[str, Any]) -> Record:
        """Create from ``values``; the record as the cloud answers, or (a kind with no object) the values."""
        name = str(values.get(self.spec.name_field, "")) if self.spec.name_field else ""
        ids = {} if self.spec.has_own_id else {f: values[f] for f in self.spec.id_fields}
        rest = {k: v for k, v in values.items() if k not in ids and k != self.spec.parent}
        response = self._request(self.spec.operations.create, parent_id, ids, name, **to_api(self.spec, rest))
        return self._record(parent_id, response) or {**values, self.spec.parent: parent_id}

    def get(self, parent_id: str, resource_id: str) -> Record:
        """Raise ResourceGone only when the cloud says this resource does not exist."""
        response = self._request(self.spec.operations.get, parent_id, {self.spec.id_field: resource_id})
        record = self._record(parent_id, response)
        assert record is not None, f"{self.spec.operations.get} answered without {self.spec.operations.record_key}"
        return record

    def pages(self, parent_id: str, scope: Mapping[str, str] = {}, token: str = "",
              search: Optional[str] = None) -> Iterator["Page"]:
        """The List action's pages (the largest the API allows), from ``token``."""
        ops = self.spec.operations
        while True:
            page = self._request(ops.list, parent_id, scope, MaxResults=self.page_size,
                                 **({"NextToken": token} if token else {}), **({"Filter": search} if search else {}))
            token = (page.get("NextToken") or "") if page.get("IsTruncated") else ""
            items = [from_api(self.spec, parent_id, item) for item in page.get(ops.list_key) or []]
            yield Page(items, token, page.get("TotalCounts"))
            if not token:
                return

    def find_listed(self, parent_id: str, scope: Mapping[str, str], field_name: str, value: str) -> Optional[Record]:
        """The listed item whose ``field_name`` is ``value`` (a membership: the user's joined group)."""
        for page in self.pages(parent_id, scope):
            for item in page.items:
                if item.get(field_name) == value:
                    return item
        return None

    def find_holder(self, parent_id: str, field_name: str, value: str) -> Optional[Record]:
        """The resource whose unique ``field_name`` (a name, an email) is ``value``, or None."""
        fold = field_name in self.spec.case_insensitive_fields
        wanted = value.lower() if fold else value
        for page in self.pages(parent_id, search=self._search_filter(field_name, value)):
            for item in page.items:
                # Filters may match more than the key (Tencent's is free text): compare exactly here.
                found = str(item.get(field_name) or "")
                if (found.lower() if fold else found) == wanted:
                    # List entries carry every field the Get action has (tags included): no second call.
                    return item
        return None

    def update(self, parent_id: str, resource_id: str, values: Mapping[str, Any]) -> Optional[Record]:
        """Send ``values`` (only the changed ones; "" clears) with the kind's update action.

        Returns the resource as the action answers it (UpdateUser, UpdateGroup).
        """
        return self._send_update(self.spec.operations.update, parent_id, resource_id, values)

    def set_field(self, parent_id: str, resource_id: str, fld: Field, current: Any, wanted: Any) -> Optional[Record]:
        """Take a field with its own action (Change.OWN_ACTION) from ``current`` to ``wanted``."""
        return self._send_update(fld.action, parent_id, resource_id, {fld.name: wanted})

    def _send_update(self, action: str, parent_id: str, resource_id: str, values: Mapping[str, Any]) -> Optional[Record]:
        response = self._request(action, parent_id, {self.spec.id_field: resource_id},
                                 **to_api(self.spec, values, update=True))
        return self._record(parent_id, response)

    def read_field(self, parent_id: str, resource_id: str, field_name: str) -> Any:
        """A field the Get action does not return, through its own read action."""
        fld = self.spec.field(field_name)
        response = self._request(fld.read_api, parent_id, {self.spec.id_field: resource_id})
        return response.get(fld.api_name)

    def delete(self, parent_id: str, ids: Mapping[str, str]) -> None:
        """Raise ResourceGone only when the cloud says this resource is already gone."""
        self._request(self.spec.operations.delete, parent_id, ids)


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
class Page:
    """One List page: its items, the token of the next page ("" after the last), the total if given."""

    items: list[Record]
    next_token: str
    total: Optional[int]


@dataclass(frozen=True)
class ErrorRule:
    """How one cloud error code becomes one of our errors, with advice for the user.

    ``advice`` is formatted with the call's context: action, parent_label, parent_id,
    resource_id, name, detail (the cloud's own message).
    """

    error: type[DirectoryUserError]
    advice: str
    field: str = ""  # for AlreadyExists: the unique field that clashed


@dataclass(frozen=True)
class CallContext:
    action: str
    parent_label: str
    parent_id: str = ""
    resource_id: str = ""  # the resource's id(s), "/"-joined for a membership
    name: str = ""  # its natural key (user or group name), when the call has one


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
