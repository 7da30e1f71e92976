"""When a background process was last seen working: one row per process kind, updated in place."""

from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    #: What beats: ``worker`` (the database task worker, ``tasks.worker_heartbeat``).
    name = models.CharField(max_length=40, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} @ {self.seen_at:%Y-%m-%d %H:%M:%S}"
