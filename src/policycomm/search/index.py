"""Keeping the search index equal to what the portal shows.

What is public is decided by the portal's own selectors' rules: published, non-secret material of a
non-secret policy; sections not retired; the text and explanation of comments not hidden, once the
consultation's dispositions are published (never a name or an e-mail). Each writer's change calls one
``sync_*`` here (from signals.py) inside the writer's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from policycomm.communication.models import Material
from policycomm.consultation.models import Comment, Consultation
from policycomm.lawmaking.models import LegalDocument, Section

from .fold import index_text
from .models import SearchEntry

K = SearchEntry.Kind
TITLE_MAX = 500


@dataclass(frozen=True)
class Piece:
    kind: str
    source_id: int
    anchor: str
    title: str
    body: str


def _material_visible(m: Material) -> bool:
    return m.status == Material.Status.PUBLISHED and not m.state_secret and not m.policy.state_secret


def material_anchor(pk: int) -> str:
    """The id of a material's article on the draft page (``portal/includes/materials.html``)."""
    return f"tai-lieu-{pk}"


def _material_piece(m: Material) -> Piece:
    body = "\n".join(text for _f, _label, _req, text in m.parts() if text)
    return Piece(K.MATERIAL, m.pk, material_anchor(m.pk), m.title, body)


def _section_piece(s: Section) -> Piece:
    return Piece(K.SECTION, s.pk, s.key, s.heading, s.text)


def _answer_piece(c: Comment) -> Piece:
    title = c.section.heading if c.section_id and c.section else ""
    return Piece(K.ANSWER, c.pk, f"y-kien-{c.pk}", title, f"{c.text}\n{c.explanation}".strip())


def _consultation_piece(c: Consultation) -> Piece:
    doc = c.document
    title = doc.title if doc.title == c.title or not c.title else f"{doc.title} — {c.title}"
    return Piece(K.CONSULTATION, c.pk, "", title, c.intro)


def _entry(cid: int, p: Piece) -> SearchEntry:
    title = p.title[:TITLE_MAX]
    return SearchEntry(
        consultation_id=cid,
        kind=p.kind,
        source_id=p.source_id,
        anchor=p.anchor,
        title=title,
        body=p.body,
        title_folded=index_text(title)[:TITLE_MAX],
        body_folded=index_text(p.body),
    )


def _put(cids: Iterable[int], kind: str, source_id: int, piece: Piece | None) -> None:
    """The piece's rows for these consultations: replaced, or removed when ``piece`` is None."""
    cids = list(cids)
    SearchEntry.objects.filter(kind=kind, source_id=source_id).exclude(consultation_id__in=cids).delete()
    for cid in cids:
        SearchEntry.objects.filter(consultation_id=cid, kind=kind, source_id=source_id).delete()
        if piece is not None:
            _entry(cid, piece).save()


def _consultation_ids(document_id: int) -> list[int]:
    return list(Consultation.objects.filter(document_id=document_id).values_list("pk", flat=True))


def sync_section(section: Section) -> None:
    _put(
        _consultation_ids(section.document_id),
        K.SECTION,
        section.pk,
        None if section.retired else _section_piece(section),
    )


def sync_material(material: Material) -> None:
    piece = _material_piece(material) if _material_visible(material) else None
    _put(_consultation_ids(material.policy.document_id), K.MATERIAL, material.pk, piece)


def sync_comment(comment: Comment, *, created: bool = False) -> None:
    """A comment is public once its consultation's answers are; a new one before that needs no write."""
    if comment.consultation.dispositions_published_at is None:
        if not created:
            drop(K.ANSWER, comment.pk)
        return
    piece = None if comment.hidden else _answer_piece(comment)
    _put([comment.consultation_id], K.ANSWER, comment.pk, piece)


def drop(kind: str, source_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, source_id=source_id).delete()


def sync_document(document: LegalDocument) -> None:
    for c in Consultation.objects.filter(document=document).select_related("document"):
        _put([c.pk], K.CONSULTATION, c.pk, _consultation_piece(c))


def sync_policy_materials(policy_id: int) -> None:
    for m in Material.objects.filter(policy_id=policy_id).select_related("policy"):
        sync_material(m)


def reindex_consultation(consultation: Consultation) -> int:
    """Every piece of one consultation, rebuilt. Returns the number of rows."""
    c = consultation
    pieces = [_consultation_piece(c)]
    materials = Material.objects.filter(
        policy__document_id=c.document_id,
        status=Material.Status.PUBLISHED,
        state_secret=False,
        policy__state_secret=False,
    ).select_related("policy")
    pieces += [_material_piece(m) for m in materials]
    pieces += [_section_piece(s) for s in Section.objects.filter(document_id=c.document_id, retired=False)]
    if c.dispositions_published_at is not None:
        answers = Comment.objects.filter(consultation=c, hidden=False).select_related("section")
        pieces += [_answer_piece(cm) for cm in answers.iterator(chunk_size=1000)]
    with transaction.atomic():
        SearchEntry.objects.filter(consultation=c).delete()
        SearchEntry.objects.bulk_create([_entry(c.pk, p) for p in pieces], batch_size=500)
    return len(pieces)


def reindex_all() -> int:
    n = 0
    for c in Consultation.objects.select_related("document").order_by("pk").iterator(chunk_size=200):
        n += reindex_consultation(c)
    return n
