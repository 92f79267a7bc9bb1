"""The dynamic front-end: Pulumi's Python dynamic-provider protocol onto the lifecycle.

Python programs use it with nothing to install besides this package. The provider object that
Pulumi serializes into each resource's state carries no attributes at all: it is pickled by
reference to its installed class, and credentials are read in the provider process.
"""

from __future__ import annotations

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

from .clouds.base import SdkDirectory
from .lifecycle import DiffPlan, DirectoryLifecycle
from .settings import CloudSources
from .spec import ResourceSpec
from .validation import SECRET_INPUTS_KEY


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


class DirectoryResourceProvider(ResourceProvider):
    """Dynamic provider of one kind in one cloud; subclasses name the spec, settings and adapter."""

    spec: ClassVar[ResourceSpec]
    sources: ClassVar[CloudSources]
    adapter: ClassVar[type[SdkDirectory]]

    # ---- serialization: pickled by reference to this installed module, with no state.

    # Nothing secret in that: stored as is, rather than encrypted twice in each state entry.
    serialize_as_secret_always = False

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        pass

    def lifecycle(self) -> DirectoryLifecycle:
        """This process's lifecycle of the kind; the engine keeps one provider object per serialized form."""
        found = self.__dict__.get("_lifecycle")
        if found is None:
            found = self.__dict__.setdefault("_lifecycle", DirectoryLifecycle(self.spec, self.sources, self.adapter))
        return found

    def configure(self, req: ConfigureRequest) -> None:
        config = {k: req.config.get(k) for k in self.sources.config_keys}
        self.lifecycle().config = config.get

    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        # The engine hands a dynamic provider secrets decrypted and unmarked: the program tells us which.
        failures = self.lifecycle().check(news, news.get(SECRET_INPUTS_KEY) or ())
        # No property on the failures: for a failure naming a property the engine prints that
        # input's whole value, a 1,000-character one or a secret's plaintext included. Each
        # reason names its field and quotes no more than the start of a value.
        inputs = {k: v for k, v in news.items() if k != SECRET_INPUTS_KEY}
        return CheckResult(inputs, [CheckFailure("", f.reason) for f in failures])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        plan = self.lifecycle().diff(olds, news)
        return DiffResult(
            changes=shown_changes(plan),
            replaces=plan.replaces,
            stables=list(plan.stables) or None,
            delete_before_replace=plan.delete_before_replace,
        )

    def create(self, props: dict[str, Any]) -> CreateResult:
        created = self.lifecycle().create(props)
        return CreateResult(created.id, created.outputs)

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        current = self.lifecycle().read(id_, props)
        if current is None:
            # The cloud says it is gone: an empty id tells the engine to drop it from state.
            return ReadResult(None, {})
        return ReadResult(current.id, current.outputs, inputs=current.inputs)

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        return UpdateResult(self.lifecycle().update(id_, olds, news))

    def delete(self, id_: str, _props: dict[str, Any]) -> None:
        self.lifecycle().delete(id_)
