"""Reads for consultations: public lists and the officer's views."""

from __future__ import annotations

import json
from typing import Any, TypedDict

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.communication.models import Material
from policycomm.errors import DomainError
from policycomm.lawmaking.models import LegalDocument, Section
from policycomm.monitoring.access import monitored
from policycomm.orgs.access import UserLike

from .models import AnalysisRun, Comment, CommentAnalysis, Consultation, DecidedFor, Statement, StatementVote
from .periods import window_days


class CampaignRow(TypedDict):
    key: str
    size: int
    copies: int
    text: str
    stance_label: str
    decided: int


class SectionCount(TypedDict):
    key: str
    heading: str
    n: int


def public_consultations(status: str | None = None) -> QuerySet[Consultation]:
    """Consultations the public may see. Prefetch: document and its drafting body."""
    now = timezone.now()
    qs = Consultation.objects.select_related("document__drafting_body").order_by("closes_at", "pk")
    if status == "open":
        qs = qs.filter(opens_at__lte=now, closes_at__gt=now)
    elif status == "closed":
        qs = qs.filter(closes_at__lte=now).order_by("-closes_at", "-pk")
    elif status == "upcoming":
        qs = qs.filter(opens_at__gt=now)
    # Without a status: all of them, announced ones included (their page says when they open).
    return qs


def consultation_for_intake(pk: int) -> QuerySet[Consultation]:
    """The consultation ``pk`` (at most one), with its document, for receiving a comment: every consultation
    is public (``public_consultations``); unordered, which is what one row by key needs."""
    return Consultation.objects.select_related("document").filter(pk=pk).order_by()[:1]


def published_materials(document: LegalDocument) -> QuerySet[Material]:
    """Published, non-secret material for the document's policies."""
    return (
        Material.objects.filter(
            policy__document=document, status=Material.Status.PUBLISHED, state_secret=False, policy__state_secret=False
        )
        .select_related("policy")
        .order_by("policy_id", "pk")
    )


def public_sections(document: LegalDocument) -> QuerySet[Section]:
    return Section.objects.filter(document=document, retired=False).order_by("position")


def published_comments(consultation: Consultation) -> QuerySet[Comment]:
    if consultation.dispositions_published_at is None:
        return Comment.objects.none()
    return (
        consultation.comments.filter(hidden=False)
        .select_related("section")
        .annotate(version_number=F("version__number"))
        .order_by("created_at", "pk")
    )


def comments_for_processing(consultation: Consultation, *, disposition: str | None = None) -> QuerySet[Comment]:
    qs = (
        consultation.comments.select_related("section")
        .annotate(version_number=F("version__number"))
        .order_by("created_at", "pk")
    )
    if disposition == "pending":
        qs = qs.filter(disposition="", hidden=False)
    elif disposition:
        qs = qs.filter(disposition=disposition)
    return qs


def consultation_counts(consultation: Consultation) -> dict[str, int]:
    agg = consultation.comments.aggregate(
        n_total=Count("pk"),
        n_hidden=Count("pk", filter=Q(hidden=True)),
        n_pending=Count("pk", filter=Q(hidden=False, disposition="")),
        n_accepted=Count("pk", filter=Q(hidden=False, disposition=Comment.Disposition.ACCEPTED)),
        n_partial=Count("pk", filter=Q(hidden=False, disposition=Comment.Disposition.PARTIAL)),
        n_not_accepted=Count("pk", filter=Q(hidden=False, disposition=Comment.Disposition.NOT_ACCEPTED)),
        n_out_of_scope=Count("pk", filter=Q(hidden=False, disposition=Comment.Disposition.OUT_OF_SCOPE)),
    )
    return {k[2:]: int(v or 0) for k, v in agg.items()}


def unpublished_consultations(document: LegalDocument) -> list[Consultation]:
    """Draft consultations whose dispositions are not yet public."""
    return list(document.consultations.filter(phase=Consultation.Phase.DRAFT, dispositions_published_at__isnull=True))


def pending_comment_counts(document: LegalDocument) -> list[tuple[str, int]]:
    """(title, count) of the document's draft consultations that still have visible comments without a
    disposition."""
    rows = (
        Comment.objects.filter(
            consultation__document=document,
            consultation__phase=Consultation.Phase.DRAFT,
            hidden=False,
            disposition="",
        )
        .values("consultation_id", "consultation__title")
        .annotate(n=Count("pk"))
        .order_by("consultation_id")
    )
    return [(r["consultation__title"], int(r["n"])) for r in rows]


class ShortenedWindow(TypedDict):
    consultation: Consultation
    days: int
    minimum_days: int
    ground: str


def shortened_windows(user: UserLike) -> list[ShortenedWindow]:
    """Windows opened for less than the minimum period on a recorded legal ground, in the subtrees the user
    monitors, newest first. Prefetch: document, drafting body."""
    qs = (
        Consultation.objects.filter(monitored(user, "document__drafting_body"))
        .exclude(shortened_ground="")
        .select_related("document__drafting_body")
        .order_by("-opens_at", "-pk")
    )
    return [
        {
            "consultation": c,
            "days": window_days(c.opens_at, c.closes_at),
            "minimum_days": c.minimum_days or 0,
            "ground": c.shortened_ground,
        }
        for c in qs
    ]


def statements_with_tally(consultation: Consultation, *, include_hidden: bool = False) -> QuerySet[Statement]:
    """Statements put to the vote, each annotated with n_agree, n_disagree, n_pass and n_total."""
    qs = consultation.statements.all() if include_hidden else consultation.statements.filter(hidden=False)
    return qs.annotate(
        n_agree=Count("votes", filter=Q(votes__vote=StatementVote.Choice.AGREE)),
        n_disagree=Count("votes", filter=Q(votes__vote=StatementVote.Choice.DISAGREE)),
        n_pass=Count("votes", filter=Q(votes__vote=StatementVote.Choice.PASS)),
        n_total=Count("votes"),
    ).order_by("pk")


def votes_of(consultation: Consultation, voter: str) -> dict[int, int]:
    """One citizen's votes on the consultation's statements, by statement id."""
    if not voter:
        return {}
    return dict(
        StatementVote.objects.filter(statement__consultation=consultation, voter=voter).values_list(
            "statement_id", "vote"
        )
    )


ACTIVE = (AnalysisRun.Status.QUEUED, AnalysisRun.Status.RUNNING)


def latest_run(consultation: Consultation) -> AnalysisRun | None:
    """The newest finished run: the one screens and the report use."""
    return consultation.analyses.filter(status=AnalysisRun.Status.DONE).order_by("-finished_at", "-pk").first()


def active_run(consultation: Consultation) -> AnalysisRun | None:
    return consultation.analyses.filter(status__in=ACTIVE).order_by("-pk").first()


def group_members(run: AnalysisRun, kind: str, key: str) -> Q:
    """Filter on CommentAnalysis for one campaign (group key) or one theme (index as text)."""
    if kind == DecidedFor.CAMPAIGN:
        return Q(run=run, group_key=key)
    if kind == DecidedFor.THEME and key.isdigit():
        return Q(run=run, theme=int(key))
    raise DomainError("bad_group", _("Nhóm ý kiến không hợp lệ."), field="kind")


# -- the analysis screen ------------------------------------------------------------------------------------


def visible_analyses(run: AnalysisRun) -> QuerySet[CommentAnalysis]:
    """The run's rows for comments still visible (a comment hidden after the run drops out)."""
    return CommentAnalysis.objects.filter(run=run, comment__hidden=False)


def unanalysed_count(consultation: Consultation, run: AnalysisRun) -> int:
    """Visible comments the run has not seen (never negative: a comment hidden since simply drops out)."""
    return consultation.comments.filter(hidden=False).exclude(analyses__run=run).count()


def run_themes(run: AnalysisRun) -> list[dict[str, Any]]:
    return [dict(t, index=i) for i, t in enumerate(run.summary.get("themes", []))]


def campaigns(run: AnalysisRun, *, limit: int = 100) -> list[CampaignRow]:
    """Groups of copies, largest first: the representative's text, how many copies, how many already decided."""
    items = visible_analyses(run)
    decided = dict(
        items.filter(group_size__gt=1)
        .exclude(comment__disposition="")
        .values_list("group_key")
        .annotate(n=Count("pk"))
        .order_by()
    )
    reps = items.filter(is_representative=True, group_size__gt=1).select_related("comment")
    return [
        {
            "key": a.group_key,
            "size": a.group_size,
            "copies": a.group_size - 1,
            "text": a.comment.text,
            "stance_label": str(a.get_stance_display()),
            "decided": decided.get(a.group_key, 0),
        }
        for a in reps.order_by("-group_size", "pk")[:limit]
    ]


def attach_theme_samples(run: AnalysisRun, themes: list[dict[str, Any]], *, per_theme: int = 3) -> None:
    """Add to each theme the texts of its largest groups' representatives (``samples``)."""
    ranked = (
        visible_analyses(run)
        .filter(is_representative=True)
        .annotate(rank=Window(RowNumber(), partition_by=[F("theme")], order_by=[F("group_size").desc(), F("pk")]))
        .filter(rank__lte=per_theme)
        .values_list("theme", "comment__text")
    )
    samples: dict[int, list[str]] = {}
    for theme, text in ranked:
        samples.setdefault(theme, []).append(text)
    for t in themes:
        t["samples"] = samples.get(t["index"], [])


def comments_per_section(run: AnalysisRun, document: LegalDocument) -> list[SectionCount]:
    """How many visible comments the run maps to each section, most first.

    The sections sit in a JSON list per row; only that column is streamed and counted, the same way
    on SQLite and PostgreSQL.
    """
    counts: dict[str, int] = {}
    for secs in visible_analyses(run).exclude(sections=[]).values_list("sections", flat=True).iterator():
        for key, _score in secs:
            counts[key] = counts.get(key, 0) + 1
    headings = dict(document.sections.filter(key__in=list(counts)).values_list("key", "heading"))
    return [{"key": k, "heading": headings.get(k, k), "n": n} for k, n in sorted(counts.items(), key=lambda kv: -kv[1])]


def analysed_comments(
    run: AnalysisRun, *, stance: str = "", theme: int | None = None, group: str = "", text: str = "", section: str = ""
) -> QuerySet[CommentAnalysis]:
    """The run's visible rows filtered in the database, in comment order."""
    items = visible_analyses(run)
    if stance:
        items = items.filter(stance=stance)
    if theme is not None:
        items = items.filter(theme=theme)
    if group:
        items = items.filter(group_key=group)
    if text:
        items = items.filter(comment__text__icontains=text)
    if section:
        # ``sections`` is a JSON list of [key, score]; the key, JSON-quoted, matches whole keys only
        # (a text match on the stored JSON, which SQLite and PostgreSQL both support).
        items = items.filter(sections__icontains=json.dumps(section, ensure_ascii=False))
    return items.select_related("comment").order_by("comment_id")
