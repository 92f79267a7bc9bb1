"""A tiny dynamic resource whose output is only known after it is created.

It stands for "another resource" a real program would take a zone or directory id from
(say, a resource that enables Identity Center): during ``preview`` its ``value`` output is
unknown, so a user that takes its zone id from it is previewed with an unknown parent.

It lives in this module, not in a program's ``__main__``, so dill pickles the provider by
reference: the provider process must be able to import this module (the engine tests put
its root on ``PYTHONPATH`` for the workspace). Keep this module free of import-time side
effects, since the provider process imports it to unpickle the provider.
"""

from __future__ import annotations

from typing import Any, Optional

import pulumi
from pulumi.dynamic import CreateResult, DiffResult, ReadResult, Resource, ResourceProvider


class _PassThroughProvider(ResourceProvider):
    def create(self, props: dict[str, Any]) -> CreateResult:
        return CreateResult(f"source-{props['source']}", {"source": props["source"], "value": props["source"]})

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        changed = olds.get("source") != news.get("source")
        return DiffResult(changes=changed, replaces=["source"] if changed else [])

    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        return ReadResult(id_, {"source": props.get("source"), "value": props.get("source")})


class PassThrough(Resource, module="engine-tests", name="PassThrough"):
    """Returns its ``source`` input as the ``value`` output, which is unknown until created.

    (An output with the same key as an input would be known at preview: without provider
    previews the engine hands the inputs back as the planned state.)
    """

    value: pulumi.Output[str]

    def __init__(self, name: str, source: str, opts: Optional[pulumi.ResourceOptions] = None) -> None:
        super().__init__(_PassThroughProvider(), name, {"source": source, "value": None}, opts)
