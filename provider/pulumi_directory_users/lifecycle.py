"""The cloud-neutral lifecycle of every resource kind: check, diff, create, read, update, delete.

The rules (what replaces, what updates, what counts as gone, how adoption works) live here
once, driven by the kind's spec; a cloud adapter only performs the calls. diff and check are pure and need no
credentials, so `pulumi preview` works offline. The provider object that Pulumi serializes
into state carries no attributes at all: credentials are read in the provider process.
"""

from __future__ import annotations

import os
import sys
import threading
import time
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
from .clouds.base import Record, SdkDirectory
from .deployment import DeploymentLedger, Replacement, UniqueKey
from .errors import AlreadyExists, DirectoryUserError, InvalidRequest, StillHeld, ResourceGone
from .listing import Listings
from .retry import RetryPolicy
from .spec import Change, ResourceSpec
from .validation import SECRET_INPUTS_KEY, check_inputs, is_unknown

# Seconds another resource's diff may lag behind our step before we decide it releases nothing.
DIFF_GRACE = 3.0
# How often a conflict may find its holder gone before we stop taking it for a race.
MAX_VANISHED_HOLDERS = 3
# Seconds by which the cloud's clock may lag ours when we compare a create time with our first attempt.
CLOCK_SKEW_ALLOWANCE = 30.0


# ----------------------------------------------------------------------------- pure rules


def declared(spec: ResourceSpec, props: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs the program set (Pulumi drops unset ones; we drop outputs and the provider)."""
    return {k: props[k] for k in spec.input_names if props.get(k) is not None}


def effective(spec: ResourceSpec, values: Mapping[str, Any]) -> dict[str, Any]:
    """What the cloud holds for each field, an unset field meaning the cloud's empty value."""
    return {
        f.name: values[f.name] if values.get(f.name) is not None else f.empty
        for f in spec.fields
        if f.change is not Change.LOCAL
    }


def _same(spec: ResourceSpec, name: str, old: Any, new: Any) -> bool:
    if name in spec.case_insensitive_fields and isinstance(old, str) and isinstance(new, str):
        return old.lower() == new.lower()
    return bool(old == new)


@dataclass(frozen=True)
class DiffPlan:
    changes: bool
    replaces: list[str]
    delete_before_replace: bool


def plan_diff(spec: ResourceSpec, olds: Mapping[str, Any], news: Mapping[str, Any]) -> DiffPlan:
    """Compare stored outputs with new inputs; unknown values count as changed.

    A replacement always deletes the old user first, as the Terraform providers do. Names are
    unique and immutable, so a swap or chain of renames across resources can only go through
    if every old user is gone before the new ones are created; the delete checks first that
    the new user can be created (see ``DirectoryResourceProvider.delete``).
    """
    old, new = effective(spec, olds), effective(spec, news)
    changed = [n for n in old if is_unknown(new[n]) or not _same(spec, n, old[n], new[n])]
    replaces = [n for n in changed if spec.field(n).change is Change.REPLACE]
    return DiffPlan(changes=bool(changed), replaces=replaces, delete_before_replace=bool(replaces))


def shown_changes(plan: DiffPlan) -> Optional[bool]:
    """The ``changes`` to answer the engine with: False, or None ("unknown") when there are some.

    A dynamic provider cannot send a detailed diff. Answered "some changes" without one, the
    engine shows a replacement as the old outputs against the new inputs (its planned state,
    since a dynamic provider cannot preview a create), so every field the cloud fills in
    (user_id, create_time, user_status, ...) reads as "will be removed". Answered "unknown",
    it diffs the old and new inputs itself, shows only the inputs that differ, and still takes
    our ``replaces`` and ``delete_before_replace``. "No changes" stays ours to say, so a
    difference of case or a default value spelt out never shows as a change.
    """
    return None if plan.changes else False


def unique_keys(spec: ResourceSpec, values: Mapping[str, Any]) -> list[UniqueKey]:
    """The known, non-empty unique keys (a name, an email) of a resource, normalized for comparison."""
    parent = values.get(spec.parent)
    if not isinstance(parent, str) or is_unknown(parent):
        return []
    return [
        _key_of(spec, parent, name, values)
        for name in spec.unique_fields
        if isinstance(values.get(name), str) and values[name] and not is_unknown(values[name])
    ]


def matches_declared(spec: ResourceSpec, record: Mapping[str, Any], inputs: Mapping[str, Any]) -> bool:
    """Does the cloud's resource hold exactly what the program declares (write-only fields aside)?"""
    have, want = effective(spec, record), effective(spec, inputs)
    return all(_same(spec, f.name, have[f.name], want[f.name]) for f in spec.fields if f.name in have and not f.write_only)


# The order of an update's calls: the kind's main update action last, so that its answer (the
# resource, in both clouds) already shows the other changes and the time of the last change.
UPDATE_ORDER = (Change.STATUS, Change.TAGS, Change.PASSWORD, Change.MFA, Change.PROFILE)
# Set by their own actions once the resource exists: the create actions do not take them.
AFTER_CREATE = (Change.PASSWORD, Change.MFA)


@dataclass
class UpdatePlan:
    values: dict[Change, dict[str, Any]] = field(default_factory=dict)  # changed fields, by action
    tag_upsert: dict[str, str] = field(default_factory=dict)
    tag_remove: list[str] = field(default_factory=list)

    @property
    def profile(self) -> dict[str, Any]:
        return self.values.get(Change.PROFILE, {})

    @property
    def status(self) -> Optional[str]:
        return next(iter(self.values.get(Change.STATUS, {}).values()), None)

    def __bool__(self) -> bool:
        return bool(self.values or self.tag_upsert or self.tag_remove)


def immutable_changes(
    spec: ResourceSpec, current: Mapping[str, Any], wanted: Mapping[str, Any]
) -> list[tuple[str, Any, Any]]:
    """The fields that would have to change but cannot in place: (name, current, wanted)."""
    old, new = effective(spec, current), effective(spec, wanted)
    return [
        (f.name, old[f.name], new[f.name])
        for f in spec.fields_changed_by(Change.REPLACE)
        if not _same(spec, f.name, old[f.name], new[f.name])
    ]


def plan_update(spec: ResourceSpec, current: Mapping[str, Any], wanted: Mapping[str, Any]) -> UpdatePlan:
    """The calls that take a resource from ``current`` to ``wanted``: only what differs."""
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
        if change is Change.TAGS:
            plan.tag_upsert = {k: v for k, v in new[name].items() if old[name].get(k) != v}
            plan.tag_remove = sorted(set(old[name]) - set(new[name]))
        else:
            plan.values.setdefault(change, {})[name] = new[name]
    return plan


def refreshed_inputs(spec: ResourceSpec, record: Record, old_outputs: Mapping[str, Any]) -> dict[str, Any]:
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
    spec: ResourceSpec, record: Record, inputs: Mapping[str, Any], previous: Mapping[str, Any]
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
    # How long a step may wait for another resource of the deployment to release a name or email.
    wait_bound: float = 0.0
    ledger: DeploymentLedger = field(default_factory=DeploymentLedger)
    listings: Listings = field(default_factory=Listings)
    lock: threading.Lock = field(default_factory=threading.Lock)


class DirectoryResourceProvider(ResourceProvider):
    """Dynamic provider of one kind in one cloud; subclasses name the spec, settings and adapter."""

    spec: ClassVar[ResourceSpec]
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
                runtime.api = self.adapter(self.spec, resolved, RetryPolicy(deadline=resolved.retry_deadline))
                runtime.wait_bound = resolved.retry_deadline
            return runtime.api

    def ledger(self) -> DeploymentLedger:
        return self._runtime().ledger

    # ---- pure steps

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        failures = check_inputs(self.spec, news)
        # No property on the failures: for a failure naming a property the engine prints that
        # input's whole value, a 1,000-character one or a secret's plaintext included. Each
        # reason names its field and quotes no more than the start of a value.
        inputs = {k: v for k, v in news.items() if k != SECRET_INPUTS_KEY}
        return CheckResult(inputs, [CheckFailure("", f.reason) for f in failures])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        plan = plan_diff(self.spec, olds, news)
        self._note_plan(olds, news, plan)
        return DiffResult(
            changes=shown_changes(plan),
            replaces=plan.replaces,
            # What an update in place keeps (ids, create time); nothing is kept by a replacement.
            stables=None if plan.replaces else list(self.spec.stables),
            delete_before_replace=plan.delete_before_replace,
        )

    def _note_plan(self, olds: Mapping[str, Any], news: Mapping[str, Any], plan: DiffPlan) -> None:
        """Tell the ledger which resource this one holds and which keys its change gives up."""
        ledger = self.ledger()
        ledger.note_diff()
        own_id = olds.get(self.spec.id_field)
        if not self.spec.has_own_id or not isinstance(own_id, str) or not own_id:
            return
        ledger.note_holder(own_id)
        old_keys, new_keys = unique_keys(self.spec, olds), unique_keys(self.spec, news)
        if not plan.replaces:
            ledger.note_departure(own_id, [k for k in old_keys if k not in new_keys])
            return
        ledger.note_departure(own_id, old_keys)
        new_name = next((k for k in new_keys if k.field == self.spec.name_field), None)
        if new_name is not None:
            ledger.note_replacement(Replacement(own_id, tuple(new_keys)), new_name)

    # ---- steps that call the cloud

    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = declared(self.spec, props)
        parent_id = inputs[self.spec.parent]
        api = self.api()
        name = self.spec.name_field
        # Adoption is for a resource's first creation only, never for the new half of a replacement.
        replacing = bool(name) and self.ledger().take_pending_create(UniqueKey(parent_id, name, inputs[name]))
        adopt = inputs.get("adopt_existing") and not replacing
        existing = api.find_holder(parent_id, name, inputs[name]) if adopt else None
        if existing is not None:
            record = self._adopt(api, parent_id, existing, inputs)
        else:
            record = self._create(api, parent_id, inputs, replacing=replacing)
        if self.spec.has_own_id:
            self.ledger().note_holder(record[self.spec.id_field])
        ids = [str(record[f]) for f in self.spec.id_fields]
        return CreateResult(self.spec.resource_id(parent_id, *ids), outputs(self.spec, record, inputs, {}))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        parent_id, ids = self._split(id_)
        record = self._current(parent_id, ids, props)
        if record is None:
            # The cloud says it is gone: an empty id tells the engine to drop it from state.
            return ReadResult(None, {})
        inputs = refreshed_inputs(self.spec, record, props)
        return ReadResult(id_, outputs(self.spec, record, inputs, props), inputs=inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        parent_id, ids = self._split(id_)
        own_id = ids[self.spec.id_field]
        inputs = declared(self.spec, news)
        api = self.api()
        plan = plan_update(self.spec, olds, inputs)
        answer = self._apply_waiting(api, parent_id, own_id, olds, plan)
        record = self._after_update(api, parent_id, own_id, plan, olds, answer)
        return UpdateResult(outputs(self.spec, record, inputs, olds))

    def delete(self, id_: str, _props: dict[str, Any]) -> None:
        parent_id, ids = self._split(id_)
        own_id = ids[self.spec.id_field]
        api = self.api()
        replacement = self.ledger().replacement_of(own_id)
        if replacement is not None:
            self._check_replacement_can_follow(api, parent_id, replacement)
        try:
            api.delete(parent_id, ids)
        except ResourceGone:
            pass  # already gone: the goal of a delete
        self.ledger().note_deleted(own_id)

    def _split(self, id_: str) -> tuple[str, dict[str, str]]:
        parent_id, *rest = self.spec.split_id(id_)
        return parent_id, dict(zip(self.spec.id_fields, rest))

    # ---- creating without taking over what is not ours

    def _create(
        self, api: SdkDirectory, parent_id: str, inputs: Mapping[str, Any], *, replacing: bool
    ) -> Record:
        sent = {k: v for k, v in inputs.items() if self.spec.field(k).change not in (Change.LOCAL, *AFTER_CREATE)}
        started = time.time()
        deadline = time.monotonic() + self._runtime().wait_bound
        vanished = 0
        while True:
            try:
                record = api.create(parent_id, sent)
                break
            except AlreadyExists as error:
                if not self.spec.has_own_id:
                    # The same membership already exists: ours only if our lost answer made it.
                    if error.after_ambiguous_failure:
                        record = dict(sent)
                        break
                    raise
                key = _key_of(self.spec, parent_id, error.field, sent)
                holder = self._holder(api, key, error, vanished, deadline)
                if holder is None:
                    vanished += 1
                    continue  # released since: try again
                if error.after_ambiguous_failure and self._made_by_this_call(holder, sent, started):
                    record = self._recovered(holder, inputs)
                    break
                if self._await_release(api, key, self._id_of(holder), deadline):
                    continue
                raise self._conflict(key, holder, error, replacing=replacing) from error
        return self._set_after_create(api, parent_id, record, inputs)

    def _set_after_create(self, api: SdkDirectory, parent_id: str, record: Record, inputs: Mapping[str, Any]) -> Record:
        """Fields the create action does not take (a password, MFA), set by their own actions."""
        plan = UpdatePlan({change: values for change in AFTER_CREATE
                           if (values := {f.name: inputs[f.name] for f in self.spec.fields_changed_by(change)
                                          if f.name in inputs})})
        if plan:
            self._apply(api, parent_id, self._id_of(record), plan)
        return {**record, **{name: value for values in plan.values.values() for name, value in values.items()}}

    @staticmethod
    def _holder(api: SdkDirectory, key: UniqueKey, error: AlreadyExists, vanished: int, deadline: float) -> Optional[Record]:
        """The resource holding the value ``error`` clashed on, or None when it has gone since.

        A holder that is gone when we look is a race with its release: worth another try, but only
        a few times (``vanished`` so far) and before ``deadline``; then the conflict stands.
        """
        holder = api.find_holder(key.parent_id, key.field, key.value)
        if holder is None and (vanished >= MAX_VANISHED_HOLDERS or time.monotonic() > deadline):
            raise error
        return holder

    def _id_of(self, record: Mapping[str, Any]) -> str:
        return str(record[self.spec.id_field])

    def _made_by_this_call(self, holder: Record, values: Mapping[str, Any], started: float) -> bool:
        """After a lost answer: is ``holder`` the resource our earlier attempt created?

        Only if no resource of the stack holds it, the cloud created it after our first attempt
        began (allowing for clock skew), and it carries exactly what we sent.
        """
        if self.ledger().is_held(self._id_of(holder)):
            return False
        created = self.spec.parse_time(str(holder.get("create_time") or ""))
        if created is None or created.timestamp() < started - CLOCK_SKEW_ALLOWANCE:
            return False
        return matches_declared(self.spec, holder, values)

    def _recovered(self, record: Record, inputs: Mapping[str, Any]) -> Record:
        """Our own resource whose create answer was lost: say what that answer carried that is now lost."""
        lost = [o for o in self.spec.outputs if o.create_only and o.secret]
        if not lost:
            return record
        names = ", ".join(o.name for o in lost)
        # The engine shows a provider's stderr in the update's output.
        print(
            f"warning: {self.spec.label} {inputs[self.spec.name_field]!r} ({self._id_of(record)}) was created, "
            f"but {self.spec.operations.create}'s answer was lost on the way back, and with it the {names}. "
            "Reset the password in the console, or set need_reset_password=True so that the user sets one "
            "at the next sign-in. The output initial_password_lost is true for this user.",
            file=sys.stderr,
            flush=True,
        )
        return {**record, "initial_password_lost": True}

    def _await_release(self, api: SdkDirectory, key: UniqueKey, holder_id: str, deadline: float) -> bool:
        """Wait until ``holder_id`` gives ``key`` up, if another resource of this deployment does so."""
        ledger = self.ledger()
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not ledger.wait_for_departure(key, holder_id, min(DIFF_GRACE, remaining)):
            return False

        def released() -> bool:
            holder = api.find_holder(key.parent_id, key.field, key.value)
            return holder is None or self._id_of(holder) != holder_id

        if ledger.poll_until(released, deadline - time.monotonic()):
            return True
        raise StillHeld(
            f"{key.field} {key.value!r} in {self.spec.parent_label} {key.parent_id} is still held by "
            f"{self.spec.kind} {holder_id} after waiting {self._runtime().wait_bound:g}s for the resource of this "
            "update that gives it up (it is replaced, renamed or changes its email). Check that resource's step in "
            "this update for an error; allow a longer wait with directory-users:retryDeadline (or "
            "DIRECTORY_USERS_RETRY_DEADLINE), in seconds."
        )

    def _check_replacement_can_follow(self, api: SdkDirectory, parent_id: str, replacement: Replacement) -> None:
        """Before deleting a resource to replace it: can its successor be created? Else delete nothing."""
        kind = self.spec.kind
        for key in replacement.wanted:
            holder = api.find_holder(key.parent_id, key.field, key.value)
            if holder is None or self._id_of(holder) == replacement.old_id:
                continue
            if self.ledger().wait_for_departure(key, self._id_of(holder), DIFF_GRACE):
                continue
            raise AlreadyExists(
                f"Not replacing {kind} {replacement.old_id} in {self.spec.parent_label} {parent_id}: the new "
                f"{kind}'s {key.field} {key.value!r} is held by {kind} {self._id_of(holder)}, which no resource of "
                f"this update gives up, so the old {kind} would be deleted and the new one could not be created. "
                f"Nothing was deleted. Choose another {key.field}. If {self._id_of(holder)} belongs to a resource "
                "you removed from the program in this update: Pulumi deletes removed resources only after every "
                "create and replace has finished, so remove it in one `pulumi up` and make this change in the next.",
                field=key.field,
            )

    def _conflict(
        self, key: UniqueKey, holder: Record, error: AlreadyExists, *, replacing: bool
    ) -> AlreadyExists:
        holder_id, kind = self._id_of(holder), self.spec.kind
        where = f"{self.spec.parent_label} {key.parent_id}"
        if self.ledger().is_held(holder_id):
            advice = (
                f"That {kind} belongs to another resource of this stack, which this update does not change: "
                f"choose another {key.field}, or change that resource in the same update."
            )
        elif key.field == self.spec.name_field and not replacing and "adopt_existing" in self.spec.input_names:
            advice = (
                f"To manage that {kind} with this resource, set adopt_existing=True (it takes the {kind} over and "
                f"updates it to the declared fields); otherwise choose another {key.field}."
            )
        else:
            advice = f"Choose another {key.field}, or remove it from that {kind} first."
        taken = (
            f"{kind.capitalize()} {key.value!r} already exists in {where} as {holder_id}."
            if key.field == self.spec.name_field
            else f"The {key.field} {key.value!r} is already used by {kind} {holder_id} in {where}."
        )
        return AlreadyExists(
            f"{taken} {advice}",
            field=key.field,
            code=error.code,
            request_id=error.request_id,
        )

    # ---- updating

    def _adopt(
        self, api: SdkDirectory, parent_id: str, existing: Record, inputs: Mapping[str, Any]
    ) -> Record:
        kind, name, existing_id = self.spec.kind, inputs[self.spec.name_field], self._id_of(existing)
        if self.ledger().is_held(existing_id):
            raise AlreadyExists(
                f"Cannot adopt {kind} {name!r} ({existing_id}): another resource of this stack manages it, and "
                f"two resources managing one {kind} would delete it under each other. Choose another "
                f"{self.spec.name_field}, or remove adopt_existing.",
                field=self.spec.name_field,
            )
        immutable = immutable_changes(self.spec, existing, inputs)
        if immutable:
            field_name, found, wanted = immutable[0]
            raise InvalidRequest(
                f"Cannot adopt {kind} {name!r} ({existing_id}): its {field_name} is "
                f"{found!r} but the program declares {wanted!r}, and {field_name} cannot change in place. "
                f"Declare {field_name}={found!r}, or delete that {kind} first."
            )
        plan = plan_update(self.spec, existing, inputs)
        if not plan:
            return existing
        answer = self._apply(api, parent_id, existing_id, plan)
        return self._after_update(api, parent_id, existing_id, plan, existing, answer)

    def _apply_waiting(
        self, api: SdkDirectory, parent_id: str, own_id: str, olds: Mapping[str, Any], plan: UpdatePlan
    ) -> Optional[Record]:
        """Apply ``plan``; a unique value another resource of this update gives up is waited for.

        In a swap of emails each user waits for the other's, so ours is released first.
        """
        deadline = time.monotonic() + self._runtime().wait_bound
        vanished = 0
        while True:
            try:
                return self._apply(api, parent_id, own_id, plan)
            except AlreadyExists as error:
                if error.field not in plan.profile:
                    raise
                key = _key_of(self.spec, parent_id, error.field, plan.profile)
                holder = self._holder(api, key, error, vanished, deadline)
                if holder is None:
                    vanished += 1
                    continue  # released since: try again
                if not self.ledger().wait_for_departure(key, self._id_of(holder), DIFF_GRACE):
                    raise self._conflict(key, holder, error, replacing=False) from error
                self._release_own_while_waiting(api, parent_id, own_id, olds, key, self._id_of(holder), deadline)

    def _release_own_while_waiting(
        self, api: SdkDirectory, parent_id: str, own_id: str, olds: Mapping[str, Any],
        key: UniqueKey, holder_id: str, deadline: float,
    ) -> None:
        """Clear our own value of ``key.field`` (the holder may be waiting for it), then wait for theirs.

        A value that cannot be empty (a group's name) is kept: the wait then serves chains, not swaps.
        If the wait fails, our value is put back: a failed update leaves the resource as it was.
        """
        ours = olds.get(key.field) if not self.spec.field(key.field).required else None
        if ours:
            api.update(parent_id, own_id, Change.PROFILE, {key.field: ""})
        try:
            if not self._await_release(api, key, holder_id, deadline):
                raise StillHeld(
                    f"{key.field} {key.value!r} in {self.spec.parent_label} {key.parent_id} is still held by "
                    f"{self.spec.kind} {holder_id}; the wait for it ran out."
                )
        except DirectoryUserError:
            if ours:
                api.update(parent_id, own_id, Change.PROFILE, {key.field: ours})
            raise

    @staticmethod
    def _apply(api: SdkDirectory, parent_id: str, own_id: str, plan: UpdatePlan) -> Optional[Record]:
        """Make the plan's calls in :data:`UPDATE_ORDER`; return the last answer that carried the resource."""
        answer: Optional[Record] = None
        for change in UPDATE_ORDER:
            if change is Change.TAGS:
                if plan.tag_upsert or plan.tag_remove:
                    api.update_tags(parent_id, own_id, plan.tag_upsert, plan.tag_remove)
            elif change in plan.values:
                answer = api.update(parent_id, own_id, change, plan.values[change]) or answer
        return answer

    def _current(self, parent_id: str, ids: Mapping[str, str], props: Mapping[str, Any]) -> Optional[Record]:
        """The resource as the cloud has it now, or None when the cloud says it is gone.

        Reads of a kind with a Get share one listing of the zone/directory (see :mod:`.listing`);
        one the listing does not show may have been created after it was taken, so only the Get
        action's ResourceGone counts as gone. A kind without a Get (a membership) is looked up in
        its scoped listing, and is gone when it is not there or the cloud says its scope is gone.
        """
        api = self.api()
        try:
            if not self.spec.operations.get:
                ops = self.spec.operations
                scope = {name: ids[name] for name in ops.list_scope}
                listed = api.find_listed(parent_id, scope, ops.list_match, ids[ops.list_match])
                return {**listed, **ids} if listed is not None else None
            own_id = ids[self.spec.id_field]
            record = self._runtime().listings.lookup(api, parent_id, own_id) or api.get(parent_id, own_id)
        except ResourceGone:
            return None
        for fld in self.spec.fields:
            # Fields the Get does not return are read only when the program manages them.
            if fld.read_api and props.get(fld.name) is not None:
                record = {**record, fld.name: api.read_field(parent_id, ids[self.spec.id_field], fld.name)}
        return record

    def _after_update(
        self,
        api: SdkDirectory,
        parent_id: str,
        own_id: str,
        plan: UpdatePlan,
        olds: Mapping[str, Any],
        answer: Optional[Record],
    ) -> Record:
        """The resource after an update, from what the calls answered; a Get only if the update gave nothing.

        UpdateUserStatus, the tag, password and MFA calls answer with a request id only, and
        Alibaba's UpdateUser answer has no tags: what the answers lack is what the state held,
        with the plan applied. A change without the main update action therefore keeps the
        previous update_time until the next refresh, the price of not reading the resource back.
        """
        if plan.profile and answer is None:
            return api.get(parent_id, own_id)
        known: Record = dict(olds)
        for values in plan.values.values():
            known.update(values)
        for tags in self.spec.fields_changed_by(Change.TAGS):
            current = dict(known.get(tags.name) or {})
            current.update(plan.tag_upsert)
            known[tags.name] = {k: v for k, v in current.items() if k not in plan.tag_remove}
        return {**known, **(answer or {})}


def _key_of(spec: ResourceSpec, parent_id: str, field_name: str, values: Mapping[str, Any]) -> UniqueKey:
    """``values[field_name]`` as a unique key of the zone/directory, folded where the cloud ignores case."""
    value = str(values[field_name])
    return UniqueKey(parent_id, field_name, value.lower() if field_name in spec.case_insensitive_fields else value)
