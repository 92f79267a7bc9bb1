"""The gRPC server of the plugin: the SDK's provider servicer, with our errors sent as plain messages.

``pulumi.provider.experimental.server.main`` lets an exception out of a handler, and gRPC then
answers ``Unexpected <class '...'>: <message>``. Our errors are written for the user, so they go
out as the call's error message and nothing else.

A read of a resource that is gone answers with no properties at all: the SDK's servicer sends an
empty map, which the engine's ``pulumi import`` and ``.get`` take for a resource with no properties
(only refresh looks at the empty id), and would import a resource that does not exist.
"""

from __future__ import annotations

import asyncio
import sys
from types import SimpleNamespace
from typing import Any, Awaitable, Callable

import grpc
import grpc.aio
from pulumi.provider.experimental.provider import Provider
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from .errors import DirectoryUserError

Handler = Callable[[Any, grpc.aio.ServicerContext], Awaitable[Any]]

_RPCS = ("CheckConfig", "DiffConfig", "Configure", "Check", "Diff", "Create", "Read", "Update", "Delete", "GetSchema")


def _plain_errors(handler: Handler) -> Handler:
    async def handle(request: Any, context: grpc.aio.ServicerContext) -> Any:
        try:
            return await handler(request, context)
        except DirectoryUserError as error:
            await context.abort(grpc.StatusCode.UNKNOWN, str(error))

    return handle


class DirectoryServicer(ProviderServicer):
    def __init__(self, args: list[str], version: str, provider: Provider, engine_address: str) -> None:
        super().__init__(args, version, provider, engine_address)
        for name in _RPCS:
            setattr(self, name, _plain_errors(getattr(self, name)))

    async def DiffConfig(self, request: Any, context: grpc.aio.ServicerContext) -> Any:  # noqa: N802
        # The SDK's DiffConfig sends `changes` as a bool (True arrives as DIFF_NONE) and reads a detailed
        # diff by field names it does not have; its Diff marshals the same answer right.
        return await ProviderServicer.Diff(_ConfigDiffs(self._provider), request, context)  # type: ignore[arg-type]

    async def Read(self, request: Any, context: grpc.aio.ServicerContext) -> Any:  # noqa: N802 (the RPC's name)
        response = await super().Read(request, context)
        return response if response.id else provider_pb2.ReadResponse()


class _ConfigDiffs:
    """What ProviderServicer.Diff reads of its servicer, with the provider's diff_config as its diff."""

    def __init__(self, provider: Provider) -> None:
        self._provider = SimpleNamespace(diff=provider.diff_config)


def serve(args: list[str], version: str, provider: Provider, on_engine: Callable[[str], None] = lambda _: None) -> None:
    """Serve ``provider`` on a free local port, printed on stdout for the engine (as the SDK's server does).

    ``on_engine`` is given the engine's address, when the engine passed one.
    """
    engine = next((a for a in args if not a.startswith("-")), "")
    if engine:
        on_engine(engine)

    async def run() -> None:
        server = grpc.aio.server(options=_GRPC_CHANNEL_OPTIONS)
        provider_pb2_grpc.add_ResourceProviderServicer_to_server(
            DirectoryServicer(args, version, provider, engine), server)
        port = server.add_insecure_port("127.0.0.1:0")
        await server.start()
        sys.stdout.write(f"{port}\n")
        sys.stdout.flush()
        await server.wait_for_termination()

    try:
        asyncio.run(run())
    except KeyboardInterrupt:
        pass
