"""``python -m pulumi_directory_users.testing``: run the local emulator."""

from __future__ import annotations

from .server import main

if __name__ == "__main__":
    raise SystemExit(main())
