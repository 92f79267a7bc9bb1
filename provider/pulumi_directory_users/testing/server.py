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
error code, milliseconds; never a secret or a signature), each written whole,
and the traceback of any unexpected error. SIGTERM and SIGINT stop it. With
``--state-file`` every acknowledged change is appended to ``FILE.journal``
(fsynced before the response is sent); the journal is folded into the file at
start and at shutdown, and both are reloaded at start.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import FrameType, TracebackType
from typing import IO, Any

from .dispatch import handle
from .faults import CLOUDS
from .models import ALICLOUD_ACCESS_KEY_ID, TENCENT_SECRET_ID, FakeClouds
from .persistence import StateFile
from .wire import LOGGER_NAME, WireRequest, WireResponse

DEFAULT_PORT = 8790
LISTENING_PREFIX = "directory-users-emulator listening on"
TENCENT_KEY_ENV = "DIRECTORY_USERS_EMULATOR_TENCENT_KEY"
ALICLOUD_KEY_ENV = "DIRECTORY_USERS_EMULATOR_ALICLOUD_KEY"

DEFAULT_IDLE_TIMEOUT = 60.0
"""Seconds a connection may sit idle (or send a request body slowly) before the emulator closes it."""

LISTEN_BACKLOG = 1024
"""Connections the kernel queues before the emulator accepts them (the standard library's default is 5)."""

MAX_BODY_BYTES = 1 << 20
"""The largest request body the emulator reads; the SDKs send a few hundred bytes."""


class LineLog:
    """Writes each log entry with one ``write`` of the whole text, newline included, under a lock.

    ``print(line)`` writes the line and its newline separately, so under
    concurrency two entries could share a line.
    """

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def __call__(self, entry: str) -> None:
        text = entry.rstrip("\n") + "\n"
        with self._lock:
            self._stream.write(text)
            self._stream.flush()


class LineLogHandler(logging.Handler):
    """Sends ``logging`` records (the tracebacks of unexpected errors) through a :class:`LineLog`."""

    def __init__(self, log: Callable[[str], None]) -> None:
        super().__init__()
        self._log = log

    def emit(self, record: logging.LogRecord) -> None:
        self._log(self.format(record))


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = LISTEN_BACKLOG
    emulator: EmulatorServer


class _BadRequest(Exception):
    """The HTTP request cannot be read; answered with ``status`` and the connection closed."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps the SDKs' pooled connections alive between requests.
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        # The socket timeout bounds both an idle keep-alive connection and a slow body.
        self.connection.settimeout(self.server.emulator.idle_timeout)

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
        try:
            request = WireRequest(self.command, self.path, dict(self.headers.items()), self._body())
            response = self.server.emulator.process(request)
        except _BadRequest as bad:
            response = _plain(bad.status, bad.code, str(bad))
            self.close_connection = True
        except Exception:
            logging.getLogger(LOGGER_NAME).exception("the emulator failed to answer %s %s", self.command, self.path)
            response = _plain(500, "InternalError", "The emulator failed; its log has the traceback.")
            self.close_connection = True
        # Logged before the answer goes out: once a client has its answer, the line is there.
        self.server.emulator.log_request(response, time.monotonic() - started)
        if response.drop:
            self.close_connection = True
        else:
            self._send(response)

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            raise _BadRequest(411, "LengthRequired", "Send the request body with a Content-Length.")
        raw = self.headers.get("Content-Length")
        if raw is None:
            return b""
        if not raw.strip().isdigit():
            raise _BadRequest(400, "InvalidContentLength", f"Content-Length {raw!r} is not a number of bytes.")
        length = int(raw)
        if length > MAX_BODY_BYTES:
            raise _BadRequest(413, "RequestEntityTooLarge", f"The body may be at most {MAX_BODY_BYTES} bytes.")
        try:
            body = self.rfile.read(length)
        except (socket.timeout, TimeoutError):
            body = b""
        if len(body) != length:
            raise _BadRequest(400, "IncompleteBody", f"The body ended after {len(body)} of {length} bytes.")
        return body

    def _send(self, response: WireResponse) -> None:
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(response.body)


def _plain(status: int, code: str, message: str) -> WireResponse:
    return WireResponse(status, {"Content-Type": "text/plain"}, (message + "\n").encode(), error=code)


class EmulatorServer:
    """Serve :class:`FakeClouds` over HTTP for both SDKs on one port.

    Args:
        clouds: the state to serve.
        host: address to bind.
        port: port to bind; 0 picks a free one (see :attr:`port` after :meth:`start`).
        state_file: optional JSON file; loaded now if it exists (with its
            journal), every change is journaled before its response goes out,
            and :meth:`stop` folds the journal into the file.
        log: called with one entry per request; ``None`` logs nothing.
        idle_timeout: seconds before an idle connection, or a request body that
            stops arriving, is closed.
    """

    def __init__(
        self,
        clouds: FakeClouds,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        state_file: str | os.PathLike[str] | None = None,
        log: Callable[[str], None] | None = None,
        idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
    ) -> None:
        self.clouds = clouds
        self.host = host
        self._requested_port = port
        self._state = StateFile(state_file, clouds) if state_file is not None else None
        self.state_file = self._state.path if self._state is not None else None
        self._log = log
        self.idle_timeout = idle_timeout
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None
        if self._state is not None:
            self._state.open()

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
        """Stop serving, release the port and fold the journal into the state file."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            if self._thread is not None:
                self._thread.join()
            self._httpd, self._thread = None, None
        if self._state is not None:
            self._state.close()

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
        """Make every change so far durable (a no-op without a state file)."""
        if self._state is not None:
            self._state.commit()

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


def _key(text: str) -> tuple[str, str, str | None]:
    key_id, sep, rest = text.partition(":")
    secret, token_sep, token = rest.partition(":")
    if not sep or not key_id or not secret or (token_sep and not token):
        raise argparse.ArgumentTypeError("expected ID:SECRET or ID:SECRET:SESSION_TOKEN")
    return key_id, secret, token or None


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
        metavar="ID:SECRET[:TOKEN]",
        help=(
            "accepted Tencent SecretId:SecretKey, with the session token its requests must carry"
            f" (repeatable; env {TENCENT_KEY_ENV}, comma-separated)"
        ),
    )
    parser.add_argument(
        "--alicloud-key",
        type=_key,
        action="append",
        default=[],
        metavar="ID:SECRET[:TOKEN]",
        help=(
            "accepted Alibaba AccessKeyId:Secret, with the security token its requests must carry"
            f" (repeatable; env {ALICLOUD_KEY_ENV}, comma-separated)"
        ),
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
    parser.add_argument(
        "--idle-timeout",
        type=float,
        default=DEFAULT_IDLE_TIMEOUT,
        metavar="SECONDS",
        help=f"close connections idle (or sending a body) this long (default {DEFAULT_IDLE_TIMEOUT:g})",
    )
    return parser


def _env_keys(name: str) -> list[tuple[str, str, str | None]]:
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
        for key_id, secret, token in keys:
            clouds.add_key(key_id, secret, token)
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
    log = LineLog(sys.stderr)
    logging.getLogger(LOGGER_NAME).addHandler(LineLogHandler(log))
    server = EmulatorServer(
        clouds, args.host, args.port, state_file=args.state_file, log=log, idle_timeout=args.idle_timeout
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
