"""Reads that share one paged listing of a zone/directory instead of one GetUser per user.

A refresh reads every user of a stack, and the provider process serves at most four calls
at once: N GetUser calls cost N round trips where ⌈N / 100⌉ ListUsers pages would do. The
listing pays off only when enough users of the zone/directory are read, and a zone may hold
far more users than the stack, so the cost is bounded the ski-rental way: the first read takes
one page (which also tells the zone's size); reads of users not on the pages taken so far go
to GetUser until those GetUsers have cost as much as the pages still missing, and only then
is the rest of the listing taken. Whatever happens, the calls stay within about twice the
cheaper of the two ways, plus one page.

What this module answers is only ever "here is the user as listed" or "not known here"; the
caller confirms every user it does not find with GetUser, since a listing cannot tell "deleted"
from "created after the listing was taken". Only GetUser's ResourceGone means gone.

A listing is reused for :data:`LISTING_TTL` seconds at most and dropped as soon as the adapter
writes to that zone/directory, so a read never returns something older than that window or
older than our own last change.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Iterator, Optional

from .clouds.base import Page, Record, SdkDirectory
from .errors import DirectoryUserError

# Long enough for one refresh of a few thousand users to share one listing (the engine reads
# them within seconds of each other); short enough that a read is never more than a minute old.
LISTING_TTL = 60.0


@dataclass
class _Listing:
    """What is known of one zone/directory's users from the pages taken so far."""

    taken_at: float
    writes: int  # the adapter's write count for the zone/directory when the first page was asked
    users: dict[str, Record] = field(default_factory=dict)
    pages: Optional[Iterator[Page]] = None  # the pages still to take; None before the first
    pages_left: int = 0  # an estimate, from the first page's total
    misses: int = 0  # reads sent to GetUser because their user was not on the pages taken
    failed: bool = False  # ListUsers failed: reads go to GetUser until the listing expires
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def complete(self) -> bool:
        return self.pages is not None and self.pages_left == 0


class Listings:
    """The per-process listings, one per zone/directory, shared by every thread."""

    def __init__(self, ttl: float = LISTING_TTL, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self._clock = clock
        self._listings: dict[str, _Listing] = {}
        self._lock = threading.Lock()

    def lookup(self, api: SdkDirectory, parent_id: str, resource_id: str) -> Optional[Record]:
        """The user as listed, or None when the listing does not show it (the caller asks GetUser)."""
        listing = self._listing(api, parent_id)
        with listing.lock:
            if listing.failed:
                return None
            try:
                if listing.pages is None:
                    self._take_first_page(listing, api, parent_id)
                if resource_id not in listing.users and not listing.complete:
                    if listing.misses < listing.pages_left:
                        listing.misses += 1
                        return None
                    self._take_the_rest(listing, api)
            except DirectoryUserError:
                # Never a verdict on the user: GetUser decides, and fails loudly if it must.
                listing.failed = True
                return None
            return listing.users.get(resource_id)

    def _listing(self, api: SdkDirectory, parent_id: str) -> _Listing:
        now, writes = self._clock(), api.writes(parent_id)
        with self._lock:
            listing = self._listings.get(parent_id)
            if listing is None or now - listing.taken_at > self.ttl or listing.writes != writes:
                listing = self._listings[parent_id] = _Listing(taken_at=now, writes=writes)
            return listing

    @staticmethod
    def _take_first_page(listing: _Listing, api: SdkDirectory, parent_id: str) -> None:
        pages = api.pages(parent_id)
        first = next(pages)
        listing.users.update((item[api.spec.id_field], item) for item in first.items)
        if not first.next_token:
            listing.pages_left = 0
        elif first.total is not None and first.total > len(first.items):
            listing.pages_left = math.ceil((first.total - len(first.items)) / api.page_size)
        else:
            listing.pages_left = 1  # the total is unknown: at least one more page
        listing.pages = pages

    @staticmethod
    def _take_the_rest(listing: _Listing, api: SdkDirectory) -> None:
        assert listing.pages is not None
        for page in listing.pages:
            listing.users.update((item[api.spec.id_field], item) for item in page.items)
        listing.pages_left = 0
