"""The cache backend of a one-machine instance: DiskCache, with its files kept open between requests.

Django closes every cache when a request finishes (``request_finished`` → ``close_caches``). For
DiskCache that closes the SQLite connections of all its shards, and the next request opens them again:
2–3 ms a request, more than the counter itself (bench/http_intake.py). Its connections are per thread,
like the database's, so they stay open for the life of the process, as ``CONN_MAX_AGE`` keeps the
database's (docs/adr/0025-intake-speed.md).
"""

from __future__ import annotations

from typing import Any

from diskcache import DjangoCache


class DiskCache(DjangoCache):
    def close(self, **kwargs: Any) -> None:
        """Keep the shards open: called by Django at the end of every request."""
