"""The local demo: the root Pulumi project against the emulator of both clouds, start to finish.

Run it with ``bash scripts/demo.sh`` (which bootstraps and sources ``build/env.sh`` first). It

1. starts the local emulator of Tencent Cloud Identity Center and Alibaba Cloud CloudSSO on a
   free port (a child process);
2. creates a throw-away local stack of the project in the root ``Pulumi.yaml`` (its own
   ``PULUMI_HOME`` and file backend in a temporary directory, passphrase secrets);
3. sets the config: zone and directory ids, both clouds' credentials as secrets, and the
   emulator as both clouds' endpoint;
4. runs ``up`` (printing the engine's output), prints the stack outputs with secrets masked,
   runs a second ``preview`` and checks it plans no changes, then ``destroy``s;
5. always removes the stack, stops the emulator and deletes the temporary directory.

Exits non-zero on any failure. Nothing here talks to a real cloud.
"""

from __future__ import annotations

import os
import runpy
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Optional

import yaml
from pulumi import automation as auto

from pulumi_directory_users.testing import ALICLOUD_DIRECTORY_ID, TENCENT_ZONE_ID, EmulatorProcess, stack_config

ROOT = Path(__file__).resolve().parent.parent
STACK = "demo"


def say(message: str) -> None:
    print(f"demo: {message}", flush=True)


def root_project() -> tuple[str, Path]:
    """The ``name`` of the root project and the ``__main__.py`` its ``main`` points at."""
    project = yaml.safe_load((ROOT / "Pulumi.yaml").read_text(encoding="utf-8"))
    program = (ROOT / project.get("main", ".") / "__main__.py").resolve()
    if not program.is_file():
        raise RuntimeError(f"Pulumi.yaml main {project.get('main')!r} has no __main__.py ({program})")
    return str(project["name"]), program


def check_engine() -> None:
    for tool in ("pulumi", "pulumi-resource-pulumi-python"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"`{tool}` is not on PATH; run the demo with `bash scripts/demo.sh`")


def run_demo(workdir: Path) -> None:
    check_engine()
    project, program_path = root_project()
    say(f"project {project!r}, program {program_path.relative_to(ROOT)}")

    emulator = EmulatorProcess(workdir)
    stack: Optional[auto.Stack] = None
    try:
        emulator.start()
        say(f"emulator of both clouds listening on {emulator.endpoint}")

        # The Python language host (pulumi-language-python) is not available in this build of
        # the engine, so the project's program runs as an Automation API inline program: this
        # process runs main's __main__.py; the CLI and our dynamic-provider plugin do the rest.
        def program() -> None:
            runpy.run_path(str(program_path), run_name="__main__")

        backend = workdir / "backend"
        backend.mkdir()
        env = {
            "PULUMI_HOME": str(workdir / "pulumi-home"),
            "PULUMI_BACKEND_URL": backend.as_uri(),
            "PULUMI_CONFIG_PASSPHRASE": os.environ.get("PULUMI_CONFIG_PASSPHRASE", "directory-users-local-demo"),
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            # Dynamic resources run in this interpreter, which has the package installed.
            "PULUMI_PYTHON_CMD": sys.executable,
        }
        opts = auto.LocalWorkspaceOptions(
            work_dir=str(workdir), pulumi_home=env["PULUMI_HOME"], env_vars=env, secrets_provider="passphrase",
            project_settings=auto.ProjectSettings(
                name=project, runtime="python", backend=auto.ProjectBackend(url=backend.as_uri())
            ),
        )
        stack = auto.create_stack(STACK, project_name=project, program=program, opts=opts)
        stack.set_all_config({
            "zoneId": auto.ConfigValue(TENCENT_ZONE_ID),
            "directoryId": auto.ConfigValue(ALICLOUD_DIRECTORY_ID),
            **stack_config(emulator.url),
        })
        say(f"stack {STACK!r} created in {workdir}; config set (credentials as secrets)")

        say("pulumi up")
        up = stack.up(on_output=print, color="never")
        changes = {str(k): v for k, v in up.summary.resource_changes.items()} if up.summary.resource_changes else {}
        if up.summary.result != "succeeded":
            raise RuntimeError(f"up finished with result {up.summary.result!r}")
        say(f"up: {changes}")

        say("stack outputs:")
        for name, output in sorted(stack.outputs().items()):
            print(f"  {name} = {'[secret]' if output.secret else output.value}", flush=True)

        say("pulumi preview (second run: expect no changes)")
        preview = stack.preview(color="never")
        planned = {str(getattr(k, "value", k)): v for k, v in preview.change_summary.items() if v}
        if set(planned) - {"same"}:
            print(preview.stdout, flush=True)
            raise RuntimeError(f"the second preview plans changes: {planned}")
        say(f"second preview: no changes ({planned.get('same', 0)} unchanged)")

        say("pulumi destroy")
        stack.destroy(on_output=print, color="never")
    finally:
        if stack is not None:
            try:
                stack.workspace.remove_stack(STACK, force=True)
                say(f"stack {STACK!r} removed")
            except Exception as error:  # noqa: BLE001 (report, keep cleaning up)
                say(f"could not remove stack {STACK!r}: {error}")
        emulator.stop()
        say("emulator stopped")


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="directory-users-demo-"))
    try:
        run_demo(workdir)
    except auto.CommandError as error:
        say(f"FAILED: a Pulumi command failed:\n{error}")
        return 1
    except Exception as error:  # noqa: BLE001
        say(f"FAILED: {type(error).__name__}: {error}")
        return 1
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    say("OK: created, previewed with no changes, destroyed; nothing left running")
    return 0


if __name__ == "__main__":
    sys.exit(main())
