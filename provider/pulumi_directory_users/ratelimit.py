"""Client-side rate limits: one token bucket per action, shared by every thread of the provider process.

The clouds throttle per account and action (Tencent documents 20 requests/s per API). Sending
faster than that only buys throttled answers and retries, so each adapter paces its own calls.
The adapter is per cloud and per process, and a process serves one account per cloud, so its
buckets are per cloud, account and action. The retry policy's handling of throttled answers
stays as the safety net for quotas shared with other clients.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Mapping

ANY_ACTION = "*"  # the limit of every action that has none of its own


@dataclass
class TokenBucket:
    """``per_second`` tokens a second, at most ``capacity`` saved up; a caller reserves one and waits its turn.

    Reservations may drive the balance below zero: the n-th caller in a queue waits until its
    token has been earned, so waiting callers are served in order and never all at once.
    The default capacity of one spaces calls evenly: a burst, even one the cloud would allow,
    leaves no room for the jitter between our clock and the cloud's.
    """

    per_second: float
    capacity: float = 1.0
    clock: Callable[[], float] = time.monotonic
    tokens: float = field(init=False)
    updated: float = field(init=False)
    _lock: threading.Lock = field(init=False, repr=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.per_second <= 0:
            raise ValueError("a token bucket needs a positive rate")
        self.tokens = self.capacity
        self.updated = self.clock()

    def reserve(self) -> float:
        """Take a token; return how many seconds the caller must wait before using it."""
        with self._lock:
            now = self.clock()
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.per_second)
            self.updated = now
            self.tokens -= 1.0
            return max(0.0, -self.tokens / self.per_second)


class RateLimiter:
    """Per-action token buckets built from ``{action: requests per second}``; ``*`` covers the rest.

    A rate of 0 (or an action with no entry and no ``*``) means no client-side limit.
    """

    def __init__(
        self,
        limits: Mapping[str, float],
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.limits = dict(limits)
        self._clock = clock
        self._sleep = sleep
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    def limit(self, action: str) -> float:
        return self.limits.get(action, self.limits.get(ANY_ACTION, 0.0))

    def acquire(self, action: str) -> float:
        """Wait until ``action`` may be sent; return the seconds waited."""
        bucket = self._bucket(action)
        if bucket is None:
            return 0.0
        wait = bucket.reserve()
        if wait > 0:
            self._sleep(wait)
        return wait

    def _bucket(self, action: str) -> TokenBucket | None:
        per_second = self.limit(action)
        if per_second <= 0:
            return None
        with self._lock:
            bucket = self._buckets.get(action)
            if bucket is None:
                bucket = self._buckets[action] = TokenBucket(per_second, clock=self._clock)
            return bucket


def parse_limits(text: str) -> dict[str, float]:
    """``"CreateUser=20, DeleteUser=20, *=100"`` to ``{action: per second}``; ValueError names the rule."""
    limits: dict[str, float] = {}
    for item in text.replace(";", ",").split(","):
        item = item.strip()
        if not item:
            continue
        action, sep, rate = item.partition("=")
        action, rate = action.strip(), rate.strip().removesuffix("/s")
        try:
            per_second = float(rate)
        except ValueError:
            per_second = -1.0
        if not sep or not action or not (action == ANY_ACTION or action.isalnum()) or not (math.isfinite(per_second) and per_second >= 0):
            raise ValueError(
                f"{item!r} is not ACTION=N: expected an API action (or * for every other action), '=', "
                "and requests per second as a number >= 0 (0 turns the client-side limit off)"
            )
        limits[action] = per_second
    return limits
