"""What the engine tests drive: the emulator process, isolated Pulumi stacks, and the clouds' SDKs.

- :class:`Emulator` is the package's :class:`EmulatorProcess` (``python -m
  pulumi_directory_users.testing --port 0`` as a child process) with its request log read
  back as :class:`Call` s.
- :class:`EngineWorkspace` creates Automation API stacks with their own ``PULUMI_HOME``,
  file backend and passphrase secrets provider, and the credentials and endpoints as
  stack config (the provider receives them through the engine's Configure call).
- :class:`Form` is one of the two forms of the resources (the dynamic classes, or the native
  ones on the provider plugin): its modules and the stack config that reaches its default
  provider, so one engine test can run through both.
- :func:`example_program` turns ``examples/<name>/__main__.py`` into an inline program:
  the Python language host is not available, so the Automation API runs the program in
  this process and only the CLI and our dynamic-provider plugin are needed.
- :class:`CliProject` runs the real CLI in a project's directory (a YAML project), as a user would.
- :class:`TencentSdk` / :class:`AlicloudSdk` call the emulator with the clouds' official
  SDKs (the package's ``tencent_client`` / ``alicloud_client``, signed with the test keys),
  to look at (or change) the clouds behind the engine's back.
"""

from __future__ import annotations

import importlib
import json
import os
import runpy
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, ClassVar, Mapping, Optional

import yaml
from pulumi import automation as auto

from pulumi_directory_users.testing import (
    ALICLOUD_DIRECTORY_ID,
    TENCENT_ZONE_ID,
    EmulatorProcess,
    alicloud_client,
    native_stack_config,
    stack_config,
    tencent_client,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PASSPHRASE = "engine-tests-passphrase"

# Every place the provider could find credentials or endpoints besides the stack config:
# removed from the environment so the tests prove the config reaches the provider.
AMBIENT_CLOUD_ENV = (
    "TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SECURITY_TOKEN",
    "TENCENTCLOUD_REGION", "TENCENTCLOUD_DOMAIN",
    "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN",
    "ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN",
    "ALIBABA_CLOUD_REGION_ID", "ALICLOUD_REGION",
    "DIRECTORY_USERS_TENCENTCLOUD_ENDPOINT", "DIRECTORY_USERS_ALICLOUD_ENDPOINT",
    "DIRECTORY_USERS_RETRY_DEADLINE",
    "PULUMI_CONFIG_PASSPHRASE_FILE", "PULUMI_CONFIG_PASSPHRASE", "PULUMI_BACKEND_URL",
    "PULUMI_ACCESS_TOKEN", "PULUMI_IGNORE_AMBIENT_PLUGINS",
)


# ----------------------------------------------------------------------------- the emulator


@dataclass(frozen=True)
class Call:
    """One request in the emulator's log: ``tencent CreateUser 200 OK``."""

    cloud: str
    action: str
    status: str
    error: str


class Emulator(EmulatorProcess):
    """The local emulator of both clouds as a child process, its request log read back as calls."""

    def calls(self) -> list[Call]:
        """Every request so far, in the order the emulator answered them.

        The emulator writes a request's line before it answers, so every call a client has
        seen an answer to is already in the log.
        """
        return [Call(e.cloud, e.action, e.status, e.error) for e in self.entries() if e.cloud != "-"]

    def mark(self) -> int:
        """A position in the call log, for :meth:`calls_since`."""
        return len(self.calls())

    def calls_since(self, mark: int) -> list[Call]:
        return self.calls()[mark:]


# ----------------------------------------------------------------------------- the clouds' SDKs


class _CloudSdk:
    """One cloud's user API through its official SDK, at the emulator; subclasses send the calls."""

    user_key: ClassVar[str]  # the user object in CreateUser/GetUser responses
    group_key: ClassVar[str]  # the group object in CreateGroup responses

    def call(self, action: str, **params: Any) -> dict[str, Any]:
        raise NotImplementedError

    def _listed(self, action: str, key: str, **params: Any) -> list[dict[str, Any]]:
        items, token = [], None
        while True:
            page = self.call(action, MaxResults=100, **params, **({"NextToken": token} if token else {}))
            items.extend(page.get(key) or [])
            token = page.get("NextToken")
            if not page.get("IsTruncated") or not token:
                return items

    def users(self) -> list[dict[str, Any]]:
        return self._listed("ListUsers", "Users")

    def groups(self) -> list[dict[str, Any]]:
        return self._listed("ListGroups", "Groups")

    def members(self, group_id: str) -> list[str]:
        """The user ids in a group."""
        return [m["UserId"] for m in self._listed("ListGroupMembers", "GroupMembers", GroupId=group_id)]

    def create_group(self, group_name: str, **fields: Any) -> dict[str, Any]:
        return self.call("CreateGroup", GroupName=group_name, **fields)[self.group_key]

    def add_member(self, group_id: str, user_id: str) -> None:
        self.call("AddUserToGroup", GroupId=group_id, UserId=user_id)

    def remove_member(self, group_id: str, user_id: str) -> None:
        self.call("RemoveUserFromGroup", GroupId=group_id, UserId=user_id)

    def user(self, user_name: str) -> Optional[dict[str, Any]]:
        return next((u for u in self.users() if u["UserName"] == user_name), None)

    def get(self, user_id: str) -> dict[str, Any]:
        return self.call("GetUser", UserId=user_id)[self.user_key]

    def create(self, user_name: str, **fields: Any) -> dict[str, Any]:
        return self.call("CreateUser", UserName=user_name, **fields)[self.user_key]

    def update(self, user_id: str, **new_fields: Any) -> None:
        self.call("UpdateUser", UserId=user_id, **new_fields)

    def delete(self, user_id: str) -> None:
        self.call("DeleteUser", UserId=user_id)


class TencentSdk(_CloudSdk):
    """Tencent Cloud Organization Identity Center through the official SDK, at the emulator."""

    user_key = "UserInfo"
    group_key = "GroupInfo"

    def __init__(self, endpoint: str, zone_id: str = TENCENT_ZONE_ID, key: Optional[tuple[str, str]] = None) -> None:
        from tencentcloud.organization.v20210331 import models

        self.zone_id = zone_id
        self._models = models
        signing = {"secret_id": key[0], "secret_key": key[1]} if key else {}
        self._client = tencent_client(endpoint, timeout=10, **signing)

    def call(self, action: str, **params: Any) -> dict[str, Any]:
        request = getattr(self._models, f"{action}Request")()
        request.from_json_string(json.dumps({"ZoneId": self.zone_id, **params}))
        return json.loads(getattr(self._client, action)(request).to_json_string())


class AlicloudSdk(_CloudSdk):
    """Alibaba Cloud CloudSSO through the official SDK, at the emulator."""

    user_key = "User"
    group_key = "Group"

    def __init__(
        self, endpoint: str, directory_id: str = ALICLOUD_DIRECTORY_ID, key: Optional[tuple[str, str]] = None
    ) -> None:
        from alibabacloud_cloudsso20210515 import models

        self.directory_id = directory_id
        self._models = models
        signing = {"access_key_id": key[0], "access_key_secret": key[1]} if key else {}
        self._client = alicloud_client(endpoint, timeout=10, **signing)

    def call(self, action: str, **params: Any) -> dict[str, Any]:
        from darabonba.runtime import RuntimeOptions

        snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in action).lstrip("_")
        request = getattr(self._models, f"{action}Request")().from_map({"DirectoryId": self.directory_id, **params})
        return getattr(self._client, f"{snake}_with_options")(request, RuntimeOptions()).body.to_map()


# ----------------------------------------------------------------------------- programs


Program = Callable[[], None]


def example_program(name: str) -> Program:
    """``examples/<name>/__main__.py`` as an inline program, run as ``__main__`` each time."""
    path = EXAMPLES / name / "__main__.py"
    if not path.is_file():
        raise FileNotFoundError(path)

    def program() -> None:
        runpy.run_path(str(path), run_name="__main__")

    return program


def example_project(name: str) -> str:
    """The project name in ``examples/<name>/Pulumi.yaml`` (it namespaces the program's config)."""
    return str(yaml.safe_load((EXAMPLES / name / "Pulumi.yaml").read_text(encoding="utf-8"))["name"])


def module_root(module_name: str, module_file: str) -> str:
    """The sys.path entry a module was imported from, for the provider process's PYTHONPATH."""
    path = Path(module_file).resolve()
    for _ in module_name.split("."):
        path = path.parent
    return str(path)


def provider_config(emulator: Emulator) -> dict[str, auto.ConfigValue]:
    """Credentials (as secrets) and the emulator as both clouds' endpoint, as stack config."""
    return DYNAMIC.config(emulator.url)


@dataclass(frozen=True)
class Form:
    """One form of the resources: the dynamic classes, or the native ones served by the provider plugin.

    Both have the same class names, so a program written against ``form.tencentcloud`` and
    ``form.alicloud`` runs through either.
    """

    name: str
    package: str  # the module holding the two cloud modules

    @property
    def tencentcloud(self) -> ModuleType:
        return importlib.import_module(f"{self.package}.tencentcloud")

    @property
    def alicloud(self) -> ModuleType:
        return importlib.import_module(f"{self.package}.alicloud")

    def config(self, url: str) -> dict[str, auto.ConfigValue]:
        """Stack config that reaches this form's default provider: the test keys, ``url`` as both endpoints."""
        keys = native_stack_config(url) if self.name == "native" else stack_config(url)
        # The emulator answers at once; a real failure should fail the test quickly.
        return {**keys, "directory-users:retryDeadline": auto.ConfigValue("10")}

    def __str__(self) -> str:
        return self.name


DYNAMIC = Form("dynamic", "pulumi_directory_users")
NATIVE = Form("native", "pulumi_directory_users.native")
FORMS = (DYNAMIC, NATIVE)


# ----------------------------------------------------------------------------- stacks


@dataclass
class EngineStack:
    """An Automation API stack plus the engine events of its last operation."""

    stack: auto.Stack
    backend_dir: Path
    work_dir: Path
    events: list[auto.EngineEvent] = field(default_factory=list)

    def _run(self, operation: str, **kwargs: Any) -> Any:
        self.events = []
        return getattr(self.stack, operation)(on_event=self.events.append, color="never", **kwargs)

    def up(self, **kwargs: Any) -> auto.UpResult:
        return self._run("up", **kwargs)

    def preview(self, **kwargs: Any) -> auto.PreviewResult:
        return self._run("preview", **kwargs)

    def refresh(self, **kwargs: Any) -> auto.RefreshResult:
        return self._run("refresh", **kwargs)

    def destroy(self, **kwargs: Any) -> auto.DestroyResult:
        return self._run("destroy", **kwargs)

    def set_config(self, values: Mapping[str, Any]) -> None:
        self.stack.set_all_config(
            {k: v if isinstance(v, auto.ConfigValue) else auto.ConfigValue(str(v)) for k, v in values.items()}
        )

    def outputs(self) -> dict[str, auto.OutputValue]:
        return dict(self.stack.outputs())

    def steps(self) -> list[tuple[str, str]]:
        """(op, resource name) of every step the last operation started, in order."""
        steps = []
        for event in self.events:
            pre = event.resource_pre_event
            if pre is not None:
                steps.append((str(pre.metadata.op.value), pre.metadata.urn.rsplit("::", 1)[-1]))
        return steps

    def state_files(self) -> list[Path]:
        """The stack's checkpoint files in the file backend (with any backups and history)."""
        return [p for p in self.backend_dir.rglob("*") if p.is_file()]


class EngineWorkspace:
    """Makes stacks in an isolated Pulumi home and file backend under one directory."""

    def __init__(
        self,
        directory: Path,
        emulator: Emulator,
        extra_pythonpath: tuple[str, ...] = (),
        pulumi_command: Optional[auto.PulumiCommand] = None,
    ) -> None:
        self.directory = directory
        self.pulumi_command = pulumi_command
        self.emulator = emulator
        self.home = directory / "pulumi-home"
        self.backend = directory / "backend"
        self.home.mkdir(parents=True, exist_ok=True)
        self.backend.mkdir(parents=True, exist_ok=True)
        pythonpath = [*extra_pythonpath, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
        self.env = {
            "PULUMI_HOME": str(self.home),
            "PULUMI_BACKEND_URL": self.backend.as_uri(),
            "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            "PULUMI_DISABLE_REGISTRY_RESOLVE": "true",
            # The provider process (our launcher) runs this interpreter, which has the package.
            "PULUMI_PYTHON_CMD": sys.executable,
            "PYTHONPATH": os.pathsep.join(pythonpath),
            "PYTHONUNBUFFERED": "1",
        }
        self._count = 0

    def stack(
        self,
        program: Program,
        project: str,
        config: Optional[Mapping[str, Any]] = None,
        stack_name: str = "engine",
        form: Form = DYNAMIC,
    ) -> EngineStack:
        """A new stack of ``project`` running ``program``, with ``form``'s provider config and ``config``."""
        self._count += 1
        work_dir = self.directory / f"work-{self._count}-{project}"
        work_dir.mkdir(parents=True)
        settings = auto.ProjectSettings(
            name=project, runtime="python", backend=auto.ProjectBackend(url=self.backend.as_uri())
        )
        opts = auto.LocalWorkspaceOptions(
            work_dir=str(work_dir), pulumi_home=str(self.home), env_vars=self.env,
            secrets_provider="passphrase", project_settings=settings, pulumi_command=self.pulumi_command,
        )
        stack = auto.create_stack(stack_name, project_name=project, program=program, opts=opts)
        engine_stack = EngineStack(stack, self.backend, work_dir)
        engine_stack.set_config({**form.config(self.emulator.url), **(config or {})})
        return engine_stack

    def example(self, name: str, config: Optional[Mapping[str, Any]] = None) -> EngineStack:
        """A stack running ``examples/<name>`` under its own project name, in the seeded zone/directory."""
        defaults = {"zoneId": TENCENT_ZONE_ID, "directoryId": ALICLOUD_DIRECTORY_ID}
        return self.stack(example_program(name), example_project(name), {**defaults, **(config or {})})


def ops(change_summary: Mapping[Any, int]) -> dict[str, int]:
    """A change summary as plain ``{"create": 2, "same": 1}``, zero counts left out."""
    return {str(getattr(k, "value", k)): v for k, v in change_summary.items() if v}


# ----------------------------------------------------------------------------- the CLI as a user types it


class CliProject:
    """A project directory driven by the real CLI in subprocesses, as a user types the commands.

    No Automation API: the CLI finds the language host (``pulumi-language-yaml``) and our plugin
    (``pulumi-resource-directory-users``) on PATH itself. Its own Pulumi home and file backend
    live under ``state_dir``; the clouds' credentials and endpoints reach the native provider only
    as ``directory-users:`` stack config.
    """

    def __init__(self, directory: Path, state_dir: Path) -> None:
        self.directory = directory
        home, backend = state_dir / "pulumi-home", state_dir / "backend"
        home.mkdir(parents=True, exist_ok=True)
        backend.mkdir(parents=True, exist_ok=True)
        self.env = {k: v for k, v in os.environ.items() if k not in AMBIENT_CLOUD_ENV}
        self.env.update(
            PULUMI_HOME=str(home),
            PULUMI_BACKEND_URL=backend.as_uri(),
            PULUMI_CONFIG_PASSPHRASE=PASSPHRASE,
            PULUMI_SKIP_UPDATE_CHECK="true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION="true",
            PULUMI_DISABLE_REGISTRY_RESOLVE="true",
        )

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """``pulumi <args> --non-interactive``; a failure (with both streams) unless ``check`` is off."""
        result = subprocess.run(
            ["pulumi", *args, "--non-interactive", "--color", "never"],
            cwd=self.directory, env=self.env, capture_output=True, text=True, timeout=180,
        )
        if check:
            assert result.returncode == 0, (
                f"pulumi {' '.join(args)}:\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}")
        return result

    def __call__(self, *args: str) -> str:
        return self.run(*args).stdout

    def init_stack(self, name: str, emulator: Emulator, config: Mapping[str, str] = {}) -> None:
        """A new stack with the native provider pointed at ``emulator`` (keys as secrets) and ``config``."""
        self("stack", "init", name)
        settings = {**native_stack_config(emulator.url),
                    # The emulator answers at once; a real failure should fail the test quickly.
                    "directory-users:retryDeadline": auto.ConfigValue("10"),
                    **{k: auto.ConfigValue(v) for k, v in config.items()}}
        pairs = [arg for key, value in settings.items()
                 for arg in ("--secret" if value.secret else "--plaintext", f"{key}={value.value}")]
        self("config", "set-all", *pairs)

    def outputs(self) -> dict[str, Any]:
        return dict(json.loads(self("stack", "output", "--json")))

    def program(self) -> dict[str, Any]:
        return dict(yaml.safe_load((self.directory / "Pulumi.yaml").read_text(encoding="utf-8")))

    def write_program(self, program: Mapping[str, Any]) -> None:
        (self.directory / "Pulumi.yaml").write_text(yaml.safe_dump(dict(program), sort_keys=False), encoding="utf-8")


WRITES = ("Create", "Update", "Delete", "Add", "Remove", "Reset", "Tag", "Untag")


def writes(calls: list[Call]) -> list[Call]:
    """The calls that change something in a cloud (everything but Get and List)."""
    return [c for c in calls if c.action.startswith(WRITES)]
