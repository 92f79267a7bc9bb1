"""One retry policy for both clouds: capped exponential backoff with full jitter, bounded by a deadline.

The adapters raise our own error types; this loop retries the ones marked retryable
(throttling, network errors, 5xx) and nothing else. We do not use the SDKs' retryers: the
Tencent one never recovers after a single retryable error, and Alibaba's ignores the
per-call runtime options.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from typing import Callable, TypeVar

from .errors import DeadlineExceeded, DirectoryUserError, Throttled, TransientFailure

T = TypeVar("T")

DEFAULT_DEADLINE = 300.0  # seconds; settable as directory-users:retryDeadline (see settings)


@dataclass
class RetryPolicy:
    deadline: float = DEFAULT_DEADLINE  # seconds from the first attempt; 0 means a single attempt
    base_delay: float = 0.5
    max_delay: float = 20.0
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def backoff(self, attempt: int) -> float:
        """Full jitter: a random pause up to the capped exponential step."""
        return self.rng.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))

    def run(self, call: Callable[[], T], *, action: str) -> T:
        started = self.clock()
        attempt = 0
        ambiguous = False
        while True:
            try:
                return call()
            except DirectoryUserError as error:
                if not error.retryable:
                    error.after_ambiguous_failure = ambiguous
                    raise
                ambiguous = ambiguous or (isinstance(error, TransientFailure) and error.ambiguous)
                pause = self._pause(error, attempt)
                attempt += 1
                if self.clock() + pause - started > self.deadline:
                    raise self._gave_up(action, attempt, started, error) from error
                self.sleep(pause)

    def _pause(self, error: DirectoryUserError, attempt: int) -> float:
        pause = self.backoff(attempt)
        if isinstance(error, Throttled) and error.retry_after:
            pause = max(pause, min(error.retry_after, self.max_delay))
        return pause

    def _gave_up(
        self, action: str, attempts: int, started: float, last: DirectoryUserError
    ) -> DeadlineExceeded:
        waited = self.clock() - started
        return DeadlineExceeded(
            f"{action} still failing after {attempts} attempt(s) over {waited:.1f}s, "
            f"the retry deadline being {self.deadline:g}s. Last error: {last.message}. "
            "Retry later, or allow longer with config directory-users:retryDeadline "
            "(or DIRECTORY_USERS_RETRY_DEADLINE), in seconds.",
            code=last.code,
            request_id=last.request_id,
        )
