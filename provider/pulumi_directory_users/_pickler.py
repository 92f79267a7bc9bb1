"""A guard against the Pulumi SDK's pickler leak, which breaks programs of about a thousand dynamic resources.

``pulumi.dynamic.serialize_provider`` (Pulumi SDK 3.x, at least up to 3.259) makes dill sort
dictionaries by replacing ``pickle._Pickler._batch_setitems`` with a sorting wrapper around
the current one, and ``save_dict`` with a sorting version. Its ``finally`` restores only
``pickle.Pickler``, so every dynamic resource's registration wraps the wrapper once more:
serializing gets slower with each one, and after about 960 registrations pickling fails with
``RecursionError`` (pulumi/pulumi#17803).

Our registrations put both attributes back as they found them. The provider is still
serialized exactly as the SDK does it (one level of sorting, the same bytes), other dynamic
providers in the same program keep whatever they did, and ours add no depth at all.
"""

from __future__ import annotations

import contextlib
import pickle
from typing import Iterator

# The attributes serialize_provider replaces on the pure-Python pickler and leaves replaced.
_PATCHED = ("_batch_setitems", "save_dict")


@contextlib.contextmanager
def pickler_restored() -> Iterator[None]:
    """Run the body, then restore the pure-Python pickler's patched methods to what they were."""
    pickler = pickle._Pickler  # type: ignore[attr-defined]
    saved = {name: pickler.__dict__[name] for name in _PATCHED if name in pickler.__dict__}
    try:
        yield
    finally:
        for name in _PATCHED:
            if name in saved:
                setattr(pickler, name, saved[name])
            elif name in pickler.__dict__:
                delattr(pickler, name)
