"""The cloud-neutral lifecycle of a directory user: check, diff, create, read, update, delete.

The rules (what replaces, what updates, what counts as gone, how adoption works) live here
once; a cloud adapter only performs the calls. diff and check are pure and need no
credentials, so `pulumi preview` works offline. The provider object that Pulumi serializes
into state carries no attributes at all: credentials are read in the provider process.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from typing import Any, ClassVar, Mapping, Optional

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from . import settings as settings_mod
from .clouds.base import SdkDirectory, UserRecord
from .errors import AlreadyExists, InvalidRequest, UserNotFound
from .listing import Listings
from .retry import RetryPolicy
from .spec import Change, UserSpec
from .validation import check_inputs, is_unknown

PROVIDER_KEY = "__provider"


# ----------------------------------------------------------------------------- pure rules


def declared(spec: UserSpec, props: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs the program set (Pulumi drops unset ones; we drop outputs and the provider)."""
    return {k: props[k] for k in spec.input_names if props.get(k) is not None}


def effective(spec: UserSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    """What the cloud holds for each field, an unset field meaning the cloud's empty value."""
    return {
        f.name: values[f.name] if values.get(f.name) is not None else f.empty
        for f in spec.fields
        if f.change is not Change.LOCAL
    }


def _same(spec: UserSpec, name: str, old: Any, new: Any) -> bool:
    if name in spec.case_insensitive_fields and isinstance(old, str) and isinstance(new, str):
        return old.lower() == new.lower()
    return bool(old == new)


def _maybe_same(spec: UserSpec, name: str, old: Any, new: Any) -> bool:
    return is_unknown(new) or _same(spec, name, old, new)


@dataclass(frozen=True)
class DiffPlan:
    changes: bool
    replaces: list[str]
    delete_before_replace: bool


def plan_diff(spec: UserSpec, olds: Mapping[str, Any], news: Mapping[str, Any]) -> DiffPlan:
    """Compare stored outputs with new inputs; unknown values count as changed."""
    old, new = effective(spec, olds), effective(spec, news)
    changed = [n for n in old if is_unknown(new[n]) or not _same(spec, n, old[n], new[n])]
    replaces = [n for n in changed if spec.field(n).change is Change.REPLACE]
    return DiffPlan(
        changes=bool(changed),
        replaces=replaces,
        delete_before_replace=bool(replaces) and _would_collide(spec, old, new),
    )


def _would_collide(spec: UserSpec, old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Would the replacement clash with the user it replaces while both exist?

    Both live in the same zone/directory and share a unique key (name or email); then the
    old one has to go first. Unknown values might turn out equal, so they count as clashing.
    """
    if not _maybe_same(spec, spec.parent, old[spec.parent], new[spec.parent]):
        return False
    return any(
        (is_unknown(new[n]) or new[n]) and _maybe_same(spec, n, old[n], new[n])
        for n in spec.unique_fields
    )


@dataclass
class UpdatePlan:
    profile: dict[str, Any] = field(default_factory=dict)
    status: Optional[str] = None
    tag_upsert: dict[str, str] = field(default_factory=dict)
    tag_remove: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.profile or self.status or self.tag_upsert or self.tag_remove)


def immutable_changes(
    spec: UserSpec, current: Mapping[str, Any], wanted: Mapping[str, Any]
) -> list[tuple[str, Any, Any]]:
    """The fields that would have to change but cannot in place: (name, current, wanted)."""
    old, new = effective(spec, current), effective(spec, wanted)
    return [
        (f.name, old[f.name], new[f.name])
        for f in spec.fields_changed_by(Change.REPLACE)
        if not _same(spec, f.name, old[f.name], new[f.name])
    ]


def plan_update(spec: UserSpec, current: Mapping[str, Any], wanted: Mapping[str, Any]) -> UpdatePlan:
    """The calls that take a user from ``current`` to ``wanted``: only what differs."""
    immutable = immutable_changes(spec, current, wanted)
    if immutable:
        name, was, will = immutable[0]
        raise InvalidRequest(
            f"{name} cannot change in place ({was!r} -> {will!r}); "
            "it is immutable in the cloud, so the resource must be replaced"
        )
    old, new = effective(spec, current), effective(spec, wanted)
    plan = UpdatePlan()
    for name in old:
        if _same(spec, name, old[name], new[name]):
            continue
        change = spec.field(name).change
        if change is Change.PROFILE:
            plan.profile[name] = new[name]
        elif change is Change.STATUS:
            plan.status = new[name]
        elif change is Change.TAGS:
            plan.tag_upsert = {k: v for k, v in new[name].items() if old[name].get(k) != v}
            plan.tag_remove = sorted(set(old[name]) - set(new[name]))
    return plan


def refreshed_inputs(spec: UserSpec, record: UserRecord, old_outputs: Mapping[str, Any]) -> dict[str, Any]:
    """Inputs as the cloud now has them, so drift shows as a diff on the next preview.

    A field at the cloud's empty value is left out, as if the program had not set it; fields
    we never read back (adopt_existing, one-shot flags) keep their stored value.
    """
    inputs: dict[str, Any] = {}
    for f in spec.fields:
        if f.change is Change.LOCAL or f.write_only:
            value = old_outputs.get(f.name)
        else:
            value = record.get(f.name)
            if value == f.empty and f.name != spec.parent:
                value = None
        if value is not None:
            inputs[f.name] = value
    return inputs


def outputs(
    spec: UserSpec, record: UserRecord, inputs: Mapping[str, Any], previous: Mapping[str, Any]
) -> dict[str, Any]:
    """Stack outputs: the inputs, overlaid with what the cloud reports, plus computed fields."""
    outs: dict[str, Any] = dict(inputs)
    for f in spec.fields:
        if f.change is not Change.LOCAL and not f.write_only and f.name in record:
            value = record[f.name]
            if value == "" or value == {}:
                outs.pop(f.name, None)
            else:
                outs[f.name] = value
    for out in spec.outputs:
        value = previous.get(out.name) if out.create_only else None
        value = record.get(out.name, value)
        if value is not None:
            outs[out.name] = value
    return outs


# ----------------------------------------------------------------------------- the provider


@dataclass
class _Runtime:
    """Per-process state of an unpickled provider; never serialized.

    The engine's provider process keeps one provider object per serialized form, so this is
    shared by all the threads serving calls: the adapter (with its rate limiter) and the
    listings that reads share.
    """

    config: dict[str, Optional[str]] = field(default_factory=dict)
    api: Optional[SdkDirectory] = None
    listings: Listings = field(default_factory=Listings)
    lock: threading.Lock = field(default_factory=threading.Lock)


class DirectoryUserProvider(ResourceProvider):
    """Dynamic provider for one cloud; subclasses name the spec, settings and adapter."""

    spec: ClassVar[UserSpec]
    sources: ClassVar[settings_mod.CloudSources]
    adapter: ClassVar[type[SdkDirectory]]

    # ---- serialization: pickled by reference to this installed module, with no state.

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        pass

    def _runtime(self) -> _Runtime:
        runtime = self.__dict__.get("_runtime_state")
        if runtime is None:
            runtime = self.__dict__.setdefault("_runtime_state", _Runtime())
        return runtime

    def configure(self, req: ConfigureRequest) -> None:
        self._runtime().config = {k: req.config.get(k) for k in self.sources.config_keys}

    def api(self) -> SdkDirectory:
        """The cloud adapter, built on first use from config and the environment."""
        runtime = self._runtime()
        with runtime.lock:
            if runtime.api is None:
                resolved = settings_mod.resolve(
                    self.sources, self.spec.product, runtime.config.get, os.environ
                )
                runtime.api = self.adapter(resolved, RetryPolicy(deadline=resolved.retry_deadline))
            return runtime.api

    # ---- pure steps

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        failures = check_inputs(self.spec, news)
        return CheckResult(news, [CheckFailure(f.property, f.reason) for f in failures])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        plan = plan_diff(self.spec, olds, news)
        return DiffResult(
            changes=plan.changes,
            replaces=plan.replaces,
            delete_before_replace=plan.delete_before_replace,
        )

    # ---- steps that call the cloud

    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = declared(self.spec, props)
        parent_id, user_name = inputs[self.spec.parent], inputs["user_name"]
        api = self.api()
        existing = api.find_user(parent_id, user_name) if inputs.get("adopt_existing") else None
        if existing is not None:
            record = self._adopt(api, parent_id, existing, inputs)
        else:
            record = self._create(api, parent_id, inputs)
        user_id = record["user_id"]
        return CreateResult(
            self.spec.resource_id(parent_id, user_id), outputs(self.spec, record, inputs, {})
        )

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        parent_id, user_id = self.spec.split_id(id_)
        record = self._current(parent_id, user_id)
        if record is None:
            # Deleted out of band: an empty id tells the engine to drop it from state.
            return ReadResult(None, {})
        inputs = refreshed_inputs(self.spec, record, props)
        return ReadResult(id_, outputs(self.spec, record, inputs, props), inputs=inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        parent_id, user_id = self.spec.split_id(id_)
        inputs = declared(self.spec, news)
        api = self.api()
        plan = plan_update(self.spec, olds, inputs)
        answer = self._apply(api, parent_id, user_id, plan)
        record = self._after_update(api, parent_id, user_id, plan, olds, answer)
        return UpdateResult(outputs(self.spec, record, inputs, olds))

    def delete(self, id_: str, _props: dict[str, Any]) -> None:
        parent_id, user_id = self.spec.split_id(id_)
        try:
            self.api().delete_user(parent_id, user_id)
        except UserNotFound:
            pass  # already gone: the goal of a delete

    # ---- helpers

    def _create(self, api: SdkDirectory, parent_id: str, inputs: Mapping[str, Any]) -> UserRecord:
        values = {k: v for k, v in inputs.items() if self.spec.field(k).change is not Change.LOCAL}
        try:
            return api.create_user(parent_id, values)
        except AlreadyExists as error:
            if error.field != "user_name":
                raise
            existing = api.find_user(parent_id, inputs["user_name"])
            if existing is not None and error.after_ambiguous_failure:
                # An earlier attempt created it but its answer was lost on the way back.
                return self._converge(api, parent_id, existing, inputs)
            raise self._name_taken(parent_id, inputs["user_name"], existing, error) from error

    def _adopt(
        self, api: SdkDirectory, parent_id: str, existing: UserRecord, inputs: Mapping[str, Any]
    ) -> UserRecord:
        immutable = immutable_changes(self.spec, existing, inputs)
        if immutable:
            name, found, wanted = immutable[0]
            raise InvalidRequest(
                f"Cannot adopt user {inputs['user_name']!r} ({existing['user_id']}): its {name} is "
                f"{found!r} but the program declares {wanted!r}, and {name} cannot change in place. "
                f"Declare {name}={found!r}, or delete that user first."
            )
        return self._converge(api, parent_id, existing, inputs)

    def _converge(
        self, api: SdkDirectory, parent_id: str, existing: UserRecord, inputs: Mapping[str, Any]
    ) -> UserRecord:
        user_id = existing["user_id"]
        plan = plan_update(self.spec, existing, inputs)
        if not plan:
            return existing
        self._apply(api, parent_id, user_id, plan)
        return api.get_user(parent_id, user_id)

    @staticmethod
    def _apply(api: SdkDirectory, parent_id: str, user_id: str, plan: UpdatePlan) -> Optional[UserRecord]:
        """Make the plan's calls; return UpdateUser's answer when one was made.

        UpdateUser goes last, so that its answer (the user, in both clouds) already shows the
        new status and the time of the last change.
        """
        if plan.status:
            api.set_status(parent_id, user_id, plan.status)
        if plan.tag_upsert or plan.tag_remove:
            api.update_tags(parent_id, user_id, plan.tag_upsert, plan.tag_remove)
        if plan.profile:
            return api.update_profile(parent_id, user_id, plan.profile)
        return None

    def _current(self, parent_id: str, user_id: str) -> Optional[UserRecord]:
        """The user as the cloud has it now, or None when the cloud says this user is gone.

        Reads share one listing of the zone/directory (see :mod:`.listing`); a user the listing
        does not show may have been created after it was taken, so only GetUser's UserNotFound
        counts as gone.
        """
        api = self.api()
        listed = self._runtime().listings.lookup(api, parent_id, user_id)
        if listed is not None:
            return listed
        try:
            return api.get_user(parent_id, user_id)
        except UserNotFound:
            return None

    def _after_update(
        self,
        api: SdkDirectory,
        parent_id: str,
        user_id: str,
        plan: UpdatePlan,
        olds: Mapping[str, Any],
        answer: Optional[UserRecord],
    ) -> UserRecord:
        """The user after an update, from what the calls answered; GetUser only if UpdateUser gave nothing.

        UpdateUserStatus and the tag calls answer with a request id only, and Alibaba's UpdateUser
        answer has no tags: what the answer lacks is what the state held, with the plan applied.
        A status-only or tag-only change therefore keeps the previous update_time until the next
        refresh, which is the price of not reading the user back.
        """
        if plan.profile and answer is None:
            return api.get_user(parent_id, user_id)
        known: UserRecord = dict(olds)
        if plan.status:
            known[self.spec.fields_changed_by(Change.STATUS)[0].name] = plan.status
        for tags in self.spec.fields_changed_by(Change.TAGS):
            current = dict(known.get(tags.name) or {})
            current.update(plan.tag_upsert)
            known[tags.name] = {k: v for k, v in current.items() if k not in plan.tag_remove}
        return {**known, **(answer or {})}

    def _name_taken(
        self, parent_id: str, user_name: str, existing: Optional[UserRecord], error: AlreadyExists
    ) -> AlreadyExists:
        who = f" as {existing['user_id']}" if existing else ""
        return AlreadyExists(
            f"User {user_name!r} already exists in {self.spec.parent_label} {parent_id}{who}. "
            "To manage that user with this resource, set adopt_existing=True (it takes the user "
            "over and updates it to the declared fields); otherwise choose another user_name.",
            field="user_name",
            code=error.code,
            request_id=error.request_id,
        )

