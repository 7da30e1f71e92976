"""The search index: one row per public piece of a consultation (ADR 0016).

Rows are written only by ``index.py`` (signals on the sources keep them current); the full-text
structure over them is the FTS5 table ``search_fts`` on SQLite, on PostgreSQL a stored, GIN-indexed
vector column ``fts`` that the model does not declare (migrations 0001, 0002).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Dự thảo")
        MATERIAL = "material", _("Tài liệu truyền thông")
        SECTION = "section", _("Điều, khoản của dự thảo")
        ANSWER = "answer", _("Ý kiến đã được trả lời")

    consultation = models.ForeignKey("consultation.Consultation", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    source_id = models.PositiveBigIntegerField()
    anchor = models.CharField(max_length=80, blank=True)
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    title_folded = models.CharField(max_length=500)
    body_folded = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "kind", "source_id"], name="searchentry_piece_unique")
        ]
        indexes = [models.Index(fields=["kind", "source_id"], name="searchentry_source_idx")]

    def __str__(self) -> str:
        return self.title
