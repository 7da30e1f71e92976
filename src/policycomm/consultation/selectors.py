"""Reads for consultations: public lists and the officer's views."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from policycomm.communication.models import Material
from policycomm.lawmaking.models import LegalDocument, Section

from .models import Comment, Consultation, Statement, StatementVote


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
    return consultation.comments.filter(hidden=False).select_related("section").order_by("created_at", "pk")


def comments_for_processing(consultation: Consultation, *, disposition: str | None = None) -> QuerySet[Comment]:
    qs = consultation.comments.select_related("section").order_by("created_at", "pk")
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
