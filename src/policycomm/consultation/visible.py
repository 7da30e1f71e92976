"""Visible comments while the window is open (issue 13 §4), as on Have your say.

A consultation's ``comment_visibility`` says whether its comments show on the draft page before the
answers are published: ``hidden`` (never, the default), ``pre`` (once a moderator approved each one) or
``post`` (at once, moderated afterwards). Citizens may report a comment: one report per address per
comment (a unique constraint, not a check), rate-limited at the door; the third report puts it on hold
pending a moderator (Decidim's rule). The moderator approves, hides with a reason, or restores.

Only the submitter type (an organisation's name, as ``Comment.public_submitter``), the section, the text
and the date are ever shown: never a person's name, e-mail or receipt.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from policycomm.audit.services import audit_record
from policycomm.errors import DomainError
from policycomm.orgs.access import Actor, UserLike
from policycomm.textclean import clean_line

from .access import can_moderate_comment, can_set_comment_visibility, moderation_scope
from .models import Comment, CommentReport, Consultation

#: Reports that put a comment on hold pending a moderator.
HOLD_AFTER = 3
V = Consultation.Visibility


def shows_comments(c: Consultation) -> bool:
    """Whether the draft page lists comments while the window is open (before the answers are published)."""
    return c.comment_visibility != V.HIDDEN and c.dispositions_published_at is None


def visible_comments(c: Consultation) -> QuerySet[Comment]:
    """The comments shown on the draft page now: not hidden, not on hold, approved under pre-moderation.
    Prefetch: section. Only the public columns are loaded."""
    if not shows_comments(c):
        return Comment.objects.none()
    qs = c.comments.filter(hidden=False, held=False)
    if c.comment_visibility == V.PRE_MODERATED:
        qs = qs.filter(approved_at__isnull=False)
    return (
        qs.select_related("section")
        .only(
            "pk", "text", "submitter_type", "name", "organisation", "created_at", "section__heading", "consultation_id"
        )
        .order_by("-created_at", "-pk")
    )


def moderation_queue(user: UserLike) -> QuerySet[Comment]:
    """What waits for a moderator in the consultations the user may moderate: comments on hold after
    reports, and (pre-moderation) comments not yet approved. Prefetch: consultation, section."""
    waiting = Q(held=True) | Q(consultation__comment_visibility=V.PRE_MODERATED, approved_at__isnull=True)
    return (
        Comment.objects.filter(moderation_scope(user))
        .exclude(consultation__comment_visibility=V.HIDDEN)
        .filter(waiting, hidden=False, consultation__dispositions_published_at__isnull=True)
        .select_related("consultation", "section")
        .order_by("-held", "created_at", "pk")
    )


def reporter_key(address: str) -> str:
    """A keyed hash of the reporter's address: the constraint needs a key, the database needs no address."""
    return hmac.new(settings.SECRET_KEY.encode(), f"report:{address}".encode(), hashlib.sha256).hexdigest()


def comment_report(*, comment: Comment, address: str, reason: str) -> bool:
    """Record a citizen's report. Returns False when this address had already reported the comment (nothing
    changes); the third report puts the comment on hold pending a moderator."""
    reason = clean_line(reason)
    if not reason:
        raise DomainError("reason_required", _("Vui lòng nêu lý do báo cáo ý kiến này."), field="reason")
    if len(reason) > 300:
        raise DomainError("too_long", _("Lý do báo cáo dài quá 300 ký tự."), field="reason")
    if not shows_comments(comment.consultation) or comment.hidden:
        raise DomainError("not_visible", _("Ý kiến này không còn hiển thị công khai."), status=404)
    try:
        with transaction.atomic():
            CommentReport.objects.create(comment=comment, reporter=reporter_key(address), reason=reason)
            Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
            n = Comment.objects.values_list("report_count", flat=True).get(pk=comment.pk)
            if n >= HOLD_AFTER and not comment.held:
                Comment.objects.filter(pk=comment.pk).update(held=True)
                audit_record(
                    actor=None,
                    action="comment.held",
                    obj=comment,
                    organisation_id=comment.consultation.document.drafting_body_id,
                    after={"held": True, "reports": n},
                )
    except IntegrityError:
        return False
    return True


MODERATION_ACTIONS = ("approve", "hide", "restore")


def comment_moderate(*, actor: Actor, comment: Comment, action: str, reason: str = "") -> Comment:
    """A moderator's decision on a comment in the queue: approve it (shown; off hold), hide it with a reason
    (never deleted), or restore a hidden one (shown again, off hold, approved)."""
    if not can_moderate_comment(actor, comment):
        raise DomainError("forbidden", _("Bạn không có quyền kiểm duyệt ý kiến."), status=403)
    if action not in MODERATION_ACTIONS:
        raise DomainError("invalid", _("Thao tác kiểm duyệt không hợp lệ."), field="action")
    reason = clean_line(reason)
    if action == "hide" and not reason:
        raise DomainError("reason_required", _("Vui lòng nêu lý do ẩn ý kiến."), field="reason")
    if len(reason) > 300:
        raise DomainError("too_long", _("Lý do ẩn dài quá 300 ký tự."), field="reason")
    with transaction.atomic():
        comment = Comment.objects.select_for_update().select_related("consultation__document").get(pk=comment.pk)
        before = {"hidden": comment.hidden, "held": comment.held, "approved": comment.approved_at is not None}
        if action == "hide":
            comment.hidden, comment.hidden_reason, comment.held = True, reason, False
        else:
            comment.hidden, comment.hidden_reason, comment.held = False, "", False
            comment.approved_at = comment.approved_at or timezone.now()
        comment.save(update_fields=["hidden", "hidden_reason", "held", "approved_at"])
        audit_record(
            actor=actor,
            action=f"comment.{action}",
            obj=comment,
            organisation_id=comment.consultation.document.drafting_body_id,
            before=before,
            after={"hidden": comment.hidden, "held": comment.held, "approved": True if action != "hide" else None},
            note=reason,
        )
    return comment


def visibility_set(*, actor: Actor, consultation: Consultation, visibility: str) -> Consultation:
    """Staff choose whether the consultation's comments show while its window is open."""
    if not can_set_comment_visibility(actor, consultation):
        raise DomainError("forbidden", _("Bạn không có quyền đổi cách hiển thị ý kiến."), status=403)
    if visibility not in V.values:
        raise DomainError("invalid", _("Cách hiển thị ý kiến không hợp lệ."), field="comment_visibility")
    with transaction.atomic():
        before = consultation.comment_visibility
        Consultation.objects.filter(pk=consultation.pk).update(comment_visibility=visibility)
        consultation.comment_visibility = visibility
        audit_record(
            actor=actor,
            action="consultation.visibility",
            obj=consultation,
            organisation_id=consultation.document.drafting_body_id,
            before={"comment_visibility": before},
            after={"comment_visibility": visibility},
        )
    return consultation
