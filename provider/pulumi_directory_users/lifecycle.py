"""The cloud-neutral lifecycle of every resource kind: check, diff, create, read, update, delete.

The rules (what replaces, what updates, what counts as gone, how adoption works) live here
once, driven by the kind's spec; a cloud adapter only performs the calls, and a front-end (the
dynamic provider, the native provider plugin) only translates the engine's protocol. diff and
check are pure and need no credentials, so `pulumi preview` works offline.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Collection, Mapping, Optional

from . import settings as settings_mod
from .clouds.base import Record, SdkDirectory
from .deployment import DeploymentLedger, Replacement, UniqueKey
from .errors import AlreadyExists, DirectoryUserError, InvalidRequest, StillHeld, ResourceGone
from .listing import Listings
from .retry import RetryPolicy
from .spec import Change, Field, ResourceSpec
from .validation import Failure, check_inputs, is_unknown

Warn = Callable[[str], None]


def warn_on_stderr(message: str) -> None:
    """A warning for the user: the engine shows a dynamic provider's stderr in the update's output."""
    print(f"warning: {message}", file=sys.stderr, flush=True)


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
    changed: tuple[str, ...] = ()  # every field that changes, the replacing ones included
    # What the change keeps (ids, the create time): the kind's stables, none when it replaces.
    stables: tuple[str, ...] = ()


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
    return DiffPlan(changes=bool(changed), replaces=replaces, delete_before_replace=bool(replaces),
                    changed=tuple(changed), stables=() if replaces else spec.stables)


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


@dataclass
class UpdatePlan:
    """The fields an update changes: those its kind's update action takes, and those set by their own."""

    main: dict[str, Any] = field(default_factory=dict)  # sent together with Operations.update
    own: dict[str, Any] = field(default_factory=dict)  # each with its Field.action
    current: dict[str, Any] = field(default_factory=dict)  # the own fields' values before (a map's diff)

    def __bool__(self) -> bool:
        return bool(self.main or self.own)


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
        if spec.field(name).change is Change.UPDATE:
            plan.main[name] = new[name]
        else:
            plan.own[name] = new[name]
            plan.current[name] = old[name]
    return plan


def after_create(spec: ResourceSpec, inputs: Mapping[str, Any]) -> UpdatePlan:
    """The declared fields the create action does not take (a password, MFA): set once the resource exists."""
    return UpdatePlan(own={f.name: inputs[f.name] for f in spec.fields if f.after_create and f.name in inputs})


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


# ----------------------------------------------------------------------------- the lifecycle


@dataclass(frozen=True)
class Created:
    id: str
    outputs: dict[str, Any]


@dataclass(frozen=True)
class Current:
    """A resource as a refresh found it: its stack outputs and its inputs as the cloud now has them."""

    id: str
    outputs: dict[str, Any]
    inputs: dict[str, Any]


class DirectoryLifecycle:
    """One kind in one cloud, for one account, in one provider process; shared by the threads serving calls.

    It holds what a process learns while it serves one deployment: the adapter (with its rate
    limiter), the listings that reads share, and the ledger of what the deployment's resources
    hold and give up. Front-ends create one per kind and per configured provider; nothing of it
    is ever serialized.
    """

    def __init__(self, spec: ResourceSpec, sources: settings_mod.CloudSources, adapter: type[SdkDirectory],
                 config: settings_mod.Lookup = lambda _key: None, warn: Warn = warn_on_stderr) -> None:
        self.spec = spec
        self.warn = warn
        self.sources = sources
        self.adapter = adapter
        self.config = config
        self.ledger = DeploymentLedger()
        self.listings = Listings()
        # How long a step may wait for another resource of the deployment to release a name or email.
        self.wait_bound = 0.0
        self._api: Optional[SdkDirectory] = None
        self._lock = threading.Lock()

    def api(self) -> SdkDirectory:
        """The cloud adapter, built on first use from config and the environment."""
        with self._lock:
            if self._api is None:
                resolved = settings_mod.resolve(self.sources, self.spec.product, self.config, os.environ)
                self._api = self.adapter(self.spec, resolved, RetryPolicy(deadline=resolved.retry_deadline))
                self.wait_bound = resolved.retry_deadline
            return self._api

    # ---- pure steps

    def check(self, news: Mapping[str, Any], secret: Collection[str] = ()) -> list[Failure]:
        """Validation failures of ``news``; the values of ``secret`` inputs are never quoted."""
        return check_inputs(self.spec, news, secret)

    def diff(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> DiffPlan:
        plan = plan_diff(self.spec, olds, news)
        self._note_plan(olds, news, plan)
        return plan

    def _note_plan(self, olds: Mapping[str, Any], news: Mapping[str, Any], plan: DiffPlan) -> None:
        """Tell the ledger which resource this one holds and which keys its change gives up."""
        ledger = self.ledger
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

    def create(self, props: Mapping[str, Any]) -> Created:
        inputs = declared(self.spec, props)
        parent_id = inputs[self.spec.parent]
        api = self.api()
        name = self.spec.name_field
        # Adoption is for a resource's first creation only, never for the new half of a replacement.
        replacing = bool(name) and self.ledger.take_pending_create(UniqueKey(parent_id, name, inputs[name]))
        adopt = bool(self.spec.adopt_field and inputs.get(self.spec.adopt_field)) and not replacing
        existing = api.find_holder(parent_id, name, inputs[name]) if adopt else None
        if existing is not None:
            record = self._adopt(api, parent_id, existing, inputs)
        else:
            record = self._create(api, parent_id, inputs, replacing=replacing)
        if self.spec.has_own_id:
            self.ledger.note_holder(record[self.spec.id_field])
        ids = [str(record[f]) for f in self.spec.id_fields]
        return Created(self.spec.resource_id(parent_id, *ids), outputs(self.spec, record, inputs, {}))

    def read(self, id_: str, props: Mapping[str, Any]) -> Optional[Current]:
        """The resource as the cloud has it, or None when the cloud says it is gone."""
        parent_id, ids = self._split(id_)
        record = self._current(parent_id, ids, props)
        if record is None:
            return None
        inputs = refreshed_inputs(self.spec, record, props)
        return Current(id_, outputs(self.spec, record, inputs, props), inputs)

    def update(self, id_: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
        parent_id, ids = self._split(id_)
        own_id = ids[self.spec.id_field]
        inputs = declared(self.spec, news)
        api = self.api()
        plan = plan_update(self.spec, olds, inputs)
        answer = self._apply_waiting(api, parent_id, own_id, olds, plan)
        record = self._after_update(api, parent_id, own_id, plan, olds, answer)
        return outputs(self.spec, record, inputs, olds)

    def delete(self, id_: str) -> None:
        parent_id, ids = self._split(id_)
        own_id = ids[self.spec.id_field]
        api = self.api()
        replacement = self.ledger.replacement_of(own_id)
        if replacement is not None:
            self._check_replacement_can_follow(api, parent_id, replacement)
        try:
            api.delete(parent_id, ids)
        except ResourceGone:
            pass  # already gone: the goal of a delete
        self.ledger.note_deleted(own_id)

    def _split(self, id_: str) -> tuple[str, dict[str, str]]:
        parent_id, *rest = self.spec.split_id(id_)
        return parent_id, dict(zip(self.spec.id_fields, rest))

    # ---- creating without taking over what is not ours

    def _create(
        self, api: SdkDirectory, parent_id: str, inputs: Mapping[str, Any], *, replacing: bool
    ) -> Record:
        sent = {k: v for k, v in inputs.items() if _sent_by_create(self.spec.field(k))}
        started = time.time()
        deadline = time.monotonic() + self.wait_bound
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
        plan = after_create(self.spec, inputs)
        if plan:
            self._apply(api, parent_id, self._id_of(record), plan)
        return {**record, **plan.own}

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
        if self.ledger.is_held(self._id_of(holder)):
            return False
        created = self.spec.parse_time(str(holder.get("create_time") or ""))
        if created is None or created.timestamp() < started - CLOCK_SKEW_ALLOWANCE:
            return False
        return matches_declared(self.spec, holder, values)

    def _recovered(self, record: Record, inputs: Mapping[str, Any]) -> Record:
        """Our own resource whose create answer was lost: say what that answer carried that is now lost."""
        lost = self.spec.lost_answer
        if lost is None:
            return record
        names = ", ".join(o.name for o in self.spec.outputs if o.create_only and o.name != lost.flag_output)
        self.warn(
            f"{self.spec.label} {inputs[self.spec.name_field]!r} ({self._id_of(record)}) was created, "
            f"but {self.spec.operations.create}'s answer was lost on the way back, and with it the {names}. "
            f"{lost.advice} The output {lost.flag_output} is true for this {self.spec.kind}."
        )
        return {**record, lost.flag_output: True}

    def _await_release(self, api: SdkDirectory, key: UniqueKey, holder_id: str, deadline: float) -> bool:
        """Wait until ``holder_id`` gives ``key`` up, if another resource of this deployment does so."""
        ledger = self.ledger
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
            f"{self.spec.kind} {holder_id} after waiting {self.wait_bound:g}s for the resource of this "
            "update that gives it up (it is replaced, renamed or changes its email). Check that resource's step in "
            f"this update for an error; allow a longer wait, in seconds, with {self.sources.retry_deadline.names()}."
        )

    def _check_replacement_can_follow(self, api: SdkDirectory, parent_id: str, replacement: Replacement) -> None:
        """Before deleting a resource to replace it: can its successor be created? Else delete nothing."""
        kind = self.spec.kind
        for key in replacement.wanted:
            holder = api.find_holder(key.parent_id, key.field, key.value)
            if holder is None or self._id_of(holder) == replacement.old_id:
                continue
            if self.ledger.wait_for_departure(key, self._id_of(holder), DIFF_GRACE):
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
        if self.ledger.is_held(holder_id):
            advice = (
                f"That {kind} belongs to another resource of this stack, which this update does not change: "
                f"choose another {key.field}, or change that resource in the same update."
            )
        elif key.field == self.spec.name_field and not replacing and self.spec.adopt_field:
            advice = (
                f"To manage that {kind} with this resource, set {self.spec.adopt_field}=True (it takes the {kind} over and "
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
        if self.ledger.is_held(existing_id):
            raise AlreadyExists(
                f"Cannot adopt {kind} {name!r} ({existing_id}): another resource of this stack manages it, and "
                f"two resources managing one {kind} would delete it under each other. Choose another "
                f"{self.spec.name_field}, or remove {self.spec.adopt_field}.",
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
        deadline = time.monotonic() + self.wait_bound
        vanished = 0
        while True:
            try:
                return self._apply(api, parent_id, own_id, plan)
            except AlreadyExists as error:
                if error.field not in plan.main:
                    raise
                key = _key_of(self.spec, parent_id, error.field, plan.main)
                holder = self._holder(api, key, error, vanished, deadline)
                if holder is None:
                    vanished += 1
                    continue  # released since: try again
                if not self.ledger.wait_for_departure(key, self._id_of(holder), DIFF_GRACE):
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
            api.update(parent_id, own_id, {key.field: ""})
        try:
            if not self._await_release(api, key, holder_id, deadline):
                raise StillHeld(
                    f"{key.field} {key.value!r} in {self.spec.parent_label} {key.parent_id} is still held by "
                    f"{self.spec.kind} {holder_id}; the wait for it ran out."
                )
        except DirectoryUserError:
            if ours:
                api.update(parent_id, own_id, {key.field: ours})
            raise

    def _apply(self, api: SdkDirectory, parent_id: str, own_id: str, plan: UpdatePlan) -> Optional[Record]:
        """Make the plan's calls; return the last answer that carried the resource.

        The fields with their own actions go first, in the spec's order, and the kind's update
        action last: its answer (the resource, in both clouds) then already shows the other
        changes and the time of the last change.
        """
        answer: Optional[Record] = None
        for fld in self.spec.fields:
            if fld.name in plan.own:
                answer = api.set_field(parent_id, own_id, fld, plan.current.get(fld.name, fld.empty),
                                       plan.own[fld.name]) or answer
        if plan.main:
            answer = api.update(parent_id, own_id, plan.main) or answer
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
            record = self.listings.lookup(api, parent_id, own_id) or api.get(parent_id, own_id)
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

        The fields' own actions (a status, tags, a password, MFA) answer with a request id only,
        and Alibaba's UpdateUser answer has no tags: what the answers lack is what the state held,
        with the plan applied. A change without the kind's update action therefore keeps the
        previous update_time until the next refresh, the price of not reading the resource back.
        """
        if plan.main and answer is None:
            return api.get(parent_id, own_id)
        return {**olds, **plan.main, **plan.own, **(answer or {})}


def _key_of(spec: ResourceSpec, parent_id: str, field_name: str, values: Mapping[str, Any]) -> UniqueKey:
    """``values[field_name]`` as a unique key of the zone/directory, folded where the cloud ignores case."""
    value = str(values[field_name])
    return UniqueKey(parent_id, field_name, value.lower() if field_name in spec.case_insensitive_fields else value)


def _sent_by_create(fld: Field) -> bool:
    return fld.change is not Change.LOCAL and not fld.after_create
