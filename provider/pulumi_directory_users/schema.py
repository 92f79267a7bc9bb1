"""The native provider's Pulumi package schema, made from the specs and the settings.

What ``pulumi package get-schema`` prints and SDK generators read: every resource's inputs and
outputs with their types, descriptions, secrets and what replaces, and the provider's
configuration. Pure: no I/O.
"""

from __future__ import annotations

from typing import Any, Union

from . import __version__
from .settings import ALICLOUD_SOURCES, TENCENT_SOURCES, Source
from .spec import PACKAGE, RESOURCE_SPECS, Change, Field, Kind, Output, ResourceSpec, camel

# The schema's type of each kind of value.
_TYPES: dict[Kind, dict[str, Any]] = {
    Kind.STRING: {"type": "string"},
    Kind.BOOL: {"type": "boolean"},
    Kind.INT: {"type": "integer"},
    Kind.TAGS: {"type": "object", "additionalProperties": {"type": "string"}},
}


def package_schema() -> dict[str, Any]:
    """The package schema of ``directory-users``, as a JSON-ready dict."""
    settings = provider_settings()
    return {
        "name": PACKAGE,
        "displayName": "Directory Users",
        "version": __version__,
        "description": "Users, groups and group memberships of Tencent Cloud Identity Center and Alibaba Cloud CloudSSO.",
        "keywords": ["pulumi", "tencentcloud", "alicloud", "identity-center", "cloudsso", "category/cloud"],
        "license": "Apache-2.0",
        "config": {"variables": {s.provider_key: _setting(s) for s in settings}},
        "provider": {
            "description": "The provider of directory-users: the credentials and endpoints of one Tencent Cloud and "
                           "one Alibaba Cloud account. Each setting not given falls back to the environment.",
            "inputProperties": {s.provider_key: _setting(s) for s in settings},
        },
        "resources": {spec.token: resource_schema(spec) for spec in RESOURCE_SPECS},
        "language": {
            "python": {
                # A generated SDK is a package of its own: ours ships the same classes as pulumi_directory_users.native.
                "packageName": "pulumi_directory_users_native",
                "requires": {"pulumi": ">=3.259.0,<4.0.0"},
                "pyproject": {"enabled": True},
                "respectSchemaVersion": True,
            },
        },
    }


def provider_settings() -> list[Source]:
    """Both clouds' settings, each once (the retry deadline is shared), in the clouds' order."""
    seen: dict[str, Source] = {}
    for source in (*TENCENT_SOURCES.settings, *ALICLOUD_SOURCES.settings):
        seen.setdefault(source.provider_key, source)
    return list(seen.values())


def setting_description(source: Source) -> str:
    """A setting's description, naming the environment variables it falls back to."""
    if not source.env:
        return source.description
    names = " or ".join(f"`{name}`" for name in source.env)
    return f"{source.description.rstrip('.')}. When not set: the environment variable {names}."


def _setting(source: Source) -> dict[str, Any]:
    # No `defaultInfo.environment`: the plugin reads the environment itself, where generated SDKs would
    # read it in the program and store what they found with the provider resource.
    spec: dict[str, Any] = {"type": "number" if source.number else "string",
                            "description": setting_description(source)}
    if source.secret:
        spec["secret"] = True
    return spec


def resource_schema(spec: ResourceSpec) -> dict[str, Any]:
    """One resource: its inputs, and its properties (inputs and outputs) as the state holds them."""
    inputs = {camel(f.name): _property(f) for f in spec.fields}
    return {
        "description": spec.description,
        "inputProperties": inputs,
        "requiredInputs": [camel(f.name) for f in spec.fields if f.required],
        "properties": {**inputs, **{camel(o.name): _property(o) for o in spec.outputs}},
        "required": [camel(name) for name in always_present(spec)],
    }


def always_present(spec: ResourceSpec) -> list[str]:
    """The properties every read of the resource has: required inputs, inputs the cloud defaults and
    the outputs every read returns (not those only the create answer carries)."""
    return [f.name for f in spec.fields if f.required or f.default is not None] + [
        o.name for o in spec.outputs if not o.create_only
    ]


def _property(prop: Union[Field, Output]) -> dict[str, Any]:
    schema = {**_TYPES[prop.kind], "description": prop.description}
    if prop.secret:
        schema["secret"] = True
    if isinstance(prop, Field) and prop.change is Change.REPLACE:
        schema["replaceOnChanges"] = True
    return schema
