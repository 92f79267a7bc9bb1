"""The native front-end: the Pulumi provider plugin of package ``directory-users``, onto the lifecycle.

The engine runs ``pulumi-resource-directory-users`` (this module's :func:`main`, a console script of
the wheel) once for each provider of a stack: the default provider, configured from the
``directory-users:`` stack config and the environment, and each explicit ``Provider`` resource,
configured from its arguments. Every kind of both clouds is served here with the rules of
:mod:`.lifecycle`; this module only translates the engine's protocol: camelCase property values
to the spec's field names and back, secrets, unknowns, detailed diffs, and a thread pool for
the synchronous SDK clients (the rate limiters pace them, not the pool).
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable, Mapping, Optional, TypeVar

from pulumi.output import Unknown
from pulumi.runtime.rpc import UNKNOWN
from pulumi.provider.experimental import provider as rpc
from pulumi.provider.experimental.property_value import Computed, PropertyValue

from . import __version__
from .dynamic_provider import DirectoryResourceProvider
from .errors import DirectoryUserError
from .lifecycle import DiffPlan, DirectoryLifecycle, warn_on_stderr
from .settings import NAMESPACE, CloudSources, config_problems
from .spec import Kind, ResourceSpec, camel

THREADS_ENV = "DIRECTORY_USERS_PROVIDER_THREADS"
DEFAULT_THREADS = 32

T = TypeVar("T")
# The resource a call is about, for the warnings the lifecycle gives while serving it.
_URN: contextvars.ContextVar[str] = contextvars.ContextVar("urn", default="")


def _kinds() -> dict[str, type[DirectoryResourceProvider]]:
    """Every kind this plugin serves, by type token."""
    from .clouds import bindings

    return {binding.spec.token: binding for binding in bindings()}


# ----------------------------------------------------------------------------- values on the wire


@dataclass
class Values:
    """Property values as the lifecycle takes them: spec names, plain Python, unknowns as ``Unknown``."""

    values: dict[str, Any] = field(default_factory=dict)
    secret: set[str] = field(default_factory=set)  # the names whose values came marked secret


def from_wire(spec: ResourceSpec, props: Mapping[str, PropertyValue]) -> Values:
    names = {camel(n): n for n in (*spec.input_names, *spec.output_names)}
    kinds = {f.name: f.kind for f in spec.fields} | {o.name: o.kind for o in spec.outputs}
    found = Values()
    for key, value in props.items():
        name = names.get(key, key)  # a key we do not know is kept, for check() to name
        found.values[name] = _plain(value, kinds.get(name, Kind.STRING))
        if value.contains_secret():
            found.secret.add(name)
    return found


def _plain(value: PropertyValue, kind: Kind) -> Any:
    raw = value.value
    # The SDK's unmarshalling turns the engine's unknown into Computed only sometimes: in a preview's
    # check it arrives as the engine's sentinel string.
    if isinstance(raw, Computed) or raw == UNKNOWN:
        return Unknown()
    if isinstance(raw, Mapping):
        return {k: _plain(v, Kind.STRING) for k, v in raw.items()}
    if isinstance(raw, tuple):
        return [_plain(v, Kind.STRING) for v in raw]
    if isinstance(raw, float) and kind is Kind.INT and raw.is_integer():
        return int(raw)  # numbers travel as floats
    return raw


def to_wire(values: Mapping[str, Any], secret: set[str]) -> dict[str, PropertyValue]:
    return {camel(name): _property(value).with_secret(name in secret) for name, value in values.items()
            if value is not None}


def _property(value: Any) -> PropertyValue:
    if isinstance(value, Mapping):
        return PropertyValue({k: _property(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return PropertyValue([_property(v) for v in value])
    if isinstance(value, int) and not isinstance(value, bool):
        return PropertyValue(float(value))
    return PropertyValue(value)


def detailed_diff(plan: DiffPlan, olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, rpc.PropertyDiff]:
    """Each changed input and whether it updates or replaces; nothing the cloud fills in."""
    diffs: dict[str, rpc.PropertyDiff] = {}
    for name in plan.changed:
        if olds.get(name) in (None, "", {}):
            kind = "ADD"
        elif news.get(name) in (None, "", {}):
            kind = "DELETE"
        else:
            kind = "UPDATE"
        if name in plan.replaces:
            kind += "_REPLACE"
        diffs[camel(name)] = rpc.PropertyDiff(rpc.PropertyDiffKind[kind], input_diff=True)
    return diffs


# ----------------------------------------------------------------------------- the provider


class EngineLog:
    """Warnings for the user, sent to the engine's Log service under the resource they are about.

    The engine shows a provider plugin's stderr only in its debug log, so what the dynamic form
    prints on stderr would not reach the user. Until the engine's address is known: stderr.
    """

    def __init__(self) -> None:
        self._engine: Any = None

    def connect(self, address: str) -> None:
        import grpc
        from pulumi.runtime.proto import engine_pb2_grpc

        self._engine = engine_pb2_grpc.EngineStub(grpc.insecure_channel(address))

    def warn(self, message: str) -> None:
        if self._engine is None:
            warn_on_stderr(message)
            return
        from pulumi.runtime.proto import engine_pb2

        self._engine.Log(engine_pb2.LogRequest(severity=engine_pb2.WARNING, message=message, urn=_URN.get()))


class DirectoryProvider(rpc.Provider):
    """One configured provider: one account per cloud, every kind, in one plugin process."""

    def __init__(self, threads: int = DEFAULT_THREADS) -> None:
        self._kinds = _kinds()
        self._config: dict[str, str] = {}
        self._lifecycles: dict[str, DirectoryLifecycle] = {}
        self.log = EngineLog()
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="directory-users")

    def lifecycle(self, token: str) -> DirectoryLifecycle:
        found = self._lifecycles.get(token)
        if found is None:
            binding = self._kinds.get(token)
            if binding is None:
                raise DirectoryUserError(f"directory-users has no resource type {token!r}; "
                                         f"it serves {', '.join(sorted(self._kinds))}")
            sources: CloudSources = binding.sources.for_provider()
            found = self._lifecycles.setdefault(
                token, DirectoryLifecycle(binding.spec, sources, binding.adapter, self._config.get, self.log.warn))
        return found

    async def _run(self, urn: str, call: Callable[..., T], *args: Any) -> T:
        """A blocking call (the SDKs are synchronous) on the pool, so that calls overlap, about resource ``urn``."""
        context = contextvars.copy_context()
        context.run(_URN.set, urn)
        return await asyncio.get_running_loop().run_in_executor(self._pool, context.run, partial(call, *args))

    # ---- configuration

    async def check_config(self, request: rpc.CheckRequest) -> rpc.CheckResponse:
        """Malformed settings fail the preview, before any resource is touched; credentials are checked at first use."""
        config = _provider_config({}, request.new_inputs)
        problems = dict.fromkeys(p for sources in self._sources() for p in config_problems(sources, config.get))
        return rpc.CheckResponse(inputs=request.new_inputs, failures=[rpc.CheckFailure("", p) for p in problems])

    async def diff_config(self, request: rpc.DiffRequest) -> rpc.DiffResponse:
        """A changed setting (rotated keys, another endpoint) is an update of the provider, never a replacement.

        The engine then stores the new settings with the provider, so a later `refresh` or `destroy`,
        which configure the provider from the state, use them.
        """
        olds, news = _settings_given(request.old_state), _settings_given(request.new_inputs)
        changed = sorted(key for key in olds.keys() | news.keys() if olds.get(key) != news.get(key))
        kinds = {key: "ADD" if key not in olds else "DELETE" if key not in news else "UPDATE" for key in changed}
        return rpc.DiffResponse(changes=bool(changed), diffs=changed, detailed_diff={
            key: rpc.PropertyDiff(rpc.PropertyDiffKind[kind], input_diff=True) for key, kind in kinds.items()})

    async def configure(self, request: rpc.ConfigureRequest) -> rpc.ConfigureResponse:
        self._config.clear()
        self._config.update(_provider_config(request.variables, request.args))
        return rpc.ConfigureResponse(accept_secrets=True, supports_preview=True)

    def _sources(self) -> list[CloudSources]:
        """Each cloud's settings, as this provider reads them."""
        return list({b.spec.cloud: b.sources.for_provider() for b in self._kinds.values()}.values())

    async def get_schema(self, request: rpc.GetSchemaRequest) -> rpc.GetSchemaResponse:
        from .schema import package_schema

        return rpc.GetSchemaResponse(json.dumps(package_schema()))

    # ---- resources

    async def check(self, request: rpc.CheckRequest) -> rpc.CheckResponse:
        lifecycle = self.lifecycle(request.type)
        news = from_wire(lifecycle.spec, request.new_inputs)
        failures = lifecycle.check(news.values, news.secret)
        # An unset field holds the cloud's default, and says so: drift away from it then previews as
        # `~ userStatus: "Disabled" => "Enabled"`, what `up` does, not as the field's removal.
        defaults = {camel(name): PropertyValue(value) for name, value in lifecycle.spec.defaults.items()
                    if name not in news.values}
        # No property on the failures: the engine would print the whole value (a secret's included).
        return rpc.CheckResponse(inputs={**request.new_inputs, **defaults},
                                 failures=[rpc.CheckFailure("", f.reason) for f in failures])

    async def diff(self, request: rpc.DiffRequest) -> rpc.DiffResponse:
        lifecycle = self.lifecycle(request.type)
        olds = from_wire(lifecycle.spec, request.old_state).values
        news = from_wire(lifecycle.spec, request.new_inputs).values
        plan = lifecycle.diff(olds, news)
        return rpc.DiffResponse(
            changes=plan.changes,
            replaces=[camel(n) for n in plan.replaces],
            delete_before_replace=plan.delete_before_replace,
            stables=[camel(n) for n in plan.stables],
            diffs=[camel(n) for n in plan.changed],
            detailed_diff=detailed_diff(plan, olds, news),
        )

    async def create(self, request: rpc.CreateRequest) -> rpc.CreateResponse:
        lifecycle = self.lifecycle(request.type)
        news = from_wire(lifecycle.spec, request.properties)
        if request.preview:
            # What the cloud fills in is left out: the engine and the SDKs show it as unknown.
            return rpc.CreateResponse(None, request.properties)
        created = await self._run(request.urn, lifecycle.create, news.values)
        return rpc.CreateResponse(created.id, to_wire(created.outputs, self._secret(lifecycle.spec, news)))

    async def read(self, request: rpc.ReadRequest) -> rpc.ReadResponse:
        lifecycle = self.lifecycle(request.type)
        # `pulumi import` reads with neither: the id is all there is.
        olds = from_wire(lifecycle.spec, {**request.inputs, **request.properties})
        current = await self._run(request.urn, lifecycle.read, request.resource_id, olds.values)
        if current is None:
            return rpc.ReadResponse(None)  # the cloud says it is gone
        secret = self._secret(lifecycle.spec, olds)
        return rpc.ReadResponse(current.id, to_wire(current.outputs, secret), to_wire(current.inputs, secret))

    async def update(self, request: rpc.UpdateRequest) -> rpc.UpdateResponse:
        lifecycle = self.lifecycle(request.type)
        olds = from_wire(lifecycle.spec, request.olds)
        news = from_wire(lifecycle.spec, request.news)
        secret = self._secret(lifecycle.spec, news) | olds.secret
        if request.preview:
            return rpc.UpdateResponse(to_wire(_planned(lifecycle.spec, olds.values, news.values), secret))
        outputs = await self._run(request.urn, lifecycle.update, request.resource_id, olds.values, news.values)
        return rpc.UpdateResponse(to_wire(outputs, secret))

    async def delete(self, request: rpc.DeleteRequest) -> None:
        lifecycle = self.lifecycle(request.type)
        await self._run(request.urn, lifecycle.delete, request.resource_id)

    @staticmethod
    def _secret(spec: ResourceSpec, inputs: Values) -> set[str]:
        """What to send marked secret: the kind's secrets and whatever the program made secret."""
        return {*spec.secret_outputs, *inputs.secret}


def _provider_config(variables: Mapping[str, str], args: Mapping[str, PropertyValue]) -> dict[str, str]:
    """The default provider's `directory-users:` stack config, or an explicit provider's arguments.

    Both are read as `directory-users:<key>` (see settings.Source.for_provider).
    """
    config = dict(variables)
    # A setting not known yet (in a preview) is checked once it is, at the next up.
    config.update({f"{NAMESPACE}:{key}": text for key, value in args.items()
                   if (text := _setting(value)) is not None and text != UNKNOWN})
    return {k: v for k, v in config.items() if v}


def _settings_given(props: Mapping[str, PropertyValue]) -> dict[str, str]:
    """A provider's settings as given (not the plugin version the engine adds), unknowns as the engine's sentinel."""
    return {key: text for key, value in props.items() if key != "version" and (text := _setting(value)) is not None}


def _setting(value: PropertyValue) -> Optional[str]:
    """A provider argument as the settings read it: text (a number of seconds as its digits); None when unset."""
    raw = value.value
    if raw is None:
        return None
    if isinstance(raw, Computed):
        return UNKNOWN
    if isinstance(raw, float):
        return f"{raw:g}"
    return raw if isinstance(raw, str) else json.dumps(raw)


def _planned(spec: ResourceSpec, olds: Mapping[str, Any], news: Mapping[str, Any]) -> dict[str, Any]:
    """A preview's idea of an update's outputs: the new inputs, and of the old outputs those it cannot change.

    What the update may change (update_time) is left out, which the engine shows as unknown.
    """
    return {**{k: v for k, v in olds.items() if k in spec.stables}, **news}


# ----------------------------------------------------------------------------- serving


def _threads(env: Mapping[str, str]) -> int:
    raw = env.get(THREADS_ENV, "")
    try:
        threads = int(raw) if raw else DEFAULT_THREADS
    except ValueError:
        raise SystemExit(f"{THREADS_ENV}={raw!r} is not a number of threads") from None
    if threads < 1:
        raise SystemExit(f"{THREADS_ENV} must be at least 1")
    return threads


def main(argv: Optional[list[str]] = None) -> None:
    """The plugin's entry point: the engine runs it with its own address as the argument."""
    from . import _plugin_server

    provider = DirectoryProvider(_threads(os.environ))
    _plugin_server.serve(sys.argv[1:] if argv is None else argv, __version__, provider, provider.log.connect)
