"""What the dynamic public resource classes share: registration through their dynamic provider."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Awaitable, Mapping
from typing import Any, ClassVar, Optional

import pulumi
from pulumi.dynamic import Resource

from ._declare import Declared, declared_properties
from ._pickler import pickler_restored
from ._trace import program_trace
from .dynamic_provider import DirectoryResourceProvider
from .spec import ResourceSpec
from .validation import SECRET_INPUTS_KEY


class DirectoryResource(Declared, Resource):
    """Base of the dynamic public resources; subclasses set the provider and declare typed outputs."""

    _provider_type: ClassVar[type[DirectoryResourceProvider]]

    @classmethod
    def _resource_spec(cls) -> ResourceSpec:
        return cls._provider_type.spec

    def _register(self, resource_name: str, args: Any, opts: Optional[pulumi.ResourceOptions]) -> None:
        spec = self._resource_spec()
        # Not dataclasses.asdict: it deep-copies, and Outputs must pass through untouched.
        inputs = {f.name: getattr(args, f.name) for f in dataclasses.fields(args)} if args else {}
        props = declared_properties(spec, inputs)
        # The provider sees secrets decrypted and unmarked: tell check() which inputs not to quote.
        # Only an Output can be secret: with none among the inputs (the always-secret ones aside,
        # check() hides those anyway), nothing is sent and the state records nothing for it.
        maybe_secret = {n: props[n] for n in inputs if n not in spec.secret_inputs and _holds_output(props[n])}
        if maybe_secret:
            props[SECRET_INPUTS_KEY] = pulumi.Output.from_input(_secret_input_names(maybe_secret))
        secrets = pulumi.ResourceOptions(additional_secret_outputs=spec.secret_outputs)
        # The SDK serializes the provider inside this call and leaves the pickler patched; it records
        # the frames above it as where the resource was declared.
        with pickler_restored(), program_trace():
            super().__init__(
                self._provider_type(), resource_name, props, pulumi.ResourceOptions.merge(secrets, opts)
            )
        self._ids_from_resource_id(spec)

    def _ids_from_resource_id(self, spec: ResourceSpec) -> None:
        """The cloud's id outputs (user_id, group_id) read from the resource id, which holds them.

        A dynamic provider cannot preview an update, so the engine reports an updated resource's
        outputs as its new inputs: user_id would read as unknown in a preview, and every membership
        naming it would preview as replaced, which `up` never does. The resource id stays known
        through an update (the ids are stable: see ``ResourceSpec.stables``).
        """
        for index, name in enumerate(spec.id_fields, start=1):
            if name in spec.output_names:
                reported = getattr(self, name)
                setattr(self, name, self.id.apply(functools.partial(_id_part, spec, index, reported)))


def _holds_output(value: Any) -> bool:
    """Is ``value`` an Output (or awaitable), or a mapping or list holding one somewhere?"""
    if isinstance(value, (pulumi.Output, Awaitable)):
        return True
    if isinstance(value, Mapping):
        return any(_holds_output(v) for v in value.values())
    return isinstance(value, (list, tuple)) and any(_holds_output(v) for v in value)


async def _secret_input_names(inputs: dict[str, Any]) -> Optional[list[str]]:
    """The inputs the program made secret (``Output.secret``, or an Output built from a secret).

    None rather than an empty list: the SDK then sends no such input, and the state records no
    dependencies for it.
    """
    names = [name for name, value in inputs.items() if await pulumi.Output.from_input(value).is_secret()]
    return names or None


def _id_part(spec: ResourceSpec, index: int, reported: pulumi.Output[Any], resource_id: str) -> Any:
    """Part ``index`` of a resource id, or the output the engine reported for an id of another shape (mocks)."""
    try:
        return spec.split_id(resource_id)[index]
    except ValueError:
        return reported
