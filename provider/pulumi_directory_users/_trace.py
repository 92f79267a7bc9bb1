"""Where the state says one of our resources was declared: the program's line, and only the program's frames.

At each registration the Pulumi SDK (``pulumi.runtime.resource._get_stack_trace``, 3.x, at least
up to 3.259) records the frames above the third ``__init__`` on the stack, taking that one for the
concrete resource class's constructor. The state keeps them as the entry's ``stackTrace``, its
first frame as the entry's ``sourcePosition``. A dynamic resource has one ``__init__`` more
(``pulumi.dynamic.Resource``) and ours a shared registration, so the first frame was our own
module, and below the program came the frames of the runtime that ran it (the Pulumi runtime,
asyncio, grpc, threading): about 2 kB of every state entry, rewritten at every checkpoint.

During our registrations only, :func:`program_trace` puts in the SDK's place a function that keeps
the frames of the program: from the caller of our constructor outward, up to the first frame of
the code that called the program. Registrations of other resources, in this thread or another,
still get the SDK's own function.
"""

from __future__ import annotations

import contextlib
import sys
import threading
import traceback
from types import FrameType
from typing import Any, Callable, Iterator, Optional

import pulumi.runtime.resource as sdk

# The function of the SDK we stand in for, and the one it builds each frame's position with.
HOOKED = "_get_stack_trace"
POSITION = "_get_source_position_for_frame"
# The packages whose frames are ours or the SDK's (skipped above the program) ...
_REGISTRATION = frozenset({"pulumi", __name__.split(".")[0]})
# ... and those that run a program (its outermost frames are called by them): where the trace stops.
_RUNTIME = frozenset({"pulumi", "asyncio", "grpc", "concurrent", "threading", "runpy"})

_lock = threading.RLock()


def _package(frame: FrameType) -> str:
    return str(frame.f_globals.get("__name__", "")).split(".")[0]


def program_frames(frame: Optional[FrameType]) -> list[traceback.FrameSummary]:
    """The program's frames outward of ``frame`` (inside a registration), innermost first."""
    while frame is not None and _package(frame) in _REGISTRATION:
        frame = frame.f_back
    frames: list[traceback.FrameSummary] = []
    while frame is not None and _package(frame) not in _RUNTIME:
        frames.append(traceback.FrameSummary(frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name,
                                             lookup_line=False))
        frame = frame.f_back
    return frames


def _program_stack_trace() -> Any:
    """What the SDK records, in its own format, for the program's frames only."""
    position: Callable[[traceback.FrameSummary], Any] = getattr(sdk, POSITION)
    frames = program_frames(sys._getframe(1))
    return sdk.source_pb2.StackTrace(frames=[sdk.source_pb2.StackFrame(pc=position(f)) for f in frames])


@contextlib.contextmanager
def program_trace() -> Iterator[None]:
    """Run the body (one of our registrations) with the SDK recording the program's frames only.

    Does nothing when the SDK has no such function (a test pins that the pinned SDK has it).
    """
    original = getattr(sdk, HOOKED, None)
    if original is None or not hasattr(sdk, POSITION):
        yield
        return
    owner = threading.get_ident()

    def stack_trace() -> Any:
        # Another thread's registration meanwhile is not ours: it keeps the SDK's trace.
        return _program_stack_trace() if threading.get_ident() == owner else original()

    with _lock:
        setattr(sdk, HOOKED, stack_trace)
        try:
            yield
        finally:
            setattr(sdk, HOOKED, original)
