"""What the public classes of both forms (dynamic and native) share: their arguments, secrets and ``get``."""

from __future__ import annotations

import inspect
from typing import Any, Optional, TypeVar

import pulumi

from .spec import ResourceSpec

A = TypeVar("A")
D = TypeVar("D", bound="Declared")


def args_from(args_type: type[A], args: Optional[A], resource: str, values: dict[str, Any]) -> A:
    """``args`` as given, or an ``args_type`` built from a constructor's keyword arguments."""
    if args is not None:
        return args
    parameters = inspect.signature(args_type).parameters.values()
    required = [p.name for p in parameters if p.default is inspect.Parameter.empty and p.kind is not p.VAR_KEYWORD]
    missing = [name for name in required if values.get(name) is None]
    if missing:
        raise TypeError(f"{resource} needs {' and '.join(missing)} (or a {args_type.__name__})")
    return args_type(**values)


def declared_properties(spec: ResourceSpec, inputs: dict[str, Any]) -> dict[str, Any]:
    """Every property of the kind (the SDK makes an Output attribute only for the keys it is given),
    with the inputs given; secret inputs (a password) are secrets whatever the program passed."""
    props: dict[str, Any] = {name: None for name in (*spec.input_names, *spec.output_names)}
    props.update(inputs)
    props.update({name: pulumi.Output.secret(props[name]) for name in spec.secret_inputs if props[name] is not None})
    return props


class Declared:
    """A public resource class of one kind: registers itself from its arguments, and reads by id."""

    @classmethod
    def _resource_spec(cls) -> ResourceSpec:
        raise NotImplementedError

    def _register(self, resource_name: str, args: Any, opts: Optional[pulumi.ResourceOptions]) -> None:
        raise NotImplementedError

    @classmethod
    def get(cls: type[D], resource_name: str, id: pulumi.Input[str], opts: Optional[pulumi.ResourceOptions] = None) -> D:
        """Read an existing resource into the program by its resource id (its shape is in the class docstring)."""
        if isinstance(id, str):
            cls._resource_spec().split_id(id)  # fail in the program, naming the expected shape
        resource = cls.__new__(cls)
        resource._register(resource_name, None, pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id)))
        return resource
