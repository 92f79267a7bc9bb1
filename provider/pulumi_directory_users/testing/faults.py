"""Failure injection for the fake clouds.

A :class:`Faults` object decides, per request, whether the wire layer should
misbehave: drop the connection, answer with an error, or apply the operation
and then drop the response. It never touches the state model itself; the wire
handlers ask it at fixed points of every request::

    network fault? -> latency -> auth -> rate limit / scripted / random error
    -> operation -> drop after commit?

Scripted faults are consumed in the order they were added, per cloud and
action (``"*"`` matches any action). Random faults draw from one seedable RNG,
so a fixed seed reproduces the same sequence of failures.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

TENCENT = "tencent"
"""Cloud name of Tencent Cloud Organization Identity Center in faults and recorded calls."""

ALICLOUD = "alicloud"
"""Cloud name of Alibaba Cloud CloudSSO in faults and recorded calls."""

CLOUDS = (TENCENT, ALICLOUD)

NETWORK = "network"
"""Special fault code: the wire layer drops the connection before doing anything."""

ANY_ACTION = "*"
"""Action wildcard for scripted faults."""

TENCENT_THROTTLE_CODE = "RequestLimitExceeded"
ALICLOUD_THROTTLE_CODE = "Throttling.User"
TENCENT_SERVER_ERROR_CODE = "InternalError"
ALICLOUD_SERVER_ERROR_CODE = "ServiceUnavailable"

DOCUMENTED_RATE_LIMITS: tuple[tuple[str, str, float], ...] = (
    (TENCENT, "CreateUser", 20.0),
    (TENCENT, "DeleteUser", 20.0),
)
"""Per-action limits the vendors document (Tencent: 20 requests/second for CreateUser and DeleteUser)."""

# Small on purpose: a client that honours x-acs-retry-after should not make
# test suites slow.
DEFAULT_RETRY_AFTER_MS = 100

_DEFAULT_MESSAGES = {
    "RequestLimitExceeded": "The number of requests exceeds the frequency limit.",
    "InternalError": "An internal error occurred.",
    "Throttling.User": "Request was denied due to user flow control.",
    "Throttling": "Request was denied due to request throttling.",
    "ServiceUnavailable": "The request has failed due to a temporary failure of the server.",
    "InternalError.Server": "The request processing has failed due to some unknown error.",
}


@dataclass(frozen=True)
class InjectedError:
    """An error response the wire layer must send instead of running the operation.

    Attributes:
        code: the cloud's error code.
        message: the error message.
        status: HTTP status. For Tencent ``None`` means the usual HTTP 200 error
            envelope; any other value makes the wire send that raw status, which
            the Tencent SDK reports as ``ServerNetworkError``.
        retry_after_ms: Alibaba only; sent as the ``x-acs-retry-after`` header,
            which makes the SDK raise ``ThrottlingException``.
    """

    code: str
    message: str
    status: int | None = None
    retry_after_ms: int | None = None


@dataclass
class _TokenBucket:
    per_second: float
    capacity: float
    tokens: float
    updated: float

    def take(self, now: float) -> bool:
        elapsed = max(0.0, now - self.updated)
        self.tokens = min(self.capacity, self.tokens + elapsed * self.per_second)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


class Faults:
    """Failures the fake clouds inject into requests.

    All knobs are plain attributes or methods and may be changed at any time,
    also while an emulator is serving requests.

    Attributes:
        latency: seconds added to every request (after network faults).
        throttle_probability: chance that a request gets the cloud's throttling
            error (``RequestLimitExceeded`` / ``Throttling.User`` 400).
        error_probability: chance of a server error (Tencent ``InternalError``,
            Alibaba ``ServiceUnavailable`` 503).
        drop_probability: chance that an operation is applied and then the
            connection is dropped instead of answering.
    """

    def __init__(self, seed: int | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        """Create an inactive fault set.

        Args:
            seed: seed of the RNG used for the probabilistic faults.
            clock: monotonic clock for the rate limiters (seconds).
        """
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._clock = clock
        self._scripted: dict[tuple[str, str], deque[InjectedError]] = {}
        self._drops_after_commit: dict[tuple[str, str], int] = {}
        self._buckets: dict[tuple[str, str], _TokenBucket] = {}
        self.latency = 0.0
        self.throttle_probability = 0.0
        self.error_probability = 0.0
        self.drop_probability = 0.0

    # -- configuration -------------------------------------------------------

    @property
    def clock(self) -> Callable[[], float]:
        """The monotonic clock (seconds) the rate limiters refill by; a test may set a fake one."""
        return self._clock

    @clock.setter
    def clock(self, clock: Callable[[], float]) -> None:
        with self._lock:
            self._clock = clock
            now = clock()
            for bucket in self._buckets.values():
                bucket.updated = now  # refills count from the new clock's now

    def seed(self, seed: int) -> None:
        """Re-seed the RNG of the probabilistic faults."""
        with self._lock:
            self._rng.seed(seed)

    def fail_next(
        self,
        cloud: str,
        action: str,
        code: str,
        times: int = 1,
        *,
        status: int | None = None,
        message: str | None = None,
        retry_after_ms: int | None = None,
    ) -> None:
        """Make the next ``times`` requests of ``action`` fail with ``code``.

        Args:
            cloud: ``"tencent"`` or ``"alicloud"``.
            action: API action name such as ``"CreateUser"``, or ``"*"`` for any.
            code: error code to return, or ``"network"`` to drop the connection
                before the request is looked at.
            times: how many consecutive requests fail.
            status: HTTP status. Alibaba defaults: 503 for ``ServiceUnavailable``,
                500 for ``InternalError*``, otherwise 400. Tencent default: the
                normal HTTP 200 error envelope.
            message: error message; a generic one is used when omitted.
            retry_after_ms: Alibaba ``x-acs-retry-after`` value. Defaults to
                100 for ``Throttling*`` codes, otherwise no header.
        """
        _check_cloud(cloud)
        error = _make_error(cloud, code, status, message, retry_after_ms)
        with self._lock:
            queue = self._scripted.setdefault((cloud, action), deque())
            queue.extend([error] * times)

    def drop_next(self, cloud: str, action: str, times: int = 1) -> None:
        """Drop the connection of the next ``times`` requests before doing anything."""
        self.fail_next(cloud, action, NETWORK, times)

    def drop_after_commit(self, cloud: str, action: str, times: int = 1) -> None:
        """Apply the next ``times`` requests of ``action`` to the state, then drop the connection.

        The client sees a network error although the operation took effect,
        the case idempotent retries must survive. It counts requests that
        reach the operation (signature valid, no injected error), whatever the
        operation's outcome; a business error is then lost with the connection.
        """
        _check_cloud(cloud)
        with self._lock:
            key = (cloud, action)
            self._drops_after_commit[key] = self._drops_after_commit.get(key, 0) + times

    def set_rate_limit(self, cloud: str, action: str, per_second: float, burst: float | None = None) -> None:
        """Limit ``action`` to ``per_second`` requests (token bucket); 0 removes the limit.

        Requests over the limit get the cloud's throttling error. ``burst`` is
        the bucket size and defaults to ``per_second`` (at least 1).
        """
        _check_cloud(cloud)
        with self._lock:
            if per_second <= 0:
                self._buckets.pop((cloud, action), None)
                return
            capacity = max(1.0, burst if burst is not None else per_second)
            self._buckets[(cloud, action)] = _TokenBucket(per_second, capacity, capacity, self._clock())

    def use_documented_rate_limits(self) -> None:
        """Apply :data:`DOCUMENTED_RATE_LIMITS` (the emulator does by default; the in-process mock does not)."""
        for cloud, action, per_second in DOCUMENTED_RATE_LIMITS:
            self.set_rate_limit(cloud, action, per_second)

    def rate_limits(self) -> dict[tuple[str, str], float]:
        """The configured rate limits as ``{(cloud, action): per_second}``."""
        with self._lock:
            return {key: bucket.per_second for key, bucket in self._buckets.items()}

    def pending(self) -> int:
        """How many scripted faults (errors and drops) are still waiting to fire."""
        with self._lock:
            errors = sum(len(queue) for queue in self._scripted.values())
            return errors + sum(self._drops_after_commit.values())

    def reset(self) -> None:
        """Remove every fault, rate limit, latency and probability."""
        with self._lock:
            self._scripted.clear()
            self._drops_after_commit.clear()
            self._buckets.clear()
            self.latency = 0.0
            self.throttle_probability = 0.0
            self.error_probability = 0.0
            self.drop_probability = 0.0

    # -- hooks used by the wire handlers ------------------------------------

    def take_network_fault(self, cloud: str, action: str) -> bool:
        """Consume a scripted ``"network"`` fault at the head of the queue, if any."""
        with self._lock:
            queue = self._queue_for(cloud, action)
            if queue and queue[0].code == NETWORK:
                queue.popleft()
                return True
            return False

    def sleep_latency(self) -> None:
        """Sleep for the configured latency."""
        if self.latency > 0:
            time.sleep(self.latency)

    def take_request_fault(self, cloud: str, action: str) -> InjectedError | None:
        """The error to answer instead of running the operation, if any.

        Checked in this order: rate limit, scripted fault, random throttling,
        random server error.
        """
        with self._lock:
            if not self._within_rate_limit(cloud, action):
                return _throttle_error(cloud)
            queue = self._queue_for(cloud, action)
            if queue and queue[0].code != NETWORK:
                return queue.popleft()
            return self._random_error(cloud)

    def take_drop_after_commit(self, cloud: str, action: str) -> bool:
        """Whether to drop the connection after the operation was applied."""
        with self._lock:
            for key in ((cloud, action), (cloud, ANY_ACTION)):
                if self._drops_after_commit.get(key, 0) > 0:
                    self._drops_after_commit[key] -= 1
                    return True
            return self.drop_probability > 0 and self._rng.random() < self.drop_probability

    # -- internals -----------------------------------------------------------

    def _queue_for(self, cloud: str, action: str) -> deque[InjectedError] | None:
        for key in ((cloud, action), (cloud, ANY_ACTION)):
            queue = self._scripted.get(key)
            if queue:
                return queue
        return None

    def _within_rate_limit(self, cloud: str, action: str) -> bool:
        bucket = self._buckets.get((cloud, action))
        return bucket is None or bucket.take(self._clock())

    def _random_error(self, cloud: str) -> InjectedError | None:
        # Always draw both numbers so that a seed gives the same sequence no
        # matter which probabilities are switched on.
        throttle_draw, error_draw = self._rng.random(), self._rng.random()
        if throttle_draw < self.throttle_probability:
            return _throttle_error(cloud)
        if error_draw < self.error_probability:
            code = TENCENT_SERVER_ERROR_CODE if cloud == TENCENT else ALICLOUD_SERVER_ERROR_CODE
            return _make_error(cloud, code, None, None, None)
        return None


def _check_cloud(cloud: str) -> None:
    if cloud not in CLOUDS:
        raise ValueError(f"unknown cloud {cloud!r}; expected one of {CLOUDS}")


def _throttle_error(cloud: str) -> InjectedError:
    code = TENCENT_THROTTLE_CODE if cloud == TENCENT else ALICLOUD_THROTTLE_CODE
    return _make_error(cloud, code, None, None, None)


def _make_error(
    cloud: str, code: str, status: int | None, message: str | None, retry_after_ms: int | None
) -> InjectedError:
    text = message or _DEFAULT_MESSAGES.get(code, f"Injected fault {code}.")
    if cloud == TENCENT or code == NETWORK:
        return InjectedError(code, text, status, None)
    if status is None:
        status = _default_alicloud_status(code)
    if retry_after_ms is None and code.startswith("Throttling"):
        retry_after_ms = DEFAULT_RETRY_AFTER_MS
    return InjectedError(code, text, status, retry_after_ms)


def _default_alicloud_status(code: str) -> int:
    if code == "ServiceUnavailable":
        return 503
    if code.startswith("InternalError"):
        return 500
    return 400
