"""The emulator's state file: a JSON snapshot plus an append-only journal beside it.

Every acknowledged change must be on disk before its answer goes out, but
rewriting the whole state for each change would make every request pay for
every user. So a change appends one line per touched user (its end state, a
few hundred bytes) to ``PATH.journal`` and fsyncs it; the journal is folded
into the snapshot ``PATH`` when the state is opened, when it is closed, and
whenever the journal holds more entries than the snapshot has users (which
keeps the amortised cost per change constant).

A crash can leave the last journal line half written; that line belongs to a
change that was never acknowledged, and it is ignored. Replaying a journal
onto a snapshot that already contains it (a crash between writing the
snapshot and emptying the journal) gives the same state, because each entry
holds an end state, not a delta.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import IO, Any

from .models import FakeClouds

JOURNAL_SUFFIX = ".journal"

MIN_COMPACTION_ENTRIES = 1000
"""The journal is folded into the snapshot after at least this many entries."""


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


def journal_path(path: Path) -> Path:
    """Where the journal of the state file ``path`` lives."""
    return path.with_name(path.name + JOURNAL_SUFFIX)


def read_state(path: str | os.PathLike[str]) -> FakeClouds:
    """The fake clouds a state file (snapshot and journal) holds, without changing the files."""
    clouds = FakeClouds(seed=False)
    _load(Path(path), clouds)
    return clouds


def _load(path: Path, clouds: FakeClouds) -> int:
    """Load the snapshot and replay the journal into ``clouds``; returns the number of entries replayed."""
    if path.exists():
        clouds.load_dict(json.loads(path.read_text(encoding="utf-8")))
    journal = journal_path(path)
    if not journal.exists():
        return 0
    lines = journal.read_bytes().split(b"\n")
    replayed = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            if number == len(lines):
                break  # torn last write: that change was never acknowledged
            raise ValueError(f"{journal}: line {number} is not a journal entry") from None
        clouds.apply_change(entry)
        replayed += 1
    return replayed


class StateFile:
    """Keeps :class:`FakeClouds` in a snapshot file and its journal.

    Args:
        path: the snapshot; the journal is ``path`` plus ``.journal``.
        clouds: the state to keep; :meth:`open` loads the files into it.
    """

    def __init__(self, path: str | os.PathLike[str], clouds: FakeClouds) -> None:
        self.path = Path(path)
        self.journal = journal_path(self.path)
        self._clouds = clouds
        self._handle: IO[bytes] | None = None
        self._entries = 0
        self._users_at_compaction = 0

    def open(self) -> None:
        """Load the snapshot and journal (if any), fold them into a fresh snapshot, and start journaling."""
        with self._clouds.lock:
            _load(self.path, self._clouds)
            self._clouds.track_changes()
            self._clouds.take_changes()
            self._handle = open(self.journal, "ab")
            self._compact()

    def commit(self) -> None:
        """Make every change so far durable: append it to the journal and fsync."""
        with self._clouds.lock:
            if self._handle is None:
                return
            changes = self._clouds.take_changes()
            if changes is None:
                self._compact()
                return
            if not changes:
                return
            lines = "".join(json.dumps(entry, sort_keys=True, separators=(",", ":")) + "\n" for entry in changes)
            self._handle.write(lines.encode("utf-8"))
            self._handle.flush()
            os.fsync(self._handle.fileno())
            self._entries += len(changes)
            if self._entries >= max(MIN_COMPACTION_ENTRIES, self._users_at_compaction):
                self._compact()

    def close(self) -> None:
        """Commit, fold the journal into the snapshot and stop journaling."""
        with self._clouds.lock:
            if self._handle is None:
                return
            self._clouds.take_changes()  # all in the snapshot that follows
            self._compact()
            self._handle.close()
            self._handle = None
            self.journal.unlink(missing_ok=True)

    def _compact(self) -> None:
        assert self._handle is not None
        state = self._clouds.to_dict()
        write_state_atomically(self.path, state)
        # Only once the snapshot is in place: a crash before this replays the journal onto it harmlessly.
        os.ftruncate(self._handle.fileno(), 0)
        os.fsync(self._handle.fileno())
        self._entries = 0
        self._users_at_compaction = _user_count(state)


def _user_count(state: dict[str, Any]) -> int:
    containers = [*state["tencent"]["zones"].values(), *state["alicloud"]["directories"].values()]
    return sum(len(container["users"]) + len(container.get("groups", [])) for container in containers)
