"""Local emulator: both fake clouds behind one HTTP port (standard library only).

Point the SDKs (or the provider) at it with ``endpoint="127.0.0.1:PORT"`` and
``protocol="http"``; Tencent and Alibaba requests are told apart by header.

In Python::

    from pulumi_directory_users.testing import EmulatorServer, FakeClouds

    with EmulatorServer(FakeClouds()) as server:
        print(server.endpoint)  # "127.0.0.1:PORT"

From a shell (``directory-users-emulator`` or ``python -m pulumi_directory_users.testing``)::

    directory-users-emulator --port 0 --state-file state.json

prints exactly one line to stdout, ``directory-users-emulator listening on
127.0.0.1:PORT``, then one line per request to stderr (cloud, action, status,
error code, milliseconds; never a secret or a signature). SIGTERM and SIGINT
stop it. With ``--state-file`` every acknowledged change is written to the
file (atomically, before the response is sent) and reloaded at start.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

from .dispatch import handle
from .faults import CLOUDS
from .models import ALICLOUD_ACCESS_KEY_ID, TENCENT_SECRET_ID, FakeClouds
from .wire import WireRequest, WireResponse

DEFAULT_PORT = 8790
LISTENING_PREFIX = "directory-users-emulator listening on"
TENCENT_KEY_ENV = "DIRECTORY_USERS_EMULATOR_TENCENT_KEY"
ALICLOUD_KEY_ENV = "DIRECTORY_USERS_EMULATOR_ALICLOUD_KEY"


def write_state_atomically(path: Path, state: dict[str, Any]) -> None:
    """Write JSON so that a crash leaves either the old or the new file, never half of one."""
    directory = path.parent if str(path.parent) else Path(".")
    handle_fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle_fd, "w", encoding="utf-8") as temp:
            json.dump(state, temp, indent=1, sort_keys=True)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    emulator: EmulatorServer


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps the SDKs' pooled connections alive between requests.
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def do_POST(self) -> None:
        self._serve()

    def do_GET(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        # The default access log prints the request line, which carries V1
        # signatures and AccessKeyIds; the emulator logs its own safe line.
        return

    def _serve(self) -> None:
        started = time.monotonic()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = WireRequest(self.command, self.path, dict(self.headers.items()), body)
        response = self.server.emulator.process(request)
        # Logged before the answer goes out: once a client has its answer, the line is there.
        self.server.emulator.log_request(response, time.monotonic() - started)
        if response.drop:
            self.close_connection = True
        else:
            self._send(response)

    def _send(self, response: WireResponse) -> None:
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        self.wfile.write(response.body)


class EmulatorServer:
    """Serve :class:`FakeClouds` over HTTP for both SDKs on one port.

    Args:
        clouds: the state to serve.
        host: address to bind.
        port: port to bind; 0 picks a free one (see :attr:`port` after :meth:`start`).
        state_file: optional JSON file; loaded now if it exists, rewritten
            after every change before the response goes out.
        log: called with one line per request; ``None`` logs nothing.
    """

    def __init__(
        self,
        clouds: FakeClouds,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        state_file: str | os.PathLike[str] | None = None,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.clouds = clouds
        self.host = host
        self._requested_port = port
        self.state_file = Path(state_file) if state_file is not None else None
        self._log = log
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        if self.state_file is not None and self.state_file.exists():
            clouds.load_dict(json.loads(self.state_file.read_text(encoding="utf-8")))
        self._saved_revision = clouds.revision

    @property
    def port(self) -> int:
        """The bound port (the requested one until :meth:`start`)."""
        return self._httpd.server_address[1] if self._httpd else self._requested_port

    @property
    def endpoint(self) -> str:
        """``"HOST:PORT"``, the form both SDKs take as endpoint."""
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """``"http://HOST:PORT"``."""
        return f"http://{self.endpoint}"

    def start(self) -> EmulatorServer:
        """Bind and serve in a background thread; returns ``self``."""
        if self._httpd is not None:
            raise RuntimeError("the emulator is already running")
        self._httpd = _HTTPServer((self.host, self._requested_port), _Handler)
        self._httpd.emulator = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="directory-users-emulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join()
        self._httpd, self._thread = None, None

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    def process(self, request: WireRequest) -> WireResponse:
        """Answer one request and persist any change it made (also for dropped responses)."""
        response = handle(self.clouds, request)
        self.save_if_changed()
        return response

    def save_if_changed(self) -> None:
        """Write the state file if the state changed since the last write."""
        if self.state_file is None:
            return
        # Under the state lock, so a file is never overwritten by an older snapshot.
        with self.clouds.lock:
            if self.clouds.revision == self._saved_revision:
                return
            write_state_atomically(self.state_file, self.clouds.to_dict())
            self._saved_revision = self.clouds.revision

    def log_request(self, response: WireResponse, seconds: float) -> None:
        """Log cloud, action, status and error code of one request (never secrets)."""
        if self._log is None:
            return
        status = "drop" if response.drop else str(response.status)
        line = (
            f"{response.cloud or '-'} {response.action or '-'} {status} {response.error or 'OK'} {seconds * 1000:.1f}ms"
        )
        self._log(line)


# -- command line ----------------------------------------------------------------


def _key(text: str) -> tuple[str, str]:
    key_id, sep, secret = text.partition(":")
    if not sep or not key_id or not secret:
        raise argparse.ArgumentTypeError("expected ID:SECRET")
    return key_id, secret


def _rate_limit(text: str) -> tuple[tuple[str, ...], str, float]:
    target, sep, rate = text.partition("=")
    cloud, colon, action = target.rpartition(":")
    clouds = (cloud,) if colon else CLOUDS
    try:
        per_second = float(rate.removesuffix("/s"))
    except ValueError:
        per_second = -1.0
    if not sep or not action or per_second < 0 or any(c not in CLOUDS for c in clouds):
        raise argparse.ArgumentTypeError("expected [tencent:|alicloud:]ACTION=N/s")
    return clouds, action, per_second


def _probability(text: str) -> float:
    value = float(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("expected a probability from 0 to 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface of ``directory-users-emulator``."""
    parser = argparse.ArgumentParser(
        prog="directory-users-emulator",
        description="Local emulator of the Tencent Identity Center and Alibaba CloudSSO user APIs.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 = any free port)"
    )
    parser.add_argument("--state-file", help="JSON file to persist state in and reload it from")
    parser.add_argument(
        "--tencent-key",
        type=_key,
        action="append",
        default=[],
        metavar="ID:SECRET",
        help=f"accepted Tencent SecretId:SecretKey (repeatable; env {TENCENT_KEY_ENV})",
    )
    parser.add_argument(
        "--alicloud-key",
        type=_key,
        action="append",
        default=[],
        metavar="ID:SECRET",
        help=f"accepted Alibaba AccessKeyId:Secret (repeatable; env {ALICLOUD_KEY_ENV})",
    )
    parser.add_argument("--zone", action="append", default=[], metavar="ID", help="extra Tencent zone (repeatable)")
    parser.add_argument(
        "--directory", action="append", default=[], metavar="ID", help="extra CloudSSO directory (repeatable)"
    )
    parser.add_argument("--latency", type=float, default=0.0, metavar="SECONDS", help="delay added to every request")
    parser.add_argument(
        "--rate-limit",
        type=_rate_limit,
        action="append",
        default=[],
        metavar="[CLOUD:]ACTION=N/s",
        help="per-action rate limit (repeatable; default tencent CreateUser and DeleteUser 20/s)",
    )
    parser.add_argument("--throttle-probability", type=_probability, default=0.0, metavar="P")
    parser.add_argument("--error-probability", type=_probability, default=0.0, metavar="P", help="server errors (5xx)")
    parser.add_argument(
        "--drop-probability",
        type=_probability,
        default=0.0,
        metavar="P",
        help="apply the operation, then drop the connection",
    )
    parser.add_argument("--seed", type=int, default=None, metavar="N", help="seed of the fault RNG")
    return parser


def _env_keys(name: str) -> list[tuple[str, str]]:
    value = os.environ.get(name, "")
    return [_key(item.strip()) for item in value.split(",") if item.strip()]


def configure(args: argparse.Namespace) -> FakeClouds:
    """Fake clouds set up from parsed command-line arguments (state file not loaded yet)."""
    clouds = FakeClouds(seed=True, fault_seed=args.seed)
    for default_id, keys in (
        (TENCENT_SECRET_ID, args.tencent_key + _env_keys(TENCENT_KEY_ENV)),
        (ALICLOUD_ACCESS_KEY_ID, args.alicloud_key + _env_keys(ALICLOUD_KEY_ENV)),
    ):
        if keys:
            clouds.keys.pop(default_id, None)
            clouds.keys.update(keys)
    faults = clouds.faults
    faults.latency = args.latency
    faults.throttle_probability = args.throttle_probability
    faults.error_probability = args.error_probability
    faults.drop_probability = args.drop_probability
    faults.use_documented_rate_limits()
    for targets, action, per_second in args.rate_limit:
        for cloud in targets:
            faults.set_rate_limit(cloud, action, per_second)
    return clouds


def _add_missing_containers(clouds: FakeClouds, zones: Sequence[str], directories: Sequence[str]) -> None:
    # After loading a state file, so its zones and directories (with their
    # settings) win over the command line.
    for zone_id in zones:
        if zone_id not in clouds.tencent.zones:
            clouds.tencent.add_zone(zone_id)
    for directory_id in directories:
        if directory_id not in clouds.alicloud.directories:
            clouds.alicloud.add_directory(directory_id)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the emulator until SIGTERM or SIGINT."""
    args = build_parser().parse_args(argv)
    clouds = configure(args)
    seeded_zones, seeded_directories = list(clouds.tencent.zones), list(clouds.alicloud.directories)
    server = EmulatorServer(
        clouds,
        args.host,
        args.port,
        state_file=args.state_file,
        log=lambda line: print(line, file=sys.stderr, flush=True),
    )
    _add_missing_containers(clouds, seeded_zones + args.zone, seeded_directories + args.directory)
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    try:
        server.start()
    except OSError as exc:
        print(f"directory-users-emulator: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    try:
        print(f"{LISTENING_PREFIX} {server.endpoint}", flush=True)
        stop.wait()
    finally:
        server.stop()
    return 0
