"""Writes the public classes of both forms from the specs, as Pulumi's SDKs are generated from a schema.

Run ``python -m pulumi_directory_users.codegen`` after changing spec.py or settings.py, and commit
what it writes; ``--check`` only reports the files that are not current (tests/test_generated.py
fails on them too). It writes:

- ``tencentcloud.py``, ``alicloud.py``: the dynamic resources (on ``_resource.DirectoryResource``);
- ``native/tencentcloud.py``, ``native/alicloud.py``: the same classes on the provider plugin
  (on ``native/_resource.NativeResource``), and ``native/provider.py``: its ``Provider``.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional, Sequence, Union

from . import spec as spec_module
from .dynamic_provider import DirectoryResourceProvider
from .schema import always_present, provider_settings, setting_description
from .settings import Source
from .spec import RESOURCE_SPECS, Field, Kind, Output, ResourceSpec, camel, snake

PACKAGE_DIR = Path(__file__).resolve().parent
WIDTH = 116
HEADER = "# Generated from spec.py by `python -m pulumi_directory_users.codegen`: edit the specs, not this file."


@dataclass(frozen=True)
class CloudModule:
    """What a cloud's module says besides its kinds: its title and an example program."""

    cloud: str
    title: str
    example: str  # ``{module}``: the import path of the module


CLOUD_MODULES = (
    CloudModule(
        "tencentcloud",
        "Tencent Cloud Organization Identity Center users, groups and group memberships (API 2021-03-31).",
        """\
import pulumi
from {package} import tencentcloud

alice = tencentcloud.User("alice", zone_id="z-1os7c9tyugct", user_name="alice",
                          email="alice@example.com", display_name="Alice")
admins = tencentcloud.Group("admins", zone_id=alice.zone_id, group_name="admins")
tencentcloud.GroupMembership("alice-admins", zone_id=alice.zone_id,
                             group_id=admins.group_id, user_id=alice.user_id)
pulumi.export("alice_id", alice.user_id)""",
    ),
    CloudModule(
        "alicloud",
        "Alibaba Cloud CloudSSO users, groups and group memberships (API 2021-05-15).",
        """\
import pulumi
from {package} import alicloud

bob = alicloud.User("bob", directory_id="d-00fc2p61abcd", user_name="bob",
                    email="bob@example.com", tags={{"team": "platform"}})
admins = alicloud.Group("admins", directory_id=bob.directory_id, group_name="admins")
alicloud.GroupMembership("bob-admins", directory_id=bob.directory_id,
                         group_id=admins.group_id, user_id=bob.user_id)
pulumi.export("bob_id", bob.user_id)""",
    ),
)

_NATIVE_NOTE = (
    "The same classes as ``pulumi_directory_users.{cloud}``, served by the ``directory-users`` provider plugin "
    "(``pulumi-resource-directory-users``), which must be on the engine's PATH. Pass "
    "``opts=pulumi.ResourceOptions(provider=native.Provider(...))`` to act in another account or through another "
    "endpoint than the default provider's."
)

_PY_TYPES = {Kind.STRING: "str", Kind.BOOL: "bool", Kind.INT: "int", Kind.TAGS: "Mapping[str, {}]"}


# ---- text


def docstring(text: str, indent: int) -> list[str]:
    """``text`` as the lines of a docstring at ``indent`` spaces, wrapped to the line width."""
    _check_text(text)
    pad = " " * indent
    lines: list[str] = []
    for line in text.split("\n"):
        lines += _wrap(line, WIDTH - indent - 6) if line else [""]
    if len(lines) == 1:
        return [f'{pad}"""{lines[0]}"""']
    body = [f'{pad}"""{lines[0]}', *(f"{pad}{line}" if line else "" for line in lines[1:])]
    if "" in lines:  # paragraphs: the closing quotes on a line of their own
        return [*body, f'{pad}"""']
    return [*body[:-1], f'{body[-1]}"""']


def _wrap(line: str, width: int) -> list[str]:
    # Never break inside an inline literal: its spaces are held as no-break spaces while wrapping.
    held = re.sub(r"``[^`]*``", lambda m: m.group(0).replace(" ", "\u00a0"), line)
    return [part.replace("\u00a0", " ") for part in textwrap.wrap(held, width, break_on_hyphens=False,
                                                                  break_long_words=False)]


def _check_text(text: str) -> None:
    if '"""' in text or "\\" in text:
        raise ValueError(f"a description may not hold triple quotes or backslashes: {text!r}")


def _joined(items: Sequence[str], indent: int, last: str = "") -> list[str]:
    """Items separated by commas, wrapped at ``indent``, then ``last``."""
    lines, current = [], " " * indent
    for n, item in enumerate(items):
        piece = item + ("," if n < len(items) - 1 else last)
        if len(current) + len(piece) + 1 > WIDTH and current.strip():
            lines.append(current.rstrip())
            current = " " * indent
        current += piece + " "
    return [*lines, current.rstrip()]


# ---- types


def input_type(kind: Kind, required: bool) -> str:
    inner = _PY_TYPES[kind].format("pulumi.Input[str]")
    typed = f"pulumi.Input[{inner}]"
    return typed if required else f"Optional[{typed}]"


def output_type(kind: Kind, present: bool) -> str:
    inner = _PY_TYPES[kind].format("str")
    return f"pulumi.Output[{inner if present else f'Optional[{inner}]'}]"


def _article(text: str) -> str:
    return f"{'an' if text[0] in 'AEIOU' else 'a'} {text}"


# ---- one kind


@dataclass(frozen=True)
class Form:
    """The dynamic or the native form of the public classes."""

    native: bool

    def args_decorator(self) -> str:
        return "@pulumi.input_type" if self.native else "@dataclass"

    def wire_name(self, name: str, default: Optional[str]) -> str:
        """What follows an annotation: the wire name in the native form, the default in the dynamic one."""
        if not self.native:
            return "" if default is None else f" = {default}"
        extra = "" if default is None else f", default={default}"
        return f' = pulumi.property("{camel(name)}"{extra})'


def args_class(spec: ResourceSpec, form: Form) -> list[str]:
    lines = ["", "", form.args_decorator(), f"class {spec.class_name}Args:"]
    lines += docstring(f"The inputs of {_article(spec.label)}.", 4)
    lines.append("")
    for f in spec.fields:
        lines.append(f"    {f.name}: {input_type(f.kind, f.required)}{form.wire_name(f.name, None if f.required else 'None')}")
        lines += docstring(f.description, 4)
    return lines


def resource_class(spec: ResourceSpec, form: Form, provider_class: str) -> list[str]:
    base = "NativeResource" if form.native else f'DirectoryResource, module="{spec.cloud}", name="{spec.class_name}"'
    lines = ["", "", f"class {spec.class_name}({base}):"]
    lines += docstring(spec.description, 4)
    lines.append("")
    if form.native:
        lines += [f"    _spec = {spec_constant(spec)}", f"    _args_type = {spec.class_name}Args"]
    else:
        lines.append(f"    _provider_type = {provider_class}")
    lines.append("")
    present = set(always_present(spec))
    props: Iterable[Union[Field, Output]] = (*spec.fields, *spec.outputs)
    for p in props:
        lines.append(f"    {p.name}: {output_type(p.kind, p.name in present)}{form.wire_name(p.name, None)}")
        lines += docstring(p.description, 4)
    parameters = [(f.name, input_type(f.kind, required=False)) for f in spec.fields]
    return lines + constructor(spec.class_name, f"{spec.cloud}.{spec.class_name}", parameters, spec.kind)


def constructor(cls: str, label: str, parameters: list[tuple[str, str]], what: str) -> list[str]:
    """``__init__``: ``args`` or keyword-only ``parameters`` (name, type), then ``opts``; the base registers."""
    lines = [
        "",
        "    def __init__(",
        "        self,",
        "        resource_name: str,",
        f"        args: Optional[{cls}Args] = None,",
        "        *,",
        *(f"        {name}: {annotation} = None," for name, annotation in parameters),
        "        opts: Optional[pulumi.ResourceOptions] = None,",
        "    ) -> None:",
    ]
    lines += docstring(f"Declare {_article(what)}; pass either ``args`` or the keyword arguments (see ``{cls}Args``).", 8)
    lines += ["        values = dict(", *_joined([f"{name}={name}" for name, _ in parameters], 12, last=","), "        )"]
    lines.append(f'        self._register(resource_name, args_from({cls}Args, args, "{label}", values), opts)')
    return lines


def spec_constant(spec: ResourceSpec) -> str:
    """The name spec.py gives the spec (``TENCENT_USER``)."""
    return next(name for name, value in vars(spec_module).items() if value is spec and name.isupper())


def dynamic_provider_class(spec: ResourceSpec) -> type[DirectoryResourceProvider]:
    """The dynamic provider class of a kind, from its cloud's adapter module."""
    module = importlib.import_module(f"{__package__}.clouds.{spec.cloud}")
    return next(value for value in vars(module).values()
                if isinstance(value, type) and issubclass(value, DirectoryResourceProvider)
                and value.__dict__.get("spec") is spec)


# ---- files


def cloud_module(cloud: CloudModule, form: Form) -> str:
    specs = [s for s in RESOURCE_SPECS if s.cloud == cloud.cloud]
    package = "pulumi_directory_users.native" if form.native else "pulumi_directory_users"
    doc = f"{cloud.title}\n\n"
    if form.native:
        doc += _NATIVE_NOTE.format(cloud=cloud.cloud) + "\n\n"
    doc += "Example::\n\n" + textwrap.indent(cloud.example.format(package=package), "    ")
    names = sorted(n for s in specs for n in (s.class_name, f"{s.class_name}Args"))
    uses_tags = any(f.kind is Kind.TAGS for s in specs for f in s.fields)
    typing_names = ", ".join(["Mapping", "Optional"] if uses_tags else ["Optional"])
    lines = [*_module_docstring(doc), HEADER, ""]
    if form.native:
        # No postponed annotations here: the SDK reads the input types' annotations as types.
        lines += [f"from typing import {typing_names}", "", "import pulumi", "",
                  "from .._declare import args_from", "from ..spec import "
                  + ", ".join(sorted(spec_constant(s) for s in specs)), "from ._resource import NativeResource"]
    else:
        providers = [dynamic_provider_class(s).__name__ for s in specs]
        lines += ["from __future__ import annotations", "", "from dataclasses import dataclass",
                  f"from typing import {typing_names}", "", "import pulumi", "",
                  "from ._declare import args_from", "from ._resource import DirectoryResource",
                  f"from .clouds.{cloud.cloud} import {', '.join(sorted(providers))}"]
    lines += ["", "__all__ = [" + ", ".join(f'"{n}"' for n in names) + "]"]
    for s in specs:
        provider = "" if form.native else dynamic_provider_class(s).__name__
        lines += args_class(s, form) + resource_class(s, form, provider)
    return "\n".join(lines) + "\n"


def provider_module() -> str:
    settings = provider_settings()
    params = [(snake(s.provider_key), s) for s in settings]
    doc = ("The ``directory-users`` provider: one configured instance of the plugin, with its own credentials and "
           "endpoints.\n\nThe default provider reads the ``directory-users:`` stack config (``directory-users:"
           "tencentcloudSecretId`` and so on) and the environment; an explicit one takes the same settings as "
           "arguments, and reads the environment for the ones not given. Credentials are always sent and stored "
           "as secrets.\n\nExample::\n\n"
           "    import pulumi\n    from pulumi_directory_users import native\n\n"
           "    staging = native.Provider(\"staging\", tencentcloud_endpoint=\"https://staging.example.com\")\n"
           "    native.tencentcloud.User(\"alice\", zone_id=\"z-1os7c9tyugct\", user_name=\"alice\",\n"
           "                             opts=pulumi.ResourceOptions(provider=staging))")
    lines = [*_module_docstring(doc), HEADER, "", "from typing import Optional", "", "import pulumi", "",
             "from .._declare import args_from", "from ._resource import NativeProvider", "", '__all__ = ["Provider", "ProviderArgs"]', "", "",
             "@pulumi.input_type", "class ProviderArgs:"]
    lines += docstring("The settings of a ``directory-users`` provider; each one not given is read from the "
                       "environment.", 4)
    lines.append("")
    for name, s in params:
        lines.append(f"    {name}: Optional[pulumi.Input[{_setting_type(s)}]] = "
                     f'pulumi.property("{s.provider_key}", default=None)')
        lines += docstring(setting_description(s), 4)
    lines += ["", "", "class Provider(NativeProvider):"]
    lines += docstring("A ``directory-users`` provider: pass it as ``opts=pulumi.ResourceOptions(provider=...)`` "
                       "to the resources that act in its account.", 4)
    lines += ["", "    _args_type = ProviderArgs"]
    parameters = [(name, f"Optional[pulumi.Input[{_setting_type(s)}]]") for name, s in params]
    return "\n".join(lines + constructor("Provider", "Provider", parameters, "provider")) + "\n"


def _setting_type(source: Source) -> str:
    return "float" if source.number else "str"


def _module_docstring(text: str) -> list[str]:
    """A module docstring: its paragraphs wrapped, its indented example block as written."""
    _check_text(text)
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        block = paragraph.split("\n") if paragraph.startswith(" ") else _wrap(paragraph, WIDTH)
        lines += [*block, ""]
    return [f'"""{lines[0]}', *lines[1:-1], '"""', ""]


def generated_files() -> dict[str, str]:
    """Each generated file (its path in the package) and its text."""
    files = {}
    for cloud in CLOUD_MODULES:
        files[f"{cloud.cloud}.py"] = cloud_module(cloud, Form(native=False))
        files[f"native/{cloud.cloud}.py"] = cloud_module(cloud, Form(native=True))
    files["native/provider.py"] = provider_module()
    return files


def stale_files(package_dir: Path = PACKAGE_DIR) -> list[str]:
    """The generated files that are missing or differ from what the specs make."""
    return [path for path, text in generated_files().items()
            if not (package_dir / path).is_file() or (package_dir / path).read_text() != text]


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pulumi_directory_users.codegen", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="only report the files that are not current (exit 1)")
    args = parser.parse_args(argv)
    stale = stale_files()
    if args.check:
        for path in stale:
            print(f"not current: {path} (run python -m pulumi_directory_users.codegen)", file=sys.stderr)
        return 1 if stale else 0
    files = generated_files()
    for path in stale:
        (PACKAGE_DIR / path).write_text(files[path])
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
