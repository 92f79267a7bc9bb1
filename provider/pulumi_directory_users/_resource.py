"""What the public resource classes share: registration, output seeding, secrets, ``get``."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar, Optional, TypeVar

import pulumi
from pulumi.dynamic import Resource

from ._pickler import pickler_restored
from .dynamic_provider import DirectoryResourceProvider
from .spec import ResourceSpec
from .validation import SECRET_INPUTS_KEY

R = TypeVar("R", bound="DirectoryResource")
A = TypeVar("A")


def args_from(args_type: type[A], args: Optional[A], resource: str, values: dict[str, Any]) -> A:
    """``args`` as given, or an ``args_type`` built from a constructor's keyword arguments."""
    if args is not None:
        return args
    required = [f.name for f in dataclasses.fields(args_type) if f.default is dataclasses.MISSING]  # type: ignore[arg-type]
    missing = [name for name in required if values.get(name) is None]
    if missing:
        raise TypeError(f"{resource} needs {' and '.join(missing)} (or a {args_type.__name__})")
    return args_type(**values)


class DirectoryResource(Resource):
    """Base of the public resources; subclasses set the provider and declare typed outputs."""

    _provider_type: ClassVar[type[DirectoryResourceProvider]]

    def _register(self, resource_name: str, args: Any, opts: Optional[pulumi.ResourceOptions]) -> None:
        spec: ResourceSpec = self._provider_type.spec
        # Not dataclasses.asdict: it deep-copies, and Outputs must pass through untouched.
        inputs = {f.name: getattr(args, f.name) for f in dataclasses.fields(args)} if args else {}
        # Secret inputs (a password) are stored encrypted in the state whatever the program passed.
        inputs.update({name: pulumi.Output.secret(inputs[name])
                       for name in spec.secret_inputs if inputs.get(name) is not None})
        # The SDK creates an Output attribute only for keys present in props: seed every one.
        props: dict[str, Any] = {name: None for name in (*spec.input_names, *spec.output_names)}
        props.update(inputs)
        # The provider sees secrets decrypted and unmarked: tell check() which inputs not to quote.
        props[SECRET_INPUTS_KEY] = pulumi.Output.from_input(_secret_input_names(inputs))
        secrets = pulumi.ResourceOptions(additional_secret_outputs=spec.secret_outputs)
        # The SDK serializes the provider inside this call and leaves the pickler patched.
        with pickler_restored():
            super().__init__(
                self._provider_type(), resource_name, props, pulumi.ResourceOptions.merge(secrets, opts)
            )

    @classmethod
    def get(cls: type[R], resource_name: str, id: pulumi.Input[str], opts: Optional[pulumi.ResourceOptions] = None) -> R:
        """Read an existing resource into the program by its resource id (its shape is in the class docstring)."""
        if isinstance(id, str):
            cls._provider_type.spec.split_id(id)  # fail in the program, naming the expected shape
        resource = cls.__new__(cls)
        resource._register(resource_name, None, pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id)))
        return resource


async def _secret_input_names(inputs: dict[str, Any]) -> list[str]:
    """The inputs the program made secret (``Output.secret``, or an Output built from a secret)."""
    return [
        name for name, value in inputs.items()
        if value is not None and await pulumi.Output.from_input(value).is_secret()
    ]
