"""What the native public classes share: registration with the ``directory-users`` provider plugin.

The generated classes are declarative: an input type (``UserArgs``) and a resource class whose
annotations carry each property's name on the wire (``pulumi.property("userName")``). The SDK
translates names from that metadata, which leaves the keys of a map of tags as the program wrote
them, and converts numbers back to ``int`` where the annotation says so.
"""

from __future__ import annotations

from typing import Any, ClassVar, Optional

import pulumi

from .._declare import Declared, declared_properties
from .._trace import program_trace
from ..schema import provider_settings
from ..settings import Source
from ..spec import PACKAGE, ResourceSpec, snake


class NativeResource(Declared, pulumi.CustomResource):
    """Base of the native public resources; subclasses name their spec and their input type."""

    _spec: ClassVar[ResourceSpec]
    _args_type: ClassVar[type]

    @classmethod
    def _resource_spec(cls) -> ResourceSpec:
        return cls._spec

    def _register(self, resource_name: str, args: Any, opts: Optional[pulumi.ResourceOptions]) -> None:
        spec = self._spec
        # An input type keeps the values it was given in its __dict__ (and leaves out the ones not given).
        props = _input_type_holding(self._args_type, declared_properties(spec, vars(args) if args else {}))
        secrets = pulumi.ResourceOptions(additional_secret_outputs=spec.secret_outputs)
        with program_trace():  # the state records the program's line, as for the dynamic classes
            super().__init__(spec.token, resource_name, props, pulumi.ResourceOptions.merge(secrets, opts))


class NativeProvider(pulumi.ProviderResource):
    """Base of ``Provider``: one configured instance of the plugin; its arguments are the settings."""

    _args_type: ClassVar[type]

    def _register(self, resource_name: str, args: Any, opts: Optional[pulumi.ResourceOptions]) -> None:
        settings = {snake(source.provider_key): source for source in provider_settings()}
        values = {name: _setting_value(settings[name], value)
                  for name, value in (vars(args) if args else {}).items() if value is not None}
        with program_trace():
            super().__init__(PACKAGE, resource_name, _input_type_holding(self._args_type, values), opts)


def _setting_value(source: Source, value: Any) -> Any:
    # Provider configuration travels as text, as stack config gives it to the default provider,
    # and credentials as secrets, so they are stored encrypted with the provider resource.
    if source.number:
        value = pulumi.Output.from_input(value).apply(pulumi.runtime.to_json)
    return pulumi.Output.secret(value) if source.secret else value


def _input_type_holding(args_type: type, values: dict[str, Any]) -> Any:
    """An instance of the input type holding ``values``: the SDK then takes the names on the wire from it."""
    props: Any = object.__new__(args_type)
    props.__dict__.update(values)
    return props
