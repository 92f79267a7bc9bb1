"""The two front-ends of the same lifecycle, as the provider-level tests drive them.

``dynamic``: the Python dynamic provider, called as the SDK's dynamic-provider server calls it.
``native``: the provider plugin's :class:`DirectoryProvider`, called as its gRPC server calls it
(asyncio, camelCase ``PropertyValue`` maps in and out) and answering in the dynamic provider's
result types, so one scenario test runs against both.
"""

from __future__ import annotations

import asyncio
import threading
from functools import lru_cache
from typing import Any, Coroutine, Mapping, Optional, TypeVar

from pulumi.dynamic import CheckFailure, CheckResult, ConfigureRequest, CreateResult, DiffResult, ReadResult, UpdateResult
from pulumi.provider.experimental import provider as rpc

from pulumi_directory_users.dynamic_provider import DirectoryResourceProvider
from pulumi_directory_users.lifecycle import DirectoryLifecycle
from pulumi_directory_users.plugin import DirectoryProvider, from_wire, to_wire
from pulumi_directory_users.spec import camel

FRONT_ENDS = ("dynamic", "native")
T = TypeVar("T")


@lru_cache(maxsize=1)
def _server_loop() -> asyncio.AbstractEventLoop:
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, name="native-front-end", daemon=True).start()
    return loop


class NativeFrontEnd:
    """One kind of the native provider, with the dynamic provider's method signatures."""

    def __init__(self, binding: type[DirectoryResourceProvider], provider: Optional[DirectoryProvider] = None) -> None:
        self.binding = binding
        self.spec = binding.spec
        self.provider = provider or DirectoryProvider(threads=4)
        self.urn = f"urn:pulumi:test::test::{self.spec.token}::resource"

    @staticmethod
    def _await(call: Coroutine[Any, Any, T]) -> T:
        """Serve the call on the one event loop, as the plugin's gRPC server does, from any test thread."""
        return asyncio.run_coroutine_threadsafe(call, _server_loop()).result()

    def lifecycle(self) -> DirectoryLifecycle:
        return self.provider.lifecycle(self.spec.token)

    def _wire(self, values: Mapping[str, Any]) -> dict[str, Any]:
        # The native classes mark the kind's secret inputs, as a program's registration would.
        return to_wire({k: v for k, v in values.items() if not k.startswith("__")}, set(self.spec.secret_inputs))

    def _plain(self, props: Mapping[str, Any]) -> dict[str, Any]:
        return from_wire(self.spec, props).values

    def configure(self, req: ConfigureRequest) -> None:
        """The dynamic form's stack config keys, given to the native provider as its own keys."""
        variables = {source.for_provider().config[0]: str(value)
                     for source in self.binding.sources.settings for key in source.config
                     if (value := req.config.get(key)) is not None}
        self._await(self.provider.configure(rpc.ConfigureRequest(variables, {}, True, False)))

    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        answer = self._await(self.provider.check(rpc.CheckRequest(self.urn, self._wire(olds), self._wire(news), b"")))
        return CheckResult(self._plain(answer.inputs or {}),
                           [CheckFailure(f.property, f.reason) for f in answer.failures or []])

    def diff(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        answer = self._await(self.provider.diff(rpc.DiffRequest(self.urn, id_, self._wire(olds), self._wire(news), [])))
        names = {camel(n): n for n in (*self.spec.input_names, *self.spec.output_names)}
        return DiffResult(changes=answer.changes, replaces=[names[r] for r in answer.replaces],
                          delete_before_replace=answer.delete_before_replace,
                          stables=[names[s] for s in answer.stables])

    def create(self, props: dict[str, Any]) -> CreateResult:
        answer = self._await(self.provider.create(rpc.CreateRequest(self.urn, self._wire(props), 60, False)))
        return CreateResult(answer.resource_id, self._plain(answer.properties))

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        answer = self._await(self.provider.read(rpc.ReadRequest(self.urn, id_, self._wire(props), {})))
        if not answer.resource_id:
            return ReadResult(None, {})
        return ReadResult(answer.resource_id, self._plain(answer.properties), inputs=self._plain(answer.inputs))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        request = rpc.UpdateRequest(self.urn, id_, self._wire(olds), self._wire(news), 60, [], False)
        return UpdateResult(self._plain(self._await(self.provider.update(request)).properties))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        self._await(self.provider.delete(rpc.DeleteRequest(self.urn, id_, self._wire(props), 60)))


def provider_for(binding: type[DirectoryResourceProvider], front_end: str,
                 shared: Optional[DirectoryProvider] = None) -> Any:
    """A provider of ``binding``'s kind through ``front_end``; native kinds may share one plugin process."""
    if front_end == "dynamic":
        return binding()
    return NativeFrontEnd(binding, shared)
