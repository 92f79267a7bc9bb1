"""The same resources on the native provider plugin ``pulumi-resource-directory-users``.

- ``native.tencentcloud.User``, ``Group``, ``GroupMembership`` and ``native.alicloud.…``: the same
  class names, ``Args``, inputs, outputs and ``get`` as ``pulumi_directory_users.tencentcloud`` and
  ``.alicloud``, so a program moves between the forms by changing an import.
- ``native.Provider``: an explicit provider (another account, region or endpoint), passed as
  ``opts=pulumi.ResourceOptions(provider=...)``.

The cloud modules are imported on demand, as the package's own are.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

from .provider import Provider, ProviderArgs

if TYPE_CHECKING:
    from . import alicloud, tencentcloud

__all__ = ["Provider", "ProviderArgs", "alicloud", "tencentcloud"]
_CLOUDS = ("alicloud", "tencentcloud")


def __getattr__(name: str) -> ModuleType:
    if name in _CLOUDS:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
