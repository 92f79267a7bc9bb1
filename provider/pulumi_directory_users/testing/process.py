"""The emulator as a child process, for tests that drive other processes such as ``pulumi up``.

:class:`EmulatorServer` serves the fakes from a thread of the test process.
:class:`EmulatorProcess` runs the emulator command instead, as a child process
on a free port: it then runs as it does from a shell (command-line options,
state file, request log), away from the test's own threads, and stops on a
real SIGTERM. Useful for your own ``pulumi up`` tests::

    from pulumi_directory_users.testing import EmulatorProcess, stack_config

    with EmulatorProcess(tmp_path / "emulator") as emulator:
        stack.set_all_config(stack_config(emulator.url))  # test keys and endpoints
        ...  # pulumi up / preview / destroy
        print(emulator.log())  # one line per request: cloud, action, status, error code, time

The child is ``python -m pulumi_directory_users.testing --port 0``: it seeds the
default keys, zone and directory and keeps its state in memory (add
``["--state-file", path]`` to keep it in a file).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TypeVar

from .server import LISTENING_PREFIX

if TYPE_CHECKING:
    from pulumi.automation import ConfigValue

_P = TypeVar("_P", bound="EmulatorProcess")

# One request: "tencent CreateUser 200 OK 1.2ms"; "- - 400 InvalidContentLength 0.1ms" when
# no cloud could be told. Searched for, not split on lines, so a reader copes with a log
# whose entries were ever written without their own line.
_ENTRY = re.compile(r"(tencent|alicloud|-) (\w+|-) (\d{3}|drop) ([\w.\-]+) \d+(?:\.\d+)?ms")


@dataclass(frozen=True)
class LogEntry:
    """One request in the emulator's log."""

    cloud: str
    action: str
    status: str
    error: str


def parse_log(text: str) -> list[LogEntry]:
    """The request entries of an emulator log, in order; other lines (tracebacks) are skipped."""
    return [LogEntry(*match.groups()) for match in _ENTRY.finditer(text)]


class EmulatorProcess:
    """``python -m pulumi_directory_users.testing --port 0`` as a child process.

    Args:
        directory: where the child's stdout (``emulator.stdout``) and request
            log (its stderr, ``emulator.log``) are written; created if missing.
        args: more command-line options, e.g. ``["--zone", "z-other0001"]``
            (see ``directory-users-emulator --help``).
        python: the interpreter that runs the emulator; it must have this package.

    Attributes:
        endpoint: ``"HOST:PORT"`` once started, the form both SDKs take as endpoint.
    """

    def __init__(
        self, directory: str | os.PathLike[str], args: Sequence[str] = (), *, python: str = sys.executable
    ) -> None:
        self.directory = Path(directory)
        self.stdout_path = self.directory / "emulator.stdout"
        self.log_path = self.directory / "emulator.log"
        self._command = [python, "-m", "pulumi_directory_users.testing", "--port", "0", *args]
        self._process: subprocess.Popen[bytes] | None = None
        self.endpoint = ""

    @property
    def url(self) -> str:
        """``"http://HOST:PORT"``, the form the provider's endpoint settings take."""
        return f"http://{self.endpoint}"

    @property
    def running(self) -> bool:
        """Whether the child process is alive."""
        return self._process is not None and self._process.poll() is None

    def start(self: _P, timeout: float = 30.0) -> _P:
        """Start the emulator and wait until it listens; returns ``self``.

        Raises ``RuntimeError`` (with the end of the log) when it exits, prints
        something else or says nothing within ``timeout`` seconds.
        """
        if self._process is not None:
            raise RuntimeError("the emulator is already running")
        self.directory.mkdir(parents=True, exist_ok=True)
        # Files, not pipes: the emulator logs every request, and a pipe nobody drains would block it.
        with open(self.stdout_path, "wb") as out, open(self.log_path, "wb") as log:
            process = subprocess.Popen(self._command, stdout=out, stderr=log, stdin=subprocess.DEVNULL)
        self._process = process
        deadline = time.monotonic() + timeout
        while True:
            first, newline, _ = self.stdout_path.read_text(encoding="utf-8", errors="replace").partition("\n")
            if newline and first.startswith(LISTENING_PREFIX):
                self.endpoint = first[len(LISTENING_PREFIX) :].strip()
                return self
            if newline:
                failure = f"the emulator printed {first!r} instead of '{LISTENING_PREFIX} HOST:PORT'"
            elif process.poll() is not None:
                failure = f"the emulator exited with code {process.returncode}"
            elif time.monotonic() > deadline:
                failure = f"the emulator did not report its port within {timeout:g}s"
            else:
                time.sleep(0.05)
                continue
            self.stop()
            raise RuntimeError(f"{failure}; its log ends:\n{self.log_tail()}")

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the emulator with SIGTERM (killing it after ``timeout`` seconds); no-op if not running."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)

    def kill(self) -> None:
        """Kill the emulator with SIGKILL, as a crash would: no shutdown, no final write."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()

    def entries(self) -> list[LogEntry]:
        """The requests of :meth:`log`, parsed."""
        return parse_log(self.log())

    def log(self) -> str:
        """The request log so far: one line per request (cloud, action, status, error code, time)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines: int = 20) -> str:
        """The last ``lines`` lines of :meth:`log`."""
        return "\n".join(self.log().splitlines()[-lines:])

    def __enter__(self: _P) -> _P:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()


def stack_config(url: str) -> dict[str, "ConfigValue"]:
    """Stack config that points our resources at an emulator, for the Automation API.

    The default test keys as secrets, and ``url`` (e.g. :attr:`EmulatorProcess.url`) as both
    clouds' endpoint: ``stack.set_all_config(stack_config(emulator.url))``.
    """
    from pulumi.automation import ConfigValue

    from .models import ALICLOUD_ACCESS_KEY_ID, ALICLOUD_ACCESS_KEY_SECRET, TENCENT_SECRET_ID, TENCENT_SECRET_KEY

    return {
        "tencentcloud:secretId": ConfigValue(TENCENT_SECRET_ID, secret=True),
        "tencentcloud:secretKey": ConfigValue(TENCENT_SECRET_KEY, secret=True),
        "alicloud:accessKey": ConfigValue(ALICLOUD_ACCESS_KEY_ID, secret=True),
        "alicloud:secretKey": ConfigValue(ALICLOUD_ACCESS_KEY_SECRET, secret=True),
        "directory-users:tencentcloudEndpoint": ConfigValue(url),
        "directory-users:alicloudEndpoint": ConfigValue(url),
    }


def native_stack_config(url: str) -> dict[str, "ConfigValue"]:
    """:func:`stack_config` for the native provider: the same keys and endpoints, in its own namespace.

    The engine passes the default ``directory-users`` provider only the ``directory-users:`` keys.
    """
    from ..settings import ALICLOUD_SOURCES, TENCENT_SOURCES

    native_key = {key: source.for_provider().config[0]
                  for sources in (TENCENT_SOURCES, ALICLOUD_SOURCES) for source in sources.settings
                  for key in source.config}
    return {native_key[key]: value for key, value in stack_config(url).items()}
