"""Benchmark: what persisting one change costs the emulator, by number of users.

    python scripts/bench_state_file.py [--changes 200] [--users 10 1000 5000]

For each user count it fills a zone, opens the emulator's state file in a temporary directory
and times UpdateUser (in the model) followed by the emulator's save of that change, the path
every changing request takes before its answer goes out (fsync included). Prints the mean
time per change and its ratio to the smallest user count: a ratio near 1 means the cost does
not grow with the number of users.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from pulumi_directory_users.testing import TENCENT_ZONE_ID, EmulatorServer, FakeClouds


def seconds_per_change(users: int, changes: int, directory: Path) -> float:
    clouds = FakeClouds()
    clouds.tencent.add_zone(TENCENT_ZONE_ID, user_limit=users + 1)
    ids = [clouds.tencent.create_user(ZoneId=TENCENT_ZONE_ID, UserName=f"user-{i}")["UserId"] for i in range(users)]
    server = EmulatorServer(clouds, state_file=directory / f"state-{users}.json")  # never started: no HTTP
    try:
        for n in range(20):  # warm-up, untimed
            clouds.tencent.update_user(ZoneId=TENCENT_ZONE_ID, UserId=ids[n % users], NewDisplayName=f"warm {n}")
            server.save_if_changed()
        started = time.perf_counter()
        for n in range(changes):
            clouds.tencent.update_user(ZoneId=TENCENT_ZONE_ID, UserId=ids[n % users], NewDisplayName=f"name {n}")
            server.save_if_changed()
        return (time.perf_counter() - started) / changes
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--users", type=int, nargs="+", default=[10, 1000, 5000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        results = [(users, seconds_per_change(users, args.changes, Path(directory))) for users in args.users]
    baseline = results[0][1]
    for users, seconds in results:
        ratio = seconds / baseline
        print(f"{users:>6} users: {seconds * 1000:8.3f} ms per change  ({ratio:6.1f}x the {args.users[0]}-user cost)")


if __name__ == "__main__":
    main()
