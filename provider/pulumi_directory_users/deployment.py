"""What one provider process knows about the deployment it serves, so that changes to several
users at once (swaps, chains, renames) neither deadlock nor take over a user another resource holds.

The engine runs one provider process per deployment and calls ``diff`` for every resource of the
program that is already in the state before it creates, updates or deletes it. Each diff tells us
which user that resource holds and which unique keys (user name, email) the change gives up.
A create or update that collides with such a key then waits for it to be released instead of
failing, and nothing takes over a user that another resource of the stack holds.

The ledger is runtime state of the provider process: never serialized, empty at each start.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Optional


@dataclass(frozen=True)
class UniqueKey:
    """One unique value in one zone/directory: ``("z-1", "user_name", "alice")``."""

    parent_id: str
    field: str
    value: str


@dataclass(frozen=True)
class Replacement:
    """The resource a replacement deletes first, and the keys its successor will need."""

    old_id: str
    wanted: tuple[UniqueKey, ...]


@dataclass
class DeploymentLedger:
    """Users held and keys given up by the resources of this deployment, as their diffs said."""

    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _held: set[str] = field(default_factory=set)
    _departing: dict[UniqueKey, str] = field(default_factory=dict)
    _replacements: dict[str, Replacement] = field(default_factory=dict)  # by old user id
    _pending_creates: set[UniqueKey] = field(default_factory=set)  # replacements' new names
    _changed: threading.Condition = field(default_factory=threading.Condition)
    _diffs_seen: bool = False

    def note_holder(self, user_id: str) -> None:
        with self._changed:
            self._held.add(user_id)
            self._changed.notify_all()

    def note_diff(self) -> None:
        with self._changed:
            self._diffs_seen = True

    def note_departure(self, user_id: str, keys: list[UniqueKey]) -> None:
        """``user_id`` gives up ``keys`` in this deployment (it is replaced, or its email changes)."""
        with self._changed:
            for key in keys:
                self._departing[key] = user_id
            self._changed.notify_all()

    def note_replacement(self, replacement: Replacement, new_name: UniqueKey) -> None:
        with self._changed:
            self._replacements[replacement.old_id] = replacement
            self._pending_creates.add(new_name)
            self._changed.notify_all()

    def note_deleted(self, user_id: str) -> None:
        with self._changed:
            self._held.discard(user_id)
            self._changed.notify_all()

    def is_held(self, user_id: str) -> bool:
        """Does a resource of this deployment hold ``user_id`` (so nobody else may take it over)?"""
        with self._changed:
            return user_id in self._held

    def replacement_of(self, user_id: str) -> Optional[Replacement]:
        with self._changed:
            return self._replacements.get(user_id)

    def take_pending_create(self, name: UniqueKey) -> bool:
        """Is a create of ``name`` the second half of a replacement? (Asked once per create.)"""
        with self._changed:
            if name in self._pending_creates:
                self._pending_creates.discard(name)
                return True
            return False

    def wait_for_departure(self, key: UniqueKey, holder_id: str, grace: float) -> bool:
        """Whether ``holder_id`` gives ``key`` up in this deployment.

        Another resource's diff may reach us a moment after our own step started, so an unknown
        holder is given ``grace`` seconds to show up as departing; when no resource of this
        deployment has been diffed at all, none is coming.
        """
        deadline = self.clock() + grace
        with self._changed:
            if not self._diffs_seen:
                return False
            while self._departing.get(key) != holder_id:
                remaining = deadline - self.clock()
                if remaining <= 0:
                    return False
                self._changed.wait(min(remaining, 0.2))
            return True

    def poll_until(self, condition: Callable[[], bool], timeout: float, interval: float = 0.25) -> bool:
        """Call ``condition`` until it is true or ``timeout`` seconds pass; the last result."""
        deadline = self.clock() + timeout
        while True:
            if condition():
                return True
            if self.clock() + interval > deadline:
                return False
            self.sleep(interval)
